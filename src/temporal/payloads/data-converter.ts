import type { DataConverter, PayloadCodec } from '@temporalio/common';
import { EncryptionCodec } from './encryption-codec';
import type { EncryptionKey } from './encryption-keys';

/**
 * The one place that decides how payloads cross Temporal. Every Client and Worker that talks to a
 * production cluster takes its data converter from here, so the API (which writes inputs) and the
 * worker (which writes results) always agree. Without keys, payloads stay plain JSON.
 */
export function createPayloadCodec(keys: readonly EncryptionKey[] | undefined): EncryptionCodec | undefined {
  return keys && keys.length > 0 ? new EncryptionCodec(keys) : undefined;
}

/** The data converter for a Client or Worker: the codec when there is one, the SDK default otherwise. */
export function dataConverterWith(codec: PayloadCodec | undefined): DataConverter | undefined {
  return codec ? { payloadCodecs: [codec] } : undefined;
}

export function createDataConverter(keys: readonly EncryptionKey[] | undefined): DataConverter | undefined {
  return dataConverterWith(createPayloadCodec(keys));
}
