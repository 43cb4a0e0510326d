import type { Knex } from 'knex';
import { ScimError } from '../../src/scim/errors';
import { unknownUsers } from '../../src/stores/scim-groups';

/** Members must be users of the same directory; anything else is `invalidValue`, nothing written. */
export async function requireKnownUsers(trx: Knex.Transaction, directoryId: string, ids: string[]): Promise<void> {
  const unknown = await unknownUsers(trx, directoryId, ids);
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).join(', ');
    throw ScimError.badRequest('invalidValue', `Unknown member${unknown.length > 1 ? 's' : ''} ${shown}${unknown.length > 5 ? ', …' : ''}: members must be users of this directory`);
  }
}
