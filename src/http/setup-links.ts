import type { Database } from '../db/database';
import type { SetupLinkRow } from '../db/rows';
import { isLive } from '../domain/directory-lifecycle';
import { RequestRejected } from '../domain/request-rejected';
import { issueSetupLink, parseSetupLink, setupLinkState, SETUP_LINK_HOURS, type SetupLinkState } from '../domain/setup-link';
import { findDirectoryByAccount } from '../stores/directories';
import { findSetupLink, insertSetupLink, listSetupLinks, revokeSetupLink } from '../stores/setup-links';

/** A setup link as support sees it (never its secret, which is shown once at creation). */
export interface SetupLinkView {
  id: string;
  directoryId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  state: 'usable' | 'expired' | 'revoked';
}

export function rowToSetupLinkView(row: SetupLinkRow, now = new Date()): SetupLinkView {
  return {
    id: row.id,
    directoryId: row.directory_id,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    state: row.revoked_at ? 'revoked' : row.expires_at <= now ? 'expired' : 'usable',
  };
}

/**
 * Creates a link for the account's live directory (pending or connected): the customer's IT admin
 * sets up that directory with it and nothing else. The URL (with its secret) is returned once.
 */
export async function createSetupLink(
  db: Database,
  accountId: string,
  hours: number,
  serviceBaseUrl: string,
): Promise<SetupLinkView & { url: string }> {
  const directory = await findDirectoryByAccount(db, accountId);
  if (!directory || !isLive(directory)) {
    throw new RequestRejected(
      409,
      'not_connected',
      `Account ${accountId} has no connected directory; connect it first, then create the link`,
    );
  }
  const issued = issueSetupLink();
  const row = await insertSetupLink(db, {
    id: issued.linkId,
    secret_hash: issued.secretHash,
    account_id: accountId,
    directory_id: directory.id,
    expires_at: new Date(Date.now() + hours * 3_600_000),
  });
  return { ...rowToSetupLinkView(row), url: `${serviceBaseUrl}/setup/${issued.secretPath}` };
}

export async function setupLinksOf(db: Database, accountId: string): Promise<SetupLinkView[]> {
  return (await listSetupLinks(db, accountId)).map((row) => rowToSetupLinkView(row));
}

export async function revokeLink(db: Database, accountId: string, linkId: string): Promise<SetupLinkView> {
  const row = /^[0-9a-f]{24}$/.test(linkId) ? await revokeSetupLink(db, accountId, linkId) : undefined;
  if (!row) throw new RequestRejected(404, 'setup_link_not_found', `Account ${accountId} has no setup link ${linkId}`);
  return rowToSetupLinkView(row);
}

/** What a link in a request opens: its row when usable, else why not (unknown, expired, revoked). */
export async function openSetupLink(
  db: Database,
  value: string,
): Promise<{ state: 'usable'; link: SetupLinkRow } | { state: Exclude<SetupLinkState, 'usable'> }> {
  const parsed = parseSetupLink(value);
  if (!parsed) return { state: 'unknown' };
  const row = await findSetupLink(db, parsed.linkId);
  const state = setupLinkState(row, parsed.secret, new Date());
  return state === 'usable' ? { state, link: row! } : { state };
}

export { SETUP_LINK_HOURS };
