import type { Database, Tx } from '../db/database';
import '../db/tables';
import type { Filter } from '../scim/filter/ast';
import type { GroupMember } from '../scim/group';
import { isResourceId } from '../scim/resource-id';
import { resolveMemberElementAttribute } from './filter-sql/group-attributes';
import { filterToSql } from './filter-sql/to-sql';

/** The `group_memberships` table: which users each group has. */
const MEMBERSHIPS = 'group_memberships';

/** Members of the given groups, in one indexed query; only called when `members` is returned. */
export async function membersOfGroups(db: Database, groupIds: string[]): Promise<Map<string, GroupMember[]>> {
  const result = new Map<string, GroupMember[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return result;
  const rows = await db(`${MEMBERSHIPS} as m`)
    .join('scim_users as u', 'u.id', 'm.user_id')
    .whereIn('m.group_id', groupIds)
    .orderBy([{ column: 'm.group_id' }, { column: 'u.created_at' }, { column: 'u.id' }])
    .select<{ group_id: string; id: string; display: string | null }[]>(
      'm.group_id',
      'u.id',
      db.raw('coalesce(u.display_name, u.user_name) as display'),
    );
  for (const row of rows) result.get(row.group_id)!.push({ id: row.id, display: row.display });
  return result;
}

/** The groups each user belongs to, for the read-only `groups` attribute, in one query per page. */
export async function groupsOfUsers(db: Database, userIds: string[]): Promise<Map<string, Array<{ id: string; displayName: string }>>> {
  const result = new Map<string, Array<{ id: string; displayName: string }>>();
  if (userIds.length === 0) return result;
  const rows = await db('group_memberships as m')
    .join('scim_groups as g', 'g.id', 'm.group_id')
    .whereIn('m.user_id', userIds)
    .orderBy('g.display_name')
    .select<{ user_id: string; id: string; display_name: string }[]>('m.user_id', 'g.id', 'g.display_name');
  for (const row of rows) {
    const list = result.get(row.user_id) ?? [];
    list.push({ id: row.id, displayName: row.display_name });
    result.set(row.user_id, list);
  }
  return result;
}

/** Display names of the groups the user belongs to (role resolution input). */
export async function groupNamesOfUser(db: Database, userId: string): Promise<string[]> {
  const rows = await db('group_memberships as m')
    .join('scim_groups as g', 'g.id', 'm.group_id')
    .where('m.user_id', userId)
    .select<{ display_name: string }[]>('g.display_name');
  return rows.map((r) => r.display_name);
}

/** Adds memberships; already-present ones are left as they are. Returns the user ids added. */
export async function addMembers(tx: Tx, groupId: string, userIds: string[]): Promise<string[]> {
  const added: string[] = [];
  for (let i = 0; i < userIds.length; i += 5000) {
    const rows = userIds.slice(i, i + 5000).map((user_id) => ({ group_id: groupId, user_id }));
    added.push(
      ...(await tx(MEMBERSHIPS).insert(rows).onConflict(['group_id', 'user_id']).ignore().returning('user_id')).map(
        (r: { user_id: string }) => r.user_id,
      ),
    );
  }
  return added;
}

/**
 * Removes the listed members (all of them when `userIds` is undefined). Returns the user ids
 * removed. An id that is not a UUID names no user: it removes nothing (and never reaches the
 * uuid column).
 */
export async function removeMembers(tx: Tx, groupId: string, userIds?: string[]): Promise<string[]> {
  const query = tx(MEMBERSHIPS).where({ group_id: groupId });
  if (userIds) {
    const candidates = userIds.filter(isResourceId);
    if (candidates.length === 0) return [];
    query.whereIn('user_id', candidates);
  }
  return (await query.delete().returning('user_id')).map((r: { user_id: string }) => r.user_id);
}

/** Removes the members a PATCH filter (`members[value eq "..."]`, `members[display co "x"]`, ...) selects. */
export async function removeMembersMatching(tx: Tx, groupId: string, filter: Filter): Promise<string[]> {
  const { sql, bindings } = filterToSql(filter, resolveMemberElementAttribute);
  const rows = await tx(`${MEMBERSHIPS} as gm`)
    .join('scim_users as mu', 'mu.id', 'gm.user_id')
    .where('gm.group_id', groupId)
    .whereRaw(sql, bindings)
    .pluck('gm.user_id');
  return removeMembers(tx, groupId, rows);
}

/** Makes the member set exactly `userIds`, touching only the difference. */
export async function replaceMembers(tx: Tx, groupId: string, userIds: string[]): Promise<{ added: string[]; removed: string[] }> {
  const wanted = new Set(userIds);
  const current: string[] = await tx(MEMBERSHIPS).where({ group_id: groupId }).pluck('user_id');
  const removed = await removeMembers(
    tx,
    groupId,
    current.filter((id) => !wanted.has(id)),
  );
  const present = new Set(current);
  const added = await addMembers(
    tx,
    groupId,
    userIds.filter((id) => !present.has(id)),
  );
  return { added, removed };
}
