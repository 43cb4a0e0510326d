import { Connection, isGrpcServiceError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

/**
 * Registers the custom search attributes on a Temporal cluster that lacks them (the dev server
 * gets them as start-up flags). Safe to call from every replica, at once too: existing ones are left alone.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await listOnceKnown(connection, namespace);
  const missing = ALL_SEARCH_ATTRIBUTES.filter((key) => !(key.name in (existing.customAttributes ?? {})));
  if (missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(
        missing.map((key) => [key.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
      ),
    });
  } catch (error) {
    // Another replica may have registered them between our list and our add: done if all are there now.
    const now = await connection.operatorService.listSearchAttributes({ namespace });
    if (ALL_SEARCH_ATTRIBUTES.some((key) => !(key.name in (now.customAttributes ?? {})))) throw error;
  }
}

/**
 * The namespace's search attributes. A namespace registered a moment ago is not yet in the
 * frontend's namespace cache (refreshed every few seconds), which answers NOT_FOUND until then: wait for it (bounded).
 */
async function listOnceKnown(connection: Connection, namespace: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await connection.operatorService.listSearchAttributes({ namespace });
    } catch (error) {
      if (!(isGrpcServiceError(error) && error.code === 5) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
