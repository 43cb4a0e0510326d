import type { Knex } from 'knex';
import type { ScimUserRow } from '../db/rows';
import type { Filter } from '../scim/filter/ast';
import { filterToSql } from '../scim/filter/to-sql';
import type { Page } from '../scim/list';
import type { StoredUser, UserAttributes } from '../scim/user';
import { resolveUserFilterAttribute } from '../scim/user-filter-attributes';

const TABLE = 'scim_users';

export function rowToStoredUser(row: ScimUserRow): StoredUser {
  return {
    id: row.id,
    attributes: row.attributes as UserAttributes,
    version: row.version,
    created: row.created_at.toISOString(),
    lastModified: row.updated_at.toISOString(),
  };
}

export async function findUser(db: Knex, directoryId: string, id: string): Promise<ScimUserRow | undefined> {
  return db<ScimUserRow>(TABLE).where({ directory_id: directoryId, id }).first();
}

/** Locks the user's row for the rest of the transaction (a change reads, computes, writes). */
export async function lockUser(trx: Knex.Transaction, directoryId: string, id: string): Promise<ScimUserRow | undefined> {
  return trx<ScimUserRow>(TABLE).where({ directory_id: directoryId, id }).forUpdate().first();
}

export interface UserListResult {
  totalResults: number;
  rows: ScimUserRow[];
}

/** Filtered on the database; a stable (created_at, id) order so paging never skips or repeats. */
export async function listUsers(db: Knex, directoryId: string, filter: Filter | undefined, page: Page): Promise<UserListResult> {
  const base = () => {
    const query = db<ScimUserRow>(TABLE).where({ directory_id: directoryId });
    if (filter) {
      const { sql, bindings } = filterToSql(filter, resolveUserFilterAttribute);
      query.whereRaw(sql, bindings);
    }
    return query;
  };
  const countRow = await base().count<{ count: number | string }[]>({ count: '*' }).first();
  const totalResults = Number(countRow?.count ?? 0);
  const rows =
    page.count === 0
      ? []
      : await base().orderBy([{ column: 'created_at' }, { column: 'id' }]).offset(page.startIndex - 1).limit(page.count);
  return { totalResults, rows };
}

/** The columns derived from the attributes, kept in step on every write. */
export interface UserColumns {
  user_name: string;
  external_id: string | null;
  active: boolean;
  display_name: string | null;
  email: string | null;
  attributes: UserAttributes;
}

export async function insertUser(
  trx: Knex.Transaction,
  row: UserColumns & { id: string; directory_id: string },
): Promise<ScimUserRow> {
  const [inserted] = await trx<ScimUserRow>(TABLE)
    .insert({ ...row, attributes: JSON.stringify(row.attributes) as never, version: 1 })
    .returning('*');
  return inserted!;
}

export async function updateUser(trx: Knex.Transaction, id: string, columns: UserColumns): Promise<ScimUserRow> {
  const [updated] = await trx<ScimUserRow>(TABLE)
    .where({ id })
    .update({
      ...columns,
      attributes: JSON.stringify(columns.attributes) as never,
      version: trx.raw('version + 1') as never,
      updated_at: trx.fn.now() as never,
    })
    .returning('*');
  return updated!;
}

export async function deleteUser(trx: Knex.Transaction, id: string): Promise<void> {
  await trx(TABLE).where({ id }).delete();
}

export async function countUsers(db: Knex, directoryId: string): Promise<number> {
  const row = await db(TABLE).where({ directory_id: directoryId }).count<{ count: number | string }[]>({ count: '*' }).first();
  return Number(row?.count ?? 0);
}

/** Display names of the groups the user belongs to (role resolution input). */
export async function groupNamesOfUser(db: Knex, userId: string): Promise<string[]> {
  const rows = await db('group_memberships as m')
    .join('scim_groups as g', 'g.id', 'm.group_id')
    .where('m.user_id', userId)
    .select<{ display_name: string }[]>('g.display_name');
  return rows.map((r) => r.display_name);
}
