import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../../src/config';
import { parseEncryptionKeys } from '../../../src/temporal/payloads/encryption-keys';

const b64 = (bytes = 32) => randomBytes(bytes).toString('base64');

describe('PAYLOAD_ENCRYPTION_KEYS', () => {
  it('reads id:base64 pairs in order, the first one encrypting', () => {
    const k2 = b64();
    const k1 = randomBytes(32).toString('base64url');
    const parsed = parseEncryptionKeys(` k2:${k2} , k1:${k1}`);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(parsed.keys[0]!.key.equals(Buffer.from(k2, 'base64'))).toBe(true);
    expect(parsed.keys[1]!.key).toHaveLength(32);
  });

  it.each([
    ['no key', ' , ', /no key given/],
    ['no id', b64(), /expected id:base64key/],
    ['bad id characters', `k/1:${b64()}`, /the id must be/],
    ['id too long', `${'k'.repeat(65)}:${b64()}`, /the id must be/],
    ['short key', `k1:${b64(16)}`, /32 bytes/],
    ['long key', `k1:${b64(48)}`, /32 bytes/],
    ['not base64', `k1:${'!'.repeat(43)}=`, /32 bytes/],
    ['duplicate id', `k1:${b64()},k1:${b64()}`, /key 2 \("k1"\): duplicate id/],
  ])('refuses %s', (_name, value, problem) => {
    const parsed = parseEncryptionKeys(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.join('\n')).toMatch(problem);
  });

  it('never echoes key material in a problem', () => {
    const secret = b64(31);
    const parsed = parseEncryptionKeys(`k1:${secret}`);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.join('\n')).not.toContain(secret);
  });

  it('is optional in the config, and validated with every other problem when set', () => {
    expect(loadConfig('embedded', {}).payloadEncryptionKeys).toBeUndefined();
    expect(loadConfig('embedded', { PAYLOAD_ENCRYPTION_KEYS: ' ' }).payloadEncryptionKeys).toBeUndefined();
    expect(loadConfig('embedded', { PAYLOAD_ENCRYPTION_KEYS: `a:${b64()},b:${b64()}` }).payloadEncryptionKeys?.map((k) => k.id)).toEqual([
      'a',
      'b',
    ]);
    try {
      loadConfig('embedded', { PAYLOAD_ENCRYPTION_KEYS: `a:${b64(8)},a:${b64()}`, LOG_LEVEL: 'loud' });
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PAYLOAD_ENCRYPTION_KEYS: key 1 \("a"\): the key must be 32 bytes/);
      expect(problems).toMatch(/PAYLOAD_ENCRYPTION_KEYS: key 2 \("a"\): duplicate id/);
      expect(problems).toMatch(/LOG_LEVEL/);
    }
  });
});
