import { createHash } from 'node:crypto';
import { issueDirectoryToken, parseDirectoryToken, secretMatches, secretsEqual } from '../../../src/domain/directory-token';

/** Directory bearer tokens `dsync_<tokenId>_<secret>`: only the id and a sha256 of the secret are stored. */
describe('directory tokens', () => {
  it('issues a token that parses back to its id and a secret matching the stored hash', () => {
    const issued = issueDirectoryToken();
    expect(issued.token).toMatch(/^dsync_[0-9a-f]{24}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseDirectoryToken(issued.token);
    expect(parsed?.tokenId).toBe(issued.tokenId);
    expect(issued.tokenHash).toBe(
      createHash('sha256')
        .update(parsed?.secret ?? '')
        .digest('hex'),
    );
    expect(secretMatches(parsed?.secret ?? '', issued.tokenHash)).toBe(true);
  });

  it('issues a different token each time, and stores no part of the secret', () => {
    const [a, b] = [issueDirectoryToken(), issueDirectoryToken()];
    expect(a.tokenId).not.toBe(b.tokenId);
    expect(a.token).not.toBe(b.token);
    expect(a.tokenHash).not.toContain(parseDirectoryToken(a.token)?.secret);
  });

  it('refuses another secret, a truncated hash, and a hash that is not hex', () => {
    const issued = issueDirectoryToken();
    const secret = parseDirectoryToken(issued.token)?.secret ?? '';
    expect(secretMatches(`${secret.slice(0, -1)}x`, issued.tokenHash)).toBe(secret.endsWith('x'));
    expect(secretMatches(secret, issued.tokenHash.slice(0, 62))).toBe(false);
    expect(secretMatches(secret, '')).toBe(false);
  });

  it.each([
    ['another prefix', `dsynk_${'a'.repeat(24)}_${'b'.repeat(43)}`],
    ['an upper-case id', `dsync_${'A'.repeat(24)}_${'b'.repeat(43)}`],
    ['a short id', `dsync_${'a'.repeat(23)}_${'b'.repeat(43)}`],
    ['a short secret', `dsync_${'a'.repeat(24)}_${'b'.repeat(42)}`],
    ['a long secret', `dsync_${'a'.repeat(24)}_${'b'.repeat(44)}`],
    ['a secret outside base64url', `dsync_${'a'.repeat(24)}_${'b'.repeat(42)}+`],
    ['leading text', `x dsync_${'a'.repeat(24)}_${'b'.repeat(43)}`],
    ['trailing text', `dsync_${'a'.repeat(24)}_${'b'.repeat(43)} `],
  ])('does not parse a token with %s', (_what, token) => {
    expect(parseDirectoryToken(token)).toBeUndefined();
  });

  it('compares admin tokens of any length', () => {
    expect(secretsEqual('s3cret-admin-token', 's3cret-admin-token')).toBe(true);
    expect(secretsEqual('s3cret-admin-token', 's3cret-admin-tokeN')).toBe(false);
    expect(secretsEqual('short', 'a much longer expected token')).toBe(false);
  });
});
