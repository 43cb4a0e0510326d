import type { Database } from '../db/database';
import { lastSyncAt } from '../stores/audit-log';
import { findDirectoryByAccount } from '../stores/directories';
import { heldMembers } from '../stores/members';
import { countGroups } from '../stores/scim-groups';
import { countUsers, countUsersWaitingForEmail } from '../stores/scim-users';

/** docs/product-rules.md rule 7: a directory's status, as the admin API, the console and setup links show it. */
export interface DirectoryStatusView {
  directoryId: string;
  status: 'pending' | 'connected' | 'disconnected';
  provider: string | null;
  connectedAt: string | null;
  frozenAt: string | null;
  lastSyncAt: string | null;
  users: number;
  groups: number;
  usersWaitingForEmail: number;
  warnings: string[];
}

/** The account's directory status; undefined when it has none. */
export async function directoryStatus(db: Database, accountId: string): Promise<DirectoryStatusView | undefined> {
  const directory = await findDirectoryByAccount(db, accountId);
  if (!directory) return undefined;
  const [users, groups, lastSync, waitingForEmail, held] = await Promise.all([
    countUsers(db, directory.id),
    countGroups(db, directory.id),
    lastSyncAt(db, directory.id),
    countUsersWaitingForEmail(db, directory.id),
    heldMembers(db, accountId),
  ]);
  return {
    directoryId: directory.id,
    status: directory.status,
    provider: directory.provider,
    connectedAt: directory.connected_at?.toISOString() ?? null,
    frozenAt: directory.frozen_at?.toISOString() ?? null,
    lastSyncAt: lastSync ? new Date(lastSync).toISOString() : null,
    users,
    groups,
    usersWaitingForEmail: waitingForEmail,
    warnings: [
      ...held.map(
        (m) =>
          `${m.email} is kept as an active owner: the identity provider would ${m.held_active === false ? 'deactivate' : `demote (to ${m.held_role})`} the account's last active owner. It applies once another active owner exists.`,
      ),
      ...(waitingForEmail > 0
        ? [
            `${waitingForEmail} SCIM user${waitingForEmail === 1 ? ' has' : 's have'} no email: kept, but linked to no member and given no access until the identity provider sends an email (npm run support -- waiting-for-email ${accountId}).`,
          ]
        : []),
    ],
  };
}
