import { issueSetupLink, parseSetupLink, setupLinkState } from '../../../src/domain/setup-link';

describe('setup links', () => {
  const now = new Date('2026-11-29T12:00:00Z');
  const issued = issueSetupLink();
  const parsed = parseSetupLink(issued.secretPath)!;
  const stored = (changes: Partial<{ expires_at: Date; revoked_at: Date | null }> = {}) => ({
    secret_hash: issued.secretHash,
    expires_at: new Date(now.getTime() + 1000),
    revoked_at: null,
    ...changes,
  });

  it('keeps only a hash of the secret, and opens with the secret until it expires or is revoked', () => {
    expect(issued.secretPath).toMatch(/^dsl_[0-9a-f]{24}_[A-Za-z0-9_-]{43}$/);
    expect(issued.secretHash).not.toContain(parsed.secret);
    expect(parsed.linkId).toBe(issued.linkId);
    expect(setupLinkState(stored(), parsed.secret, now)).toBe('usable');
    expect(setupLinkState(stored({ expires_at: now }), parsed.secret, now)).toBe('expired');
    expect(setupLinkState(stored({ revoked_at: now }), parsed.secret, now)).toBe('revoked');
  });

  it('tells nothing about a link to whoever lacks its secret', () => {
    expect(setupLinkState(stored({ revoked_at: now }), 'A'.repeat(43), now)).toBe('unknown');
    expect(setupLinkState(undefined, parsed.secret, now)).toBe('unknown');
    for (const bad of ['', 'dsl_', `${issued.secretPath}x`, issued.secretPath.replace('dsl_', 'dsync_'), '__proto__']) {
      expect(parseSetupLink(bad)).toBeUndefined();
    }
  });
});
