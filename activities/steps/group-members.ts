import type { Tx } from '../../src/db/database';
import { splitMembers } from '../../src/domain/group-change';
import { unknownUserIds } from '../../src/stores/scim-users';

/**
 * Members must be users of the same directory: the ids that are not (or are not UUIDs) are
 * returned apart as `skipped` and never written; the `known` ones apply.
 */
export async function knownUsers(tx: Tx, directoryId: string, ids: string[]): Promise<{ known: string[]; skipped: string[] }> {
  return splitMembers(ids, await unknownUserIds(tx, directoryId, ids));
}
