import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { Database } from '../../../src/db/database';
import { adminRouter } from '../../../src/http/admin/router';
import { codecRouter } from '../../../src/http/codec/codec-endpoint';
import { consoleAndSetup } from '../../../src/http/console/router';
import type { Logger } from '../../../src/infra/logger';
import { methodLabel, ROUTE_LABELS, routeLabel, UNMATCHED_ROUTE } from '../../../src/http/route-label';
import type { DirectoryConnection } from '../../../src/temporal/client/directory-connection';
import type { MemberAdministration } from '../../../src/temporal/client/member-administration';
import { EncryptionCodec } from '../../../src/temporal/payloads/encryption-codec';

describe('routeLabel', () => {
  it.each([
    ['/scim/v2/Users', '/scim/v2/Users'],
    ['/scim/v2/Users/', '/scim/v2/Users'],
    ['/scim/v2/Users/2819c223-7f76-453a-919d-413861904646', '/scim/v2/Users/:id'],
    ['/scim/v2/Users/.search', '/scim/v2/Users/.search'],
    ['/scim/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a', '/scim/v2/Groups/:id'],
    ['/scim/v2/Groups/.search', '/scim/v2/Groups/.search'],
    ['/scim/v2/.search', '/scim/v2/.search'],
    ['/scim/v2/Bulk', '/scim/v2/Bulk'],
    ['/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User', '/scim/v2/Schemas/:id'],
    ['/scim/v2/ResourceTypes/User', '/scim/v2/ResourceTypes/:id'],
    ['/admin/accounts/acme/members/jane@acme.io', '/admin/accounts/:id/members/:email'],
    ['/admin/accounts/acme/directory/connect', '/admin/accounts/:id/directory/connect'],
    ['/healthz', '/healthz'],
  ])('%s is counted as %s', (path, label) => {
    expect(routeLabel(path)).toBe(label);
  });

  it.each([
    '/',
    '',
    '/scim/v2',
    '/scim/v2/Users/a/b',
    '/scim/v2/users',
    '/wp-login.php',
    '/scim/v2/Users//x',
    '/admin/accounts/acme/directory/connect/extra',
    '/__proto__',
    '/constructor',
    `/scim/v2/Users/${'x'.repeat(5000)}`,
  ])('%s (no route) is unmatched', (path) => {
    expect(routeLabel(path)).toBe(UNMATCHED_ROUTE);
  });

  it('returns only the bounded set of labels, whatever the path', () => {
    const labels = new Set(ROUTE_LABELS);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom('scim', 'v2', 'Users', 'Groups', 'admin', 'accounts', '.search', ''), fc.string()), {
          maxLength: 8,
        }),
        (segments) => labels.has(routeLabel(`/${segments.join('/')}`)),
      ),
    );
  });

  it('labels every route the admin, codec, console and setup routers serve as itself (the table and the routers agree)', () => {
    const unused = undefined as unknown;
    const admin = adminRouter({
      db: unused as Database,
      connection: unused as DirectoryConnection,
      members: unused as MemberAdministration,
      publicBaseUrl: undefined,
    });
    const codec = codecRouter({ codec: new EncryptionCodec([{ id: 'k1', key: randomBytes(32) }]), adminToken: 'x'.repeat(16) });
    // Routes only (a layer with methods), not the routers' middleware.
    const routes = (router: typeof admin) => router.stack.filter((layer) => layer.methods.length > 0).map((layer) => String(layer.path));
    const consoleRouters = consoleAndSetup({
      db: unused as Database,
      connection: unused as DirectoryConnection,
      members: unused as MemberAdministration,
      adminToken: 'x'.repeat(16),
      sessionMinutes: 60,
      logger: unused as Logger,
      namespace: 'default',
    }).routers;
    const paths = [...routes(admin).map((path) => `/admin${path}`), ...routes(codec), ...consoleRouters.flatMap(routes)];
    expect(paths.length).toBeGreaterThan(35);
    for (const pattern of paths) {
      // A concrete path for the pattern: each parameter gets a value.
      const concrete = pattern.replace(/:[a-z]+/gi, 'value-1');
      expect({ pattern, label: routeLabel(concrete) }).toEqual({ pattern, label: pattern });
    }
  });
});

describe('methodLabel', () => {
  it('keeps standard methods and buckets any other', () => {
    expect(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].map(methodLabel)).toEqual([
      'GET',
      'POST',
      'PUT',
      'PATCH',
      'DELETE',
      'HEAD',
      'OPTIONS',
    ]);
    expect(methodLabel('PROPFIND')).toBe('OTHER');
    expect(methodLabel('get')).toBe('OTHER');
  });
});
