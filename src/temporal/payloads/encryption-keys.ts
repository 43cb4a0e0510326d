/**
 * The payload encryption keys, as configured in `PAYLOAD_ENCRYPTION_KEYS`:
 * `id:base64,id:base64,...`. The first key encrypts new payloads; every key decrypts, so a key can
 * be rotated by putting a new one first and dropping the old one once no history needs it.
 */
export interface EncryptionKey {
  /** Written in clear into each payload's metadata, so it must say nothing about the key. */
  id: string;
  /** 32 bytes (AES-256). */
  key: Buffer;
}

export const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
// Strict standard or URL-safe base64 of exactly 32 bytes (43 characters, one optional '=').
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;
// Bounds the work on a hostile or mistaken value before anything is split.
const MAX_KEYS = 32;

export type ParsedEncryptionKeys = { ok: true; keys: EncryptionKey[] } | { ok: false; problems: string[] };

export function parseEncryptionKeys(value: string): ParsedEncryptionKeys {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) return { ok: false, problems: ['no key given (expected id:base64key[,id:base64key...])'] };
  if (entries.length > MAX_KEYS) return { ok: false, problems: [`at most ${MAX_KEYS} keys`] };
  const problems: string[] = [];
  const keys: EncryptionKey[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const parsed = parseEntry(entry, index, seen);
    if (typeof parsed === 'string') problems.push(parsed);
    else keys.push(parsed);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, keys };
}

/** One `id:base64` entry, or the problem with it (naming the key by position and id, never echoing key material). */
function parseEntry(entry: string, index: number, seen: Set<string>): EncryptionKey | string {
  const colon = entry.indexOf(':');
  const id = colon < 0 ? '' : entry.slice(0, colon).trim();
  const encoded = colon < 0 ? '' : entry.slice(colon + 1).trim();
  const label = KEY_ID.test(id) ? `key ${index + 1} ("${id}")` : `key ${index + 1}`;
  if (colon < 0) return `${label}: expected id:base64key`;
  if (!KEY_ID.test(id)) return `${label}: the id must be 1-64 characters of A-Z a-z 0-9 . _ -`;
  if (seen.has(id)) return `${label}: duplicate id`;
  seen.add(id);
  // Node's base64 decoder reads both the standard and the URL-safe alphabet.
  const key = BASE64_KEY.test(encoded) ? Buffer.from(encoded, 'base64') : undefined;
  if (key?.length !== KEY_BYTES) return `${label}: the key must be ${KEY_BYTES} bytes in base64 (openssl rand -base64 ${KEY_BYTES})`;
  return { id, key };
}
