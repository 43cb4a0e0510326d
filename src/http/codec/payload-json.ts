import type { Payload } from '@temporalio/common';
import { RequestRejected } from '../../domain/request-rejected';

/**
 * The codec server wire format (Temporal's remote codec protocol, proto3 JSON of `Payloads`):
 * `{"payloads":[{"metadata":{"<key>":"<base64>"},"data":"<base64>"}]}`. Parsed by hand rather
 * than by protobufjs' `fromObject`, which copies metadata keys onto a plain object: request keys
 * land in null-prototype objects here, and prototype keys are refused.
 */

/** Well above what the Temporal UI or CLI send at once (one event's payloads, or one history page). */
export const CODEC_MAX_PAYLOADS = 1000;
const MAX_METADATA_ENTRIES = 32;
const MAX_METADATA_KEY_LENGTH = 256;
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
// Standard or URL-safe alphabet; a character class with a fixed tail, so linear time.
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

export function parsePayloads(body: unknown): Payload[] {
  if (!isObject(body) || !Object.hasOwn(body, 'payloads') || !Array.isArray(body.payloads)) {
    throw invalid('The body must be {"payloads": [...]}');
  }
  const list: unknown[] = body.payloads;
  if (list.length > CODEC_MAX_PAYLOADS)
    throw new RequestRejected(413, 'too_many_payloads', `At most ${CODEC_MAX_PAYLOADS} payloads per request`);
  return list.map((item, index) => parsePayload(item, index));
}

export function renderPayloads(payloads: readonly Payload[]): { payloads: Array<{ metadata: Record<string, string>; data: string }> } {
  return {
    payloads: payloads.map((payload) => ({
      // Object.fromEntries defines own properties, so no key can reach a prototype.
      metadata: Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
      ),
      data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
    })),
  };
}

function parsePayload(item: unknown, index: number): Payload {
  if (!isObject(item)) throw invalid(`payloads[${index}] must be an object`);
  const metadata: Record<string, Uint8Array> = Object.create(null) as Record<string, Uint8Array>;
  const rawMetadata = Object.hasOwn(item, 'metadata') ? item.metadata : undefined;
  if (rawMetadata !== undefined && rawMetadata !== null) {
    if (!isObject(rawMetadata)) throw invalid(`payloads[${index}].metadata must be an object`);
    const entries = Object.entries(rawMetadata);
    if (entries.length > MAX_METADATA_ENTRIES) throw invalid(`payloads[${index}].metadata: at most ${MAX_METADATA_ENTRIES} entries`);
    for (const [key, value] of entries) {
      if (PROTOTYPE_KEYS.has(key) || key.length === 0 || key.length > MAX_METADATA_KEY_LENGTH) {
        throw invalid(`payloads[${index}].metadata has an invalid key`);
      }
      metadata[key] = base64(value, `payloads[${index}].metadata`);
    }
  }
  const rawData = Object.hasOwn(item, 'data') ? item.data : undefined;
  const data = rawData === undefined || rawData === null ? new Uint8Array() : base64(rawData, `payloads[${index}].data`);
  return { metadata, data };
}

function base64(value: unknown, where: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64.test(value)) throw invalid(`${where}: values must be base64 strings`);
  return Buffer.from(value, 'base64');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): RequestRejected {
  return new RequestRejected(400, 'invalid_payloads', message);
}
