import type { Database, Tx } from '../db/database';
import '../db/tables';
import { isUniqueViolation, type ScimUserRow } from '../db/rows';
import type { ListQuery } from '../scim/list-query';
import { ScimError } from '../scim/errors';
import { isResourceId } from '../scim/resource-id';
import { primaryEmail, type StoredUser, type UserAttributes } from '../scim/user';
import { filterFits } from './filter-sql/to-sql';
import { resolveUserFilterAttribute } from './filter-sql/user-attributes';
import type { Filter } from '../scim/filter/ast';
import { runListQuery, type ListResult } from './list-runner';
import { rowToStoredResource } from './stored-resource';

const TABLE = 'scim_users';

export const rowToStoredUser: (row: ScimUserRow) => StoredUser = rowToStoredResource;

/** A group a user belongs to, as the read-only `groups` attribute shows it. */
export interface GroupRef {
  id: string;
  displayName: string;
}

/** A user as reads load it: with its groups when they are returned (`withGroups`). */
export type ListedUser = ScimUserRow & { member_of?: GroupRef[] };

/**
 * The user's groups as a correlated subquery on the same row: a lookup that returns `groups`
 * (Okta's and Entra's do) stays one statement.
 */
function columns(reader: Database, withGroups: boolean) {
  if (!withGroups) return reader.raw(`${TABLE}.*`);
  return reader.raw(
    `${TABLE}.*, (select coalesce(json_agg(json_build_object('id', ug.id, 'displayName', ug.display_name) order by ug.display_name), '[]'::json)
                    from group_memberships ugm join scim_groups ug on ug.id = ugm.group_id
                   where ugm.user_id = ${TABLE}.id) as member_of`,
  );
}

export async function findUser(
  db: Database,
  directoryId: string,
  id: string,
  options: { withGroups?: boolean } = {},
): Promise<ListedUser | undefined> {
  return db<ListedUser>(TABLE)
    .select<ListedUser[]>(columns(db, options.withGroups ?? false))
    .where({ directory_id: directoryId, id })
    .first();
}

/** Locks the user's row for the rest of the transaction (a change reads, computes, writes). */
export async function lockUser(tx: Tx, directoryId: string, id: string): Promise<ScimUserRow | undefined> {
  return tx(TABLE).where({ directory_id: directoryId, id }).forUpdate().first();
}

/** A page of the directory's users; on the API's pool a query past SCIM_READ_TIMEOUT_MS is 400 tooMany. */
export async function listUsers(
  db: Database,
  directoryId: string,
  query: Pick<ListQuery, 'filter' | 'sort' | 'page'>,
  options: { withGroups?: boolean } = {},
): Promise<ListResult<ListedUser>> {
  return runListQuery(
    db,
    (reader) =>
      reader<ListedUser>(TABLE)
        .select(columns(reader, options.withGroups ?? false))
        .where({ directory_id: directoryId }),
    query,
    resolveUserFilterAttribute,
  );
}

/** Whether a SCIM filter can apply to users (root `.search` skips a type it cannot). */
export function filterFitsUsers(filter: Filter): boolean {
  return filterFits(filter, resolveUserFilterAttribute);
}

export async function userNameTaken(db: Database, directoryId: string, userName: string): Promise<boolean> {
  const row = await db(TABLE).where({ directory_id: directoryId }).whereRaw('lower(user_name) = lower(?)', [userName]).first('id');
  return row !== undefined;
}

/** The columns derived from the attributes, kept in step on every write (see `userColumns`). */
export type UserColumns = Pick<ScimUserRow, 'user_name' | 'external_id' | 'active' | 'display_name' | 'email' | 'attributes'>;

export async function insertUser(tx: Tx, row: UserColumns & { id: string; directory_id: string }): Promise<ScimUserRow> {
  const [inserted] = await tx(TABLE)
    .insert({ ...row, attributes: JSON.stringify(row.attributes), version: 1 })
    .returning('*');
  return inserted!;
}

