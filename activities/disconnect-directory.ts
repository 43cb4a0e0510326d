import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Knex } from 'knex';
import type { DirectoryRow } from '../src/db/rows';
import { RequestRejected } from '../src/domain/request-rejected';
import { recordAudit } from '../src/stores/audit-log';
import { stopProvisioningSignal, type DirectoryFrozen } from '../workflows/contracts/disconnect-directory';
import { encodeFailures } from './failures';

export function createDisconnectActivities(db: Knex) {
  /**
   * The freeze of DESIGN.md rule 6, in one transaction: the directory row is locked exclusively,
   * so it waits for every apply transaction holding its share lock (the fence) and, once
   * committed, every later one sees `disconnected` and changes nothing. The token stops working
   * with the same commit. Disconnecting twice returns the first freeze.
   */
  async function freezeDirectory(input: { accountId: string; workflowId: string }): Promise<DirectoryFrozen> {
    return encodeFailures(() =>
      db.transaction(async (trx) => {
        const directory = await trx<DirectoryRow>('directories').where({ account_id: input.accountId }).forUpdate().first();
        if (!directory) throw new RequestRejected(404, 'directory_not_found', `Account ${input.accountId} has no directory`);
        if (directory.status === 'disconnected') {
          return { directoryId: directory.id, frozenAt: directory.frozen_at!.toISOString(), alreadyDisconnected: true };
        }
        const [frozen] = await trx<DirectoryRow>('directories')
          .where({ id: directory.id })
          .update({ status: 'disconnected', frozen_at: trx.fn.now() as never, updated_at: trx.fn.now() as never })
          .returning('*');
        await recordAudit(trx, {
          changeId: `${input.workflowId}:freeze`,
          accountId: input.accountId,
          directoryId: directory.id,
          subjectType: 'directory',
          subjectId: directory.id,
          action: 'disconnect',
          outcome: { frozenAt: frozen!.frozen_at },
        });
        return { directoryId: directory.id, frozenAt: frozen!.frozen_at!.toISOString(), alreadyDisconnected: false };
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
    const directory = await db<DirectoryRow>('directories').where({ id: input.directoryId }).first('connect_workflow_id');
    if (directory?.connect_workflow_id && (await signalStop(client, directory.connect_workflow_id))) counts.connect = 1;
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
