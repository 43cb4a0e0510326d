import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Database } from '../src/db/database';
import { decideFreeze } from '../src/domain/directory-lifecycle';
import { recordAudit } from '../src/stores/audit-log';
import { runChange } from '../src/stores/change-transaction';
import { findConnectWorkflowId, freezeDirectory as freezeDirectoryRow, lockDirectoryOfAccount } from '../src/stores/directories';
import { stopProvisioningSignal, type DirectoryFrozen } from '../workflows/contracts/disconnect-directory';
import { encodeFailures } from './failures';

export function createDisconnectActivities(db: Database) {
  /**
   * The freeze of rule 6, in one transaction: the directory row is locked exclusively, so it
   * waits for every apply transaction holding its share lock (the fence) and, once committed,
   * every later one sees `disconnected` and changes nothing. The token stops working with the
   * same commit. Disconnecting twice returns the first freeze.
   */
  async function freezeDirectory(input: { accountId: string; workflowId: string }): Promise<DirectoryFrozen> {
    return encodeFailures(() =>
      runChange(db, {}, async (tx) => {
        const directory = await lockDirectoryOfAccount(tx, input.accountId);
        const decision = decideFreeze(input.accountId, directory);
        if (decision.kind === 'already-frozen') {
          return { directoryId: directory!.id, frozenAt: decision.frozenAt.toISOString(), alreadyDisconnected: true };
        }
        const frozenAt = await freezeDirectoryRow(tx, directory!.id);
        await recordAudit(tx, {
          changeId: `${input.workflowId}:freeze`,
          accountId: input.accountId,
          directoryId: directory!.id,
          subjectType: 'directory',
          subjectId: directory!.id,
          action: 'disconnect',
          outcome: { frozenAt },
        });
        return { directoryId: directory!.id, frozenAt: frozenAt.toISOString(), alreadyDisconnected: false };
      }),
    );
  }

  /**
   * Tells every running workflow of the directory (users, groups, a connect still waiting) to
   * stop. They finish what is in flight (the fence refuses it) and end; state stays as it is.
   * A workflow started after this listing learns of the freeze from the fence and stops too.
   */
  async function stopDirectoryWorkflows(input: { directoryId: string }): Promise<{ users: number; groups: number; connect: number }> {
    const { client } = Context.current();
    const counts = { users: 0, groups: 0, connect: 0 };
    const query = `DsyncDirectoryId = '${input.directoryId}' AND ExecutionStatus = 'Running'`;
    for await (const execution of client.workflow.list({ query })) {
      await signalStop(client, execution.workflowId);
      if (execution.type === 'provisionUser') counts.users += 1;
      else if (execution.type === 'provisionGroup') counts.groups += 1;
      Context.current().heartbeat(counts);
    }
    const connectWorkflowId = await findConnectWorkflowId(db, input.directoryId);
    if (connectWorkflowId && (await signalStop(client, connectWorkflowId))) counts.connect = 1;
    return counts;
  }

  return { freezeDirectory, stopDirectoryWorkflows };
}

/** Signals a workflow to stop; one that already ended is fine. Returns whether it was running. */
async function signalStop(client: Context['client'], workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).signal(stopProvisioningSignal);
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}
