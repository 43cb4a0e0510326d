import type { Knex } from 'knex';
import type { ScimGroupRow } from '../db/rows';
import type { Filter } from '../scim/filter/ast';
import { filterToSql } from './filter-sql/to-sql';
import type { GroupAttributes, GroupMember, StoredGroup } from '../scim/group';
import { isResourceId } from '../scim/resource-id';
import { resolveGroupFilterAttribute, resolveMemberElementAttribute } from './filter-sql/group-attributes';
import type { ListQuery } from '../scim/list-query';
import { runListQuery, type ListResult } from './list-runner';

const TABLE = 'scim_groups';
const MEMBERSHIPS = 'group_memberships';

export function rowToStoredGroup(row: ScimGroupRow): StoredGroup {
  return {
    id: row.id,
    attributes: row.attributes as GroupAttributes,
    version: row.version,
    created: row.created_at.toISOString(),
    lastModified: row.updated_at.toISOString(),
  };
}

export async function findGroup(db: Knex, directoryId: string, id: string): Promise<ScimGroupRow | undefined> {
  return db<ScimGroupRow>(TABLE).where({ directory_id: directoryId, id }).first();
}

export async function lockGroup(trx: Knex.Transaction, directoryId: string, id: string): Promise<ScimGroupRow | undefined> {
  return trx<ScimGroupRow>(TABLE).where({ directory_id: directoryId, id }).forUpdate().first();
}

/** A page of the directory's groups; the queries are cancelled after `readTimeoutMs` (400 tooMany). */
export async function listGroups(
  db: Knex,
  directoryId: string,
  query: Pick<ListQuery, 'filter' | 'sort' | 'page'>,
  readTimeoutMs: number,
): Promise<ListResult<ScimGroupRow>> {
  return runListQuery(db, (reader) => reader<ScimGroupRow>(TABLE).where({ directory_id: directoryId }), query, resolveGroupFilterAttribute, readTimeoutMs);
}

export async function displayNameTaken(db: Knex, directoryId: string, displayName: string, exceptId?: string): Promise<boolean> {
  const query = db(TABLE).where({ directory_id: directoryId }).whereRaw('lower(display_name) = lower(?)', [displayName]);
  if (exceptId) query.whereNot({ id: exceptId });
  return (await query.first('id')) !== undefined;
}

export async function countGroups(db: Knex, directoryId: string): Promise<number> {
  const row = await db(TABLE).where({ directory_id: directoryId }).count<{ count: number | string }[]>({ count: '*' }).first();
  return Number(row?.count ?? 0);
}

/** Members of the given groups, in one indexed query; only called when `members` is returned. */
export async function membersOfGroups(db: Knex, groupIds: string[]): Promise<Map<string, GroupMember[]>> {
  const result = new Map<string, GroupMember[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return result;
  const rows = await db(`${MEMBERSHIPS} as m`)
    .join('scim_users as u', 'u.id', 'm.user_id')
    .whereIn('m.group_id', groupIds)
    .orderBy([{ column: 'm.group_id' }, { column: 'u.created_at' }, { column: 'u.id' }])
    .select<{ group_id: string; id: string; display: string | null }[]>('m.group_id', 'u.id', db.raw('coalesce(u.display_name, u.user_name) as display'));
  for (const row of rows) result.get(row.group_id)!.push({ id: row.id, display: row.display });
  return result;
}

export interface GroupColumns {
  display_name: string;
  external_id: string | null;
  attributes: GroupAttributes;
}

export async function insertGroup(trx: Knex.Transaction, row: GroupColumns & { id: string; directory_id: string }): Promise<ScimGroupRow> {
  const [inserted] = await trx<ScimGroupRow>(TABLE).insert({ ...row, attributes: JSON.stringify(row.attributes) as never, version: 1 }).returning('*');
  return inserted!;
}

/** Writes new attributes (or only bumps the version, for a membership change) and returns the row. */
export async function updateGroup(trx: Knex.Transaction, id: string, columns?: GroupColumns): Promise<ScimGroupRow> {
  const [updated] = await trx<ScimGroupRow>(TABLE)
    .where({ id })
    .update({
      ...(columns ? { ...columns, attributes: JSON.stringify(columns.attributes) as never } : {}),
      version: trx.raw('version + 1') as never,
      updated_at: trx.fn.now() as never,
    })
    .returning('*');
  return updated!;
}

export async function deleteGroup(trx: Knex.Transaction, id: string): Promise<void> {
  await trx(TABLE).where({ id }).delete();
}

/** Ids among `userIds` that are not users of the directory (members must be). */
export async function unknownUsers(trx: Knex.Transaction, directoryId: string, userIds: string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const candidates = userIds.filter(isResourceId);
  const found = new Set<string>();
  for (let i = 0; i < candidates.length; i += 5000) {
    const rows = await trx('scim_users').where({ directory_id: directoryId }).whereIn('id', candidates.slice(i, i + 5000)).pluck('id');
    for (const id of rows) found.add(id);
  }
  return userIds.filter((id) => !found.has(id));
}

/** Adds memberships; already-present ones are left as they are. Returns the user ids added. */
export async function addMembers(trx: Knex.Transaction, groupId: string, userIds: string[]): Promise<string[]> {
  const added: string[] = [];
  for (let i = 0; i < userIds.length; i += 5000) {
    const rows = userIds.slice(i, i + 5000).map((user_id) => ({ group_id: groupId, user_id }));
    added.push(...(await trx(MEMBERSHIPS).insert(rows).onConflict(['group_id', 'user_id']).ignore().returning('user_id')).map((r: { user_id: string }) => r.user_id));
  }
  return added;
}

/** Removes the listed members (all of them when `userIds` is undefined). Returns the user ids removed. */
export async function removeMembers(trx: Knex.Transaction, groupId: string, userIds?: string[]): Promise<string[]> {
  const query = trx(MEMBERSHIPS).where({ group_id: groupId });
  if (userIds) {
    if (userIds.length === 0) return [];
    query.whereIn('user_id', userIds);
  }
  return (await query.delete().returning('user_id')).map((r: { user_id: string }) => r.user_id);
}

/** Removes the members a PATCH filter (`members[value eq "..."]`, `members[display co "x"]`, ...) selects. */
export async function removeMembersMatching(trx: Knex.Transaction, groupId: string, filter: Filter): Promise<string[]> {
  const { sql, bindings } = filterToSql(filter, resolveMemberElementAttribute);
  const rows = await trx(`${MEMBERSHIPS} as gm`)
    .join('scim_users as mu', 'mu.id', 'gm.user_id')
    .where('gm.group_id', groupId)
    .whereRaw(sql, bindings)
    .pluck('gm.user_id');
  return removeMembers(trx, groupId, rows);
}

/** Makes the member set exactly `userIds`, touching only the difference. */
export async function replaceMembers(trx: Knex.Transaction, groupId: string, userIds: string[]): Promise<{ added: string[]; removed: string[] }> {
  const wanted = new Set(userIds);
  const current: string[] = await trx(MEMBERSHIPS).where({ group_id: groupId }).pluck('user_id');
  const removed = await removeMembers(trx, groupId, current.filter((id) => !wanted.has(id)));
  const present = new Set(current);
  const added = await addMembers(trx, groupId, userIds.filter((id) => !present.has(id)));
  return { added, removed };
}
