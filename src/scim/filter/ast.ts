/** RFC 7644 §3.4.2.2 filter syntax tree. */

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export const COMPARE_OPS: readonly CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];

export type CompareValue = string | number | boolean | null;

/** `[schemaUrn:]attr[.sub]`, as written (case preserved; SCIM names compare case-insensitively). */
export interface AttrPath {
  schema?: string;
  attr: string;
  sub?: string;
}

export type Filter =
  | { type: 'compare'; path: AttrPath; op: CompareOp; value: CompareValue }
  | { type: 'present'; path: AttrPath }
  | { type: 'and' | 'or'; left: Filter; right: Filter }
  | { type: 'not'; filter: Filter }
  /** `emails[type eq "work" and value co "@acme"]`: the inner filter applies to each element. */
  | { type: 'valuePath'; path: AttrPath; filter: Filter };

export function formatAttrPath(path: AttrPath): string {
  return `${path.schema ? `${path.schema}:` : ''}${path.attr}${path.sub ? `.${path.sub}` : ''}`;
}

/** Prints a filter back to RFC syntax; `parseFilter(formatFilter(f))` equals `f`. */
export function formatFilter(filter: Filter): string {
  switch (filter.type) {
    case 'compare':
      return `${formatAttrPath(filter.path)} ${filter.op} ${JSON.stringify(filter.value)}`;
    case 'present':
      return `${formatAttrPath(filter.path)} pr`;
    case 'and':
    case 'or':
      return `(${formatFilter(filter.left)} ${filter.type} ${formatFilter(filter.right)})`;
    case 'not':
      return `not (${formatFilter(filter.filter)})`;
    case 'valuePath':
      return `${formatAttrPath(filter.path)}[${formatFilter(filter.filter)}]`;
  }
}
