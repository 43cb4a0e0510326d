import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Fields every log line written inside a unit of work carries (a request's id; for a write, the
 * workflow id and update id it was sent as). Kept in AsyncLocalStorage so that code deep in the
 * call (the Temporal gateway, the error handler) logs them without the logger being threaded
 * through, and so that concurrent requests never see each other's fields.
 */
type Fields = Record<string, string>;

const storage = new AsyncLocalStorage<Fields>();

/** Runs `work` with these fields on every line logged inside it (nested calls add to the outer fields). */
export function withLogContext<T>(fields: Fields, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, work);
}

/** Adds fields to the current unit of work (no-op outside one): later lines of it carry them too. */
export function addLogContext(fields: Fields): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}

/** The current fields, for the logger (a copy: the caller may keep it). */
export function currentLogContext(): Fields {
  return { ...storage.getStore() };
}
