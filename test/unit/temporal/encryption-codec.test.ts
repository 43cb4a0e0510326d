import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  EncryptionCodec,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  PayloadDecryptionError,
} from '../../../src/temporal/payloads/encryption-codec';
import type { EncryptionKey } from '../../../src/temporal/payloads/encryption-keys';

const key = (id: string): EncryptionKey => ({ id, key: randomBytes(32) });
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');
const plain = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const USER = { userName: 'jane.doe@example.com', emails: [{ value: 'jane.doe@example.com', primary: true }] };

describe('EncryptionCodec', () => {
  it('round-trips payloads and hides their content and metadata', async () => {
    const codec = new EncryptionCodec([key('k1')]);
    const original = [plain(USER), plain(null), plain('x')];
    const encoded = await codec.encode(original);

    expect(encoded).toHaveLength(3);
    for (const payload of encoded) {
      expect(text(payload.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
      expect(text(payload.metadata?.[KEY_ID_METADATA])).toBe('k1');
      expect(Object.keys(payload.metadata ?? {}).sort()).toEqual(['encoding', KEY_ID_METADATA]);
      expect(text(payload.data)).not.toContain('jane');
      expect(text(payload.data)).not.toContain('json/plain');
    }
    const decoded = await codec.decode(encoded);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([USER, null, 'x']);
  });

  it('uses a fresh IV for every payload', async () => {
    const codec = new EncryptionCodec([key('k1')]);
    const [a, b] = await codec.encode([plain(USER), plain(USER)]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('rotates: a new first key encrypts, the old one still decrypts', async () => {
    const oldKey = key('k1');
    const newKey = key('k2');
    const before = await new EncryptionCodec([oldKey]).encode([plain(USER)]);

    const rotated = new EncryptionCodec([newKey, oldKey]);
    expect(defaultPayloadConverter.fromPayload((await rotated.decode(before))[0]!)).toEqual(USER);
    const after = await rotated.encode([plain(USER)]);
    expect(text(after[0]!.metadata?.[KEY_ID_METADATA])).toBe('k2');
    // Once the old key is dropped, only what it encrypted becomes unreadable.
    const newOnly = new EncryptionCodec([newKey]);
    expect(defaultPayloadConverter.fromPayload((await newOnly.decode(after))[0]!)).toEqual(USER);
    await expect(newOnly.decode(before)).rejects.toThrow(/key id "k1".*not in PAYLOAD_ENCRYPTION_KEYS/);
  });

  it('refuses tampered ciphertext, tag, IV or key id', async () => {
    const codec = new EncryptionCodec([key('k1'), key('k2')]);
    const [encrypted] = await codec.encode([plain(USER)]);
    const flip = (at: (length: number) => number): Payload => {
      const data = Buffer.from(encrypted!.data!);
      data[at(data.length)]! ^= 0x01;
      return { ...encrypted!, data };
    };
    await expect(codec.decode([flip(() => 0)])).rejects.toThrow(PayloadDecryptionError); // IV
    await expect(codec.decode([flip(() => 20)])).rejects.toThrow(/failed authentication/); // ciphertext
    await expect(codec.decode([flip((n) => n - 1)])).rejects.toThrow(/failed authentication/); // tag
    await expect(codec.decode([{ ...encrypted!, data: Buffer.from(encrypted!.data!).subarray(0, 20) }])).rejects.toThrow(/truncated/);
    // Relabelled with the other known key id: the id is authenticated, so it fails rather than misreads.
    const relabelled = { ...encrypted!, metadata: { ...encrypted!.metadata, [KEY_ID_METADATA]: Buffer.from('k2') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(/failed authentication/);
  });

  it('names an unknown key id, and a missing one', async () => {
    const [foreign] = await new EncryptionCodec([key('other')]).encode([plain(USER)]);
    const codec = new EncryptionCodec([key('k1')]);
    await expect(codec.decode([foreign!])).rejects.toThrow(
      'Payload encrypted with key id "other", which is not in PAYLOAD_ENCRYPTION_KEYS',
    );
    await expect(codec.decode([{ metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING) }, data: foreign!.data }])).rejects.toThrow(
      /without encryption-key-id/,
    );
  });

  it('passes plain payloads through decode (histories from before encryption)', async () => {
    const codec = new EncryptionCodec([key('k1')]);
    const legacy = [plain(USER), { metadata: {}, data: new Uint8Array() }, {}];
    expect(await codec.decode(legacy)).toEqual(legacy);
  });

  it('needs a key', () => {
    expect(() => new EncryptionCodec([])).toThrow(/at least one key/);
  });
});
