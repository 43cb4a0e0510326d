import type { Database, Tx } from '../db/database';
import '../db/tables';

const TABLE = 'pending_role_resolutions';

export interface OutboxScope {
  changeId: string;
  accountId: string;
  directoryId: string;
}

/** Queues the listed users for role re-resolution (duplicates collapse). */
export async function enqueueUsers(tx: Tx, scope: OutboxScope, userIds: readonly string[]): Promise<void> {
  for (let i = 0; i < userIds.length; i += 5000) {
    const rows = userIds.slice(i, i + 5000).map((user_id) => ({
      change_id: scope.changeId,
      account_id: scope.accountId,
      directory_id: scope.directoryId,
      user_id,
    }));
    if (rows.length > 0) await tx(TABLE).insert(rows).onConflict(['change_id', 'user_id']).ignore();
  }
}

/** Queues every current member of a group, in SQL (the member list never comes into memory). */
export async function enqueueGroupMembers(tx: Tx, scope: OutboxScope, groupId: string): Promise<void> {
  await tx.raw(
    `insert into ${TABLE} (change_id, account_id, directory_id, user_id)
     select ?, ?, ?, user_id from group_memberships where group_id = ?
     on conflict (change_id, user_id) do nothing`,
    [scope.changeId, scope.accountId, scope.directoryId, groupId],
  );
}

/** Queues the members of an account's groups whose (lower-cased) names are listed. */
export async function enqueueMembersOfGroupsNamed(tx: Tx, changeId: string, accountId: string, lowerNames: string[]): Promise<void> {
  if (lowerNames.length === 0) return;
  await tx.raw(
    `insert into ${TABLE} (change_id, account_id, directory_id, user_id)
     select ?, d.account_id, g.directory_id, m.user_id
       from group_memberships m
       join scim_groups g on g.id = m.group_id
       join directories d on d.id = g.directory_id
      where d.account_id = ? and lower(g.display_name) = any(?)
     on conflict (change_id, user_id) do nothing`,
    [changeId, accountId, lowerNames],
  );
}

/**
 * Moves the resolutions still queued under the group's earlier changes to this change, so this
 * change's workflow step sends them. A change whose transaction committed while its update was
 * lost (a Temporal restart during the workflow task that ran it as a local activity) left rows
 * under a change id its workflow never learned; the IdP's retry, or the group's next change,
 * takes them over here. Moving rows of a propagation already under way is harmless: a user told
 * twice re-resolves to the same role.
 */
export async function adoptGroupResolutions(tx: Tx, groupId: string, changeId: string): Promise<void> {
  await tx.raw(
    // Driven by the outbox (drained, so small), matched to the group through each change's audit row.
    `with earlier as (
       delete from ${TABLE} p
        using audit_log a
        where a.change_id = p.change_id and a.subject_type = 'group' and a.subject_id = ? and p.change_id <> ?
        returning p.account_id, p.directory_id, p.user_id
     )
     insert into ${TABLE} (change_id, account_id, directory_id, user_id)
     select ?, account_id, directory_id, user_id from earlier
     on conflict (change_id, user_id) do nothing`,
    [groupId, changeId, changeId],
  );
}

export async function countQueued(db: Database | Tx, changeId: string): Promise<number> {
  const row = await db(TABLE).where({ change_id: changeId }).count<{ count: string }[]>({ count: '*' }).first();
  return Number(row?.count ?? 0);
}

export interface QueuedResolution {
  id: number;
  account_id: string;
  directory_id: string;
  user_id: string;
}

export async function nextBatch(db: Database, changeId: string, size: number): Promise<QueuedResolution[]> {
  return db(TABLE).where({ change_id: changeId }).orderBy('id').limit(size).select('id', 'account_id', 'directory_id', 'user_id');
}

export async function removeProcessed(db: Database, ids: number[]): Promise<void> {
  if (ids.length > 0) await db(TABLE).whereIn('id', ids).delete();
}

/** Users queued for role re-resolution across every directory (the outbox depth the metrics report). */
export async function countPending(db: Database): Promise<number> {
  const row = await db(TABLE).count<Array<{ count: number | string }>>({ count: '*' }).first();
  return Number(row?.count ?? 0);
}
