import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { AccountRow, DirectoryRow } from '../src/db/rows';
import { RequestRejected } from '../src/domain/request-rejected';
import type { ConnectDirectoryInput, PreparedDirectory } from '../workflows/contracts/connect-directory';
import { encodeFailures } from './failures';

export function createDirectoryActivities(db: Knex) {
  /**
   * Creates the account's directory, reconnects a disconnected one, or (with `rotate`) swaps
   * the token of a live one. Idempotent: a retry that finds its own token already in place
   * returns the same answer.
   */
  async function prepareDirectory(input: ConnectDirectoryInput & { workflowId: string }): Promise<PreparedDirectory> {
    return encodeFailures(() =>
      db.transaction(async (trx) => {
        const account = await trx<AccountRow>('accounts').where({ id: input.accountId }).forShare().first();
        if (!account) throw new RequestRejected(404, 'account_not_found', `No account ${input.accountId}`);
        const existing = await trx<DirectoryRow>('directories').where({ account_id: input.accountId }).forUpdate().first();
        const token = { token_id: input.tokenId, token_hash: input.tokenHash, token_issued_at: trx.fn.now() as never };

        if (!existing) {
          const id = randomUUID();
          await trx('directories').insert({
            id,
            account_id: input.accountId,
            provider: input.provider ?? null,
            status: 'pending',
            connect_workflow_id: input.workflowId,
            ...token,
          });
          return { directoryId: id, status: 'pending', rotated: false };
        }
        if (existing.token_id === input.tokenId) {
          return { directoryId: existing.id, status: existing.status as PreparedDirectory['status'], rotated: input.rotate };
        }
        if (existing.status === 'disconnected') {
          await trx('directories')
            .where({ id: existing.id })
            .update({ ...token, status: 'pending', provider: input.provider ?? existing.provider, connect_workflow_id: input.workflowId, connected_at: null, updated_at: trx.fn.now() });
          return { directoryId: existing.id, status: 'pending', rotated: false };
        }
        if (!input.rotate) {
          throw new RequestRejected(
            409,
            'directory_already_connected',
            `The account's directory is already ${existing.status}; ask to rotate its token or disconnect it first`,
          );
        }
        await trx('directories').where({ id: existing.id }).update({ ...token, updated_at: trx.fn.now() });
        return { directoryId: existing.id, status: existing.status, rotated: true };
      }),
    );
  }

  /** The IdP's first authenticated request arrived. Idempotent. */
  async function markDirectoryConnected(input: { directoryId: string }): Promise<void> {
    await db('directories')
      .where({ id: input.directoryId, status: 'pending' })
      .update({ status: 'connected', connected_at: db.fn.now(), updated_at: db.fn.now() });
  }

  return { prepareDirectory, markDirectoryConnected };
}
