/**
 * The `route` label of the HTTP metrics and the name of a request's span: the route's pattern,
 * never the raw path. A path holds ids (cardinality: one time series per user) and is chosen by
 * the caller (hostile: junk paths would mint label values without bound), so every path maps to
 * one of the patterns below or to UNMATCHED. The SCIM routes mirror the dispatcher
 * (src/http/scim/dispatcher.ts); test/unit/http/route-label.test.ts checks the admin, codec,
 * console and setup routers' routes against this table.
 */
export const UNMATCHED_ROUTE = 'unmatched';

const PATTERNS: readonly string[] = [
  '/healthz',
  '/codec/encode',
  '/codec/decode',
  '/scim/v2/Users',
  '/scim/v2/Users/.search',
  '/scim/v2/Users/:id',
  '/scim/v2/Groups',
  '/scim/v2/Groups/.search',
  '/scim/v2/Groups/:id',
  '/scim/v2/.search',
  '/scim/v2/Bulk',
  '/scim/v2/ServiceProviderConfig',
  '/scim/v2/ResourceTypes',
  '/scim/v2/ResourceTypes/:id',
  '/scim/v2/Schemas',
  '/scim/v2/Schemas/:id',
  '/scim/v2/Me',
  '/admin/accounts',
  '/admin/accounts/:id/directory',
  '/admin/accounts/:id/directory/connect',
  '/admin/accounts/:id/directory/rotate-token',
  '/admin/accounts/:id/directory/disconnect',
  '/admin/accounts/:id/directory/users-waiting-for-email',
  '/admin/accounts/:id/role-mappings',
  '/admin/accounts/:id/invites',
  '/admin/accounts/:id/members',
  '/admin/accounts/:id/members/:email',
  '/admin/accounts/:id/events',
  '/admin/accounts/:id/directory/setup-links',
  '/admin/accounts/:id/directory/setup-links/:linkId/revoke',
  '/console',
  '/console/sign-in',
  '/console/sign-out',
  '/console/assets/:name',
  '/console/accounts',
  '/console/accounts/:id',
  '/console/accounts/:id/status.json',
  '/console/accounts/:id/connect',
  '/console/accounts/:id/rotate-token',
  '/console/accounts/:id/disconnect',
  '/console/accounts/:id/role-mappings',
  '/console/accounts/:id/setup-links',
  '/console/accounts/:id/setup-links/:linkId/revoke',
  '/console/accounts/:id/members',
  '/console/accounts/:id/events',
  // The link's secret is in the path: only the pattern is ever a label.
  '/setup/:link',
  '/setup/:link/status.json',
  '/setup/:link/token',
];

/** Every label value `routeLabel` can return: bounded by construction. */
export const ROUTE_LABELS: readonly string[] = [...PATTERNS, UNMATCHED_ROUTE];

// A literal segment matches itself; `:name` matches any one non-empty segment. Literal segments
// win over parameters (`/Users/.search` is not `/Users/:id`), as the dispatcher tries them first.
const COMPILED = PATTERNS.map((pattern) => ({ pattern, segments: pattern.split('/').slice(1) })).sort(
  (a, b) => literalCount(b.segments) - literalCount(a.segments),
);

function literalCount(segments: readonly string[]): number {
  return segments.filter((segment) => !segment.startsWith(':')).length;
}

/** Paths longer than any route are not split at all (a hostile path costs no more than this bound). */
const MAX_PATH_LENGTH = 2048;

export function routeLabel(path: string): string {
  if (path.length > MAX_PATH_LENGTH) return UNMATCHED_ROUTE;
  // The SCIM dispatcher ignores trailing slashes; so does the label.
  const trimmed = path.replace(/\/+$/, '');
  const segments = (trimmed === '' ? '/' : trimmed).split('/').slice(1);
  for (const { pattern, segments: wanted } of COMPILED) {
    if (wanted.length !== segments.length) continue;
    if (wanted.every((segment, i) => (segment.startsWith(':') ? segments[i] !== '' : segment === segments[i]))) return pattern;
  }
  return UNMATCHED_ROUTE;
}

const METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The `method` label: the standard methods as they are, anything else (a caller's invention) as OTHER. */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}
