import type { Database, Tx } from '../db/database';
import '../db/tables';
import { isUniqueViolation, type ScimGroupRow } from '../db/rows';
import { ScimError } from '../scim/errors';
import type { GroupAttributes, StoredGroup } from '../scim/group';
import { resolveGroupFilterAttribute } from './filter-sql/group-attributes';
import { filterFits } from './filter-sql/to-sql';
import type { Filter } from '../scim/filter/ast';
import type { ListQuery } from '../scim/list-query';
import { runListQuery, type ListResult } from './list-runner';
import { rowToStoredResource } from './stored-resource';

const TABLE = 'scim_groups';

export const rowToStoredGroup: (row: ScimGroupRow) => StoredGroup = rowToStoredResource;

export async function findGroup(db: Database, directoryId: string, id: string): Promise<ScimGroupRow | undefined> {
  return db(TABLE).where({ directory_id: directoryId, id }).first();
}

export async function lockGroup(tx: Tx, directoryId: string, id: string): Promise<ScimGroupRow | undefined> {
  return tx(TABLE).where({ directory_id: directoryId, id }).forUpdate().first();
}

/** A page of the directory's groups; on the API's pool a query past SCIM_READ_TIMEOUT_MS is 400 tooMany. */
export async function listGroups(
  db: Database,
  directoryId: string,
  query: Pick<ListQuery, 'filter' | 'sort' | 'page'>,
): Promise<ListResult<ScimGroupRow>> {
  return runListQuery(
    db,
    (reader) => reader<ScimGroupRow>(TABLE).select(`${TABLE}.*`).where({ directory_id: directoryId }),
    query,
    resolveGroupFilterAttribute,
  );
}

/** Whether a SCIM filter can apply to groups (root `.search` skips a type it cannot). */
export function filterFitsGroups(filter: Filter): boolean {
  return filterFits(filter, resolveGroupFilterAttribute);
}

export async function displayNameTaken(db: Database, directoryId: string, displayName: string, exceptId?: string): Promise<boolean> {
  const query = db(TABLE).where({ directory_id: directoryId }).whereRaw('lower(display_name) = lower(?)', [displayName]);
  if (exceptId) query.whereNot({ id: exceptId });
  return (await query.first('id')) !== undefined;
}

export async function countGroups(db: Database, directoryId: string): Promise<number> {
  const row = await db(TABLE).where({ directory_id: directoryId }).count<{ count: number | string }[]>({ count: '*' }).first();
  return Number(row?.count ?? 0);
}

export type GroupColumns = Pick<ScimGroupRow, 'display_name' | 'external_id' | 'attributes'>;

export async function insertGroup(tx: Tx, row: GroupColumns & { id: string; directory_id: string }): Promise<ScimGroupRow> {
  const [inserted] = await tx(TABLE)
    .insert({ ...row, attributes: JSON.stringify(row.attributes), version: 1 })
    .returning('*');
  return inserted!;
}

/** Writes new attributes (or only bumps the version, for a membership change) and returns the row. */
export async function updateGroup(tx: Tx, id: string, columns?: GroupColumns): Promise<ScimGroupRow> {
  const [updated] = await tx(TABLE)
    .where({ id })
    .update({
      ...(columns ? { ...columns, attributes: JSON.stringify(columns.attributes) } : {}),
      version: tx.raw('version + 1'),
      updated_at: tx.fn.now(),
    })
    .returning('*');
  return updated!;
}

export async function deleteGroup(tx: Tx, id: string): Promise<void> {
  await tx(TABLE).where({ id }).delete();
}

/** Writes a group (insert, or update; `attributes` undefined only bumps the version). A taken displayName is a SCIM 409. */
export async function saveGroup(
  tx: Tx,
  directoryId: string,
  id: string,
  exists: boolean,
  attributes: GroupAttributes | undefined,
): Promise<ScimGroupRow> {
  const columns: GroupColumns | undefined = attributes && {
    display_name: attributes.displayName,
    external_id: typeof attributes.externalId === 'string' ? attributes.externalId : null,
    attributes,
  };
  try {
    if (!exists) return await insertGroup(tx, { id, directory_id: directoryId, ...columns! });
    return await updateGroup(tx, id, columns);
  } catch (error) {
    if (isUniqueViolation(error)) throw ScimError.conflict(`A group named ${attributes?.displayName} already exists`);
    throw error;
  }
}