export async function updateUser(tx: Tx, id: string, columns: UserColumns): Promise<ScimUserRow> {
  const [updated] = await tx(TABLE)
    .where({ id })
    .update({
      ...columns,
      attributes: JSON.stringify(columns.attributes),
      version: tx.raw('version + 1'),
      updated_at: tx.fn.now(),
    })
    .returning('*');
  return updated!;
}

export async function deleteUser(tx: Tx, id: string): Promise<void> {
  await tx(TABLE).where({ id }).delete();
}

export async function countUsers(db: Database, directoryId: string): Promise<number> {
  const row = await db(TABLE).where({ directory_id: directoryId }).count<{ count: number | string }[]>({ count: '*' }).first();
  return Number(row?.count ?? 0);
}

/**
 * docs/product-rules.md rule 2: the directory's SCIM users waiting for an email, i.e. with no
 * email and no member linked to them. (A linked user that lost its email keeps its member and is
 * not waiting.) `scim_users_no_email_idx` holds exactly the users with no email; the link is
 * checked through `members_scim_user_uq`.
 */
function usersWaitingForEmail(db: Database, directoryId: string) {
  return db(TABLE)
    .where({ directory_id: directoryId })
    .whereNull('email')
    .whereNotExists((linked) => linked.select(db.raw('1')).from('members').whereRaw('members.scim_user_id = scim_users.id'));
}

export async function countUsersWaitingForEmail(db: Database, directoryId: string): Promise<number> {
  const row = await usersWaitingForEmail(db, directoryId).count<{ count: number | string }[]>({ count: '*' }).first();
  return Number(row?.count ?? 0);
}

export type UserWaitingForEmail = Pick<ScimUserRow, 'id' | 'user_name' | 'external_id' | 'display_name' | 'active' | 'created_at'>;

/** A page of the users waiting for an email, oldest first (a stable order: offsets never skip or repeat). */
export async function listUsersWaitingForEmail(
  db: Database,
  directoryId: string,
  page: { offset: number; limit: number },
): Promise<UserWaitingForEmail[]> {
  return usersWaitingForEmail(db, directoryId)
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .offset(page.offset)
    .limit(page.limit)
    .select('id', 'user_name', 'external_id', 'display_name', 'active', 'created_at');
}

/** The indexed columns a user's attributes give: lookups by userName, externalId and email use them. */
export function userColumns(attributes: UserAttributes): UserColumns {
  return {
    user_name: attributes.userName,
    external_id: typeof attributes.externalId === 'string' ? attributes.externalId : null,
    active: attributes.active,
    display_name: typeof attributes.displayName === 'string' ? attributes.displayName : null,
    email: primaryEmail(attributes) ?? null,
    attributes,
  };
}

/** Ids among `userIds` that are not users of the directory (group members must be). */
export async function unknownUserIds(tx: Tx, directoryId: string, userIds: string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const candidates = userIds.filter(isResourceId);
  const found = new Set<string>();
  for (let i = 0; i < candidates.length; i += 5000) {
    const rows = await tx(TABLE)
      .where({ directory_id: directoryId })
      .whereIn('id', candidates.slice(i, i + 5000))
      .pluck('id');
    for (const id of rows) found.add(id);
  }
  return userIds.filter((id) => !found.has(id));
}

/**
 * Writes a user's attributes (insert or update) and returns the row; a taken userName or
 * externalId (unique indexes decide races) is a SCIM 409.
 */
export async function saveUser(tx: Tx, directoryId: string, id: string, exists: boolean, attributes: UserAttributes): Promise<ScimUserRow> {
  const columns = userColumns(attributes);
  try {
    return exists ? await updateUser(tx, id, columns) : await insertUser(tx, { id, directory_id: directoryId, ...columns });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const what = error.constraint === 'scim_users_external_id_uq' ? 'externalId' : 'userName';
      throw ScimError.conflict(`A user with this ${what} already exists`);
    }
    throw error;
  }
}
