import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Directory bearer tokens: `dsync_<tokenId>_<secret>`. The token id (public, random) finds the
 * directory with one indexed lookup; the secret is compared as a sha256 hash in constant time.
 * Only the id and the hash are stored.
 */
const PREFIX = 'dsync';

export interface IssuedToken {
  token: string;
  tokenId: string;
  tokenHash: string;
}

export function issueDirectoryToken(): IssuedToken {
  const tokenId = randomBytes(12).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { token: `${PREFIX}_${tokenId}_${secret}`, tokenId, tokenHash: hashSecret(secret) };
}

export function parseDirectoryToken(token: string): { tokenId: string; secret: string } | undefined {
  const match = /^dsync_([0-9a-f]{24})_([A-Za-z0-9_-]{43})$/.exec(token);
  return match ? { tokenId: match[1]!, secret: match[2]! } : undefined;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Constant-time comparison of two secrets of any length (the admin token). */
export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
