import type { Tx } from '../../src/db/database';
import { refuseUnknownMembers } from '../../src/domain/group-change';
import { unknownUserIds } from '../../src/stores/scim-users';

/** Members must be users of the same directory; anything else refuses the change, nothing written. */
export async function requireKnownUsers(tx: Tx, directoryId: string, ids: string[]): Promise<string[]> {
  refuseUnknownMembers(await unknownUserIds(tx, directoryId, ids));
  return ids;
}
