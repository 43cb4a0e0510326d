import { randomBytes } from 'node:crypto';
import { hashSecret, secretMatches } from './directory-token';

/**
 * Setup links for the customer's IT admin: `dsl_<linkId>_<secret>`, carried in the link's path.
 * As with directory tokens, the id (public, random) finds the row and only the secret's sha256 is
 * stored, so a database dump reveals no working link.
 */
export interface IssuedSetupLink {
  secretPath: string;
  linkId: string;
  secretHash: string;
}

/** Bounds on a link's life (hours): a link is a credential, so it never lives long. */
export const SETUP_LINK_HOURS = { default: 7 * 24, min: 1, max: 30 * 24 } as const;

export function issueSetupLink(): IssuedSetupLink {
  const linkId = randomBytes(12).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { secretPath: `dsl_${linkId}_${secret}`, linkId, secretHash: hashSecret(secret) };
}

export function parseSetupLink(value: string): { linkId: string; secret: string } | undefined {
  const match = /^dsl_([0-9a-f]{24})_([A-Za-z0-9_-]{43})$/.exec(value);
  return match ? { linkId: match[1]!, secret: match[2]! } : undefined;
}

export type SetupLinkState = 'usable' | 'expired' | 'revoked' | 'unknown';

/** Whether a stored link lets its holder in now; the secret is compared in constant time. */
export function setupLinkState(
  stored: { secret_hash: string; expires_at: Date; revoked_at: Date | null } | undefined,
  secret: string,
  now: Date,
): SetupLinkState {
  if (!stored || !secretMatches(secret, stored.secret_hash)) return 'unknown';
  if (stored.revoked_at) return 'revoked';
  if (stored.expires_at.getTime() <= now.getTime()) return 'expired';
  return 'usable';
}
