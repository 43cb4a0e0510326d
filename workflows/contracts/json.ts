/**
 * What crosses Temporal between the API, the workflows and the activities is plain JSON only.
 * One JSON type serves the protocol code and the contracts; workflows import it as a type.
 */
export type { Json, JsonObject } from '../../src/scim/json';
import type { Json } from '../../src/scim/json';

export interface PatchOperationInput {
  op: 'add' | 'replace' | 'remove';
  path?: string;
  value?: Json;
}
