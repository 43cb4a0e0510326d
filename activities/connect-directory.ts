import type { Database } from '../src/db/database';
import { recordAudit } from '../src/stores/audit-log';
import { decidePrepare } from '../src/domain/directory-lifecycle';
import { RequestRejected } from '../src/domain/request-rejected';
import { lockAccount } from '../src/stores/accounts';
import { runChange } from '../src/stores/change-transaction';
import { insertDirectory, lockDirectoryOfAccount, markConnected, reconnectDirectory, replaceToken } from '../src/stores/directories';
import type { ConnectDirectoryInput, PreparedDirectory } from '../workflows/contracts/connect-directory';
import { currentWorkflowId } from './current-workflow';
import { encodeFailures } from './failures';

export function createDirectoryActivities(db: Database) {
  /**
   * Creates the account's directory, reconnects a disconnected one, or (with `rotate`) swaps
   * the token of a live one. Idempotent: a retry that finds its own token already in place
   * returns the same answer.
   */
  async function prepareDirectory(input: ConnectDirectoryInput & { workflowId: string }): Promise<PreparedDirectory> {
    return encodeFailures(() =>
      runChange(db, {}, async (tx) => {
        if (!(await lockAccount(tx, input.accountId, 'share')))
          throw new RequestRejected(404, 'account_not_found', `No account ${input.accountId}`);
        const existing = await lockDirectoryOfAccount(tx, input.accountId);
        const token = { tokenId: input.tokenId, tokenHash: input.tokenHash };
        const decision = decidePrepare(existing, input);
        // The events feed's "directory connected by support" and "token rotated", in the same
        // transaction; 'unchanged' (a retry finding its own token) records nothing twice.
        const audit = (directoryId: string, action: 'connect' | 'rotate-token') =>
          recordAudit(tx, {
            changeId: `${input.workflowId}:prepare`,
            accountId: input.accountId,
            directoryId,
            subjectType: 'directory',
            subjectId: directoryId,
            action,
            details: { workflowId: input.workflowId, provider: input.provider ?? existing?.provider ?? null },
            outcome: {},
          });
        switch (decision.kind) {
          case 'create': {
            const directoryId = await insertDirectory(tx, {
              accountId: input.accountId,
              provider: input.provider ?? null,
              connectWorkflowId: input.workflowId,
              token,
            });
            await audit(directoryId, 'connect');
            return { directoryId, status: 'pending', rotated: false };
          }
          case 'unchanged':
            return { directoryId: existing!.id, status: existing!.status as PreparedDirectory['status'], rotated: input.rotate };
          case 'reconnect':
            await reconnectDirectory(tx, existing!.id, {
              provider: input.provider ?? existing!.provider,
              connectWorkflowId: input.workflowId,
              token,
            });
            await audit(existing!.id, 'connect');
            return { directoryId: existing!.id, status: 'pending', rotated: false };
          case 'rotate':
            await replaceToken(tx, existing!.id, token);
            await audit(existing!.id, 'rotate-token');
            return { directoryId: existing!.id, status: existing!.status as PreparedDirectory['status'], rotated: true };
        }
      }),
    );
  }

  /**
   * The IdP's first authenticated request arrived. Idempotent: only the call that moves the
   * directory from pending records the event.
   */
  async function markDirectoryConnected(input: { directoryId: string }): Promise<void> {
    const workflowId = currentWorkflowId();
    await db.transaction(async (tx) => {
      const accountId = await markConnected(tx, input.directoryId);
      if (accountId === undefined) return;
      await recordAudit(tx, {
        changeId: `${workflowId ?? input.directoryId}:connected`,
        accountId,
        directoryId: input.directoryId,
        subjectType: 'directory',
        subjectId: input.directoryId,
        action: 'connected',
        details: workflowId ? { workflowId } : {},
        outcome: {},
      });
    });
  }

  return { prepareDirectory, markDirectoryConnected };
}
