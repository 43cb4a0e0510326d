/**
 * What `Object.prototype` looks like, to prove a run of hostile requests left it alone (issue 9):
 * its own property names and, for each, the identity of its value or accessor.
 */
export type PrototypeSnapshot = ReadonlyMap<string, unknown>;

export function snapshotObjectPrototype(): PrototypeSnapshot {
  const snapshot = new Map<string, unknown>();
  for (const name of Reflect.ownKeys(Object.prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(Object.prototype, name);
    snapshot.set(String(name), descriptor?.get ?? descriptor?.set ?? descriptor?.value);
  }
  return snapshot;
}

/** Names added, removed or replaced since `before`; empty when nothing changed. */
export function prototypeChanges(before: PrototypeSnapshot): string[] {
  const after = snapshotObjectPrototype();
  const changed: string[] = [];
  for (const [name, value] of after) if (!before.has(name) || before.get(name) !== value) changed.push(name);
  for (const name of before.keys()) if (!after.has(name)) changed.push(name);
  return changed;
}
