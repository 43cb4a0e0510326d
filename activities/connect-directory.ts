import type { Database } from '../src/db/database';
import { decidePrepare } from '../src/domain/directory-lifecycle';
import { RequestRejected } from '../src/domain/request-rejected';
import { lockAccount } from '../src/stores/accounts';
import { runChange } from '../src/stores/change-transaction';
import { insertDirectory, lockDirectoryOfAccount, markConnected, reconnectDirectory, replaceToken } from '../src/stores/directories';
import type { ConnectDirectoryInput, PreparedDirectory } from '../workflows/contracts/connect-directory';
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
        switch (decision.kind) {
          case 'create': {
            const directoryId = await insertDirectory(tx, {
              accountId: input.accountId,
              provider: input.provider ?? null,
              connectWorkflowId: input.workflowId,
              token,
            });
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
            return { directoryId: existing!.id, status: 'pending', rotated: false };
          case 'rotate':
            await replaceToken(tx, existing!.id, token);
            return { directoryId: existing!.id, status: existing!.status as PreparedDirectory['status'], rotated: true };
        }
      }),
    );
  }

  /** The IdP's first authenticated request arrived. Idempotent. */
  async function markDirectoryConnected(input: { directoryId: string }): Promise<void> {
    await markConnected(db, input.directoryId);
  }

  return { prepareDirectory, markDirectoryConnected };
}
