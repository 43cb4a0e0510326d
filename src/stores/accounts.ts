import type { Database, Tx } from '../db/database';
import type { AccountRow } from '../db/rows';
import '../db/tables';

const TABLE = 'accounts';

export async function findAccount(db: Database | Tx, id: string): Promise<AccountRow | undefined> {
  return db(TABLE).where({ id }).first();
}

/** Returns undefined when the id is taken. */
export async function insertAccount(db: Database, account: Pick<AccountRow, 'id' | 'name'>): Promise<AccountRow | undefined> {
  // The API's pool is read-only by default (src/bootstrap/database.ts); this is its one write.
  return db.transaction(async (tx) => {
    await tx.raw('set transaction read write');
    const [row] = await tx(TABLE).insert(account).onConflict('id').ignore().returning('*');
    return row;
  });
}

/**
 * Locks the account row; false when there is no such account. `update` serialises what changes
 * the account's owners or mappings; `share` lets group changes run together while keeping a
 * mapping change (which takes it exclusively) out.
 */
export async function lockAccount(tx: Tx, id: string, mode: 'share' | 'update'): Promise<boolean> {
  const query = tx(TABLE).where({ id });
  const row = await (mode === 'share' ? query.forShare() : query.forUpdate()).first('id');
  return row !== undefined;
}

/** An account as the console's list shows it: its directory's state and counts. */
export interface AccountOverviewRow {
  id: string;
  name: string;
  directory_id: string | null;
  status: string | null;
  provider: string | null;
  users: number;
  groups: number;
  last_sync_at: Date | null;
  held: number;
  waiting_for_email: number;
}

/**
 * A page of accounts in id order after `afterId`, optionally those whose id starts with `search`
 * or that have a member whose email starts with it (both prefix searches use an index). The
 * counts are computed for the page's accounts only.
 */
export async function listAccountsOverview(
  db: Database,
  options: { afterId?: string; search?: string; limit: number },
): Promise<AccountOverviewRow[]> {
  const search = options.search?.toLowerCase();
  const like = search === undefined ? undefined : `${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows } = await db.raw<{ rows: AccountOverviewRow[] }>(
    `select a.id, a.name, d.id as directory_id, d.status, d.provider,
            (select count(*)::int from scim_users u where u.directory_id = d.id) as users,
            (select count(*)::int from scim_groups g where g.directory_id = d.id) as groups,
            (select max(l.created_at) from audit_log l where l.directory_id = d.id and l.subject_type in ('user', 'group')) as last_sync_at,
            (select count(*)::int from members m where m.account_id = a.id and m.held_at is not null) as held,
            (select count(*)::int from scim_users u where u.directory_id = d.id and u.email is null) as waiting_for_email
       from accounts a left join directories d on d.account_id = a.id
      where a.id > ?
        and (?::text is null
             or a.id like ?
             or exists (select 1 from members m where m.account_id = a.id and lower(m.email) like ?))
      order by a.id
      limit ?`,
    [options.afterId ?? '', like ?? null, like ?? null, like ?? null, options.limit],
  );
  return rows;
}
