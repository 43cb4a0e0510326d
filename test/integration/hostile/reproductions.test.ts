import { expectOtherTenantWorks } from '../../support/canary';
import { eventually } from '../../support/eventually';
import { prototypeChanges, snapshotObjectPrototype } from '../../support/prototype-snapshot';
import { useTestEnv } from '../../support/test-env';
import { oktaCreateGroup, oktaCreateUser, oktaDeactivate, PATCH_OP } from '../../fixtures/idp-requests';

/**
 * The three reproductions of issue 9, each followed by what must still hold: `Object.prototype`
 * untouched, another tenant's create, lookup and member role working, and the hostile tenant's own
 * user taking an ordinary deactivation within a few seconds.
 */
const env = useTestEnv();
const prototypeBefore = snapshotObjectPrototype();

async function hostileTenant() {
  const tenant = await env().connectedAccount();
  const idp = env().scim(tenant.token);
  const user = await idp.post('/Users', oktaCreateUser(`hostile.${Date.now()}@example.com`)).expect(201);
  return { ...tenant, idp, userId: user.body.id as string };
}

/** Sends a request and checks it was refused with a 4xx in well under a second. */
async function refusedQuickly(send: () => PromiseLike<{ status: number; body: { scimType?: string } }>): Promise<{ scimType?: string }> {
  const started = Date.now();
  const response = await send();
  expect(Date.now() - started).toBeLessThan(1000);
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  return response.body;
}

async function afterwards(tenant: Awaited<ReturnType<typeof hostileTenant>>): Promise<void> {
  expect(prototypeChanges(prototypeBefore)).toEqual([]);
  await expectOtherTenantWorks(env());
  const started = Date.now();
  const deactivated = await tenant.idp.patch(`/Users/${tenant.userId}`, oktaDeactivate).expect(200);
  expect(deactivated.body.active).toBe(false);
  expect(Date.now() - started).toBeLessThan(5000);
}

describe('issue 9, reproduction 1: prototype pollution across tenants', () => {
  it('refuses a PATCH path through __proto__ or constructor.prototype, and no tenant gains a role from it', async () => {
    const tenant = await hostileTenant();
    for (const path of ['__proto__.everyone', 'constructor.prototype.everyone', '__PROTO__.everyone', 'name.__proto__.everyone']) {
      const body = await refusedQuickly(() =>
        tenant.idp.patch(`/Users/${tenant.userId}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path, value: 'owner' }] }),
      );
      expect({ path, scimType: body.scimType }).toEqual({ path, scimType: 'invalidPath' });
    }
    const pathless = await refusedQuickly(() =>
      tenant.idp.patch(`/Users/${tenant.userId}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', value: { constructor: { prototype: { everyone: 'owner' } } } }],
      }),
    );
    expect(pathless.scimType).toBe('invalidValue');

    // Another tenant with a group named "Everyone": its member stays `support`, and admin reads work.
    const other = await env().connectedAccount();
    const otherIdp = env().scim(other.token);
    const member = await otherIdp.post('/Users', oktaCreateUser('everyone.member@example.com')).expect(201);
    await otherIdp.post('/Groups', { ...oktaCreateGroup('Everyone'), members: [{ value: member.body.id }] }).expect(201);
    await eventually(async () => expect(await env().members(other.accountId)).toEqual([expect.objectContaining({ role: 'support' })]));
    // Support cannot map such a name either: it would never apply.
    for (const group of ['Everyone\u0000', '__proto__', 'Constructor', 'toString']) {
      const refused = await env()
        .admin('put', `/accounts/${other.accountId}/role-mappings`)
        .send([{ group, role: 'owner' }]);
      expect({ group, status: refused.status }).toEqual({ group, status: 400 });
    }
    await afterwards(tenant);
  });

  it('refuses a read whose projection names a prototype key, leaving Object.prototype whole', async () => {
    const tenant = await hostileTenant();
    for (const query of ['excludedAttributes=__proto__.hasOwnProperty', 'attributes=constructor.prototype', 'sortBy=__proto__']) {
      const body = await refusedQuickly(() => tenant.idp.get(`/Users?${query}`));
      expect({ query, scimType: body.scimType }).toEqual({ query, scimType: 'invalidValue' });
    }
    const filter = await refusedQuickly(() => tenant.idp.get(`/Users?filter=${encodeURIComponent('__proto__.polluted pr')}`));
    expect(filter.scimType).toBe('invalidFilter');
    expect(typeof Object.prototype.hasOwnProperty).toBe('function');
    await afterwards(tenant);
  });
});

describe('issue 9, reproduction 2: poison pills', () => {
  it('refuses a NUL byte, an over-long indexed value and a prototype-key filter in a group PATCH, once, with a 400', async () => {
    const tenant = await hostileTenant();
    expect(
      (await refusedQuickly(() => tenant.idp.post('/Users', oktaCreateUser('nul@example.com', { displayName: 'a\u0000b' })))).scimType,
    ).toBe('invalidValue');
    expect(
      (await refusedQuickly(() => tenant.idp.post('/Users', oktaCreateUser('long@example.com', { externalId: 'x'.repeat(3000) }))))
        .scimType,
    ).toBe('invalidValue');
    const group = await tenant.idp.post('/Groups', { ...oktaCreateGroup('Poisoned'), members: [{ value: tenant.userId }] }).expect(201);
    const groupPatch = await refusedQuickly(() =>
      tenant.idp.patch(`/Groups/${group.body.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'remove', path: 'members[__proto__ eq "x"]' }],
      }),
    );
    expect(groupPatch.scimType).toBe('invalidPath');
    // The group's workflow was not wedged: the next membership change applies at once.
    await tenant.idp
      .patch(`/Groups/${group.body.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'remove', path: `members[value eq "${tenant.userId}"]` }],
      })
      .expect(204);
    await afterwards(tenant);
  });
});

describe('issue 9, reproduction 3: CPU stalls', () => {
  it('refuses a 300 KB userName and a huge multi-valued merge quickly', async () => {
    const tenant = await hostileTenant();
    expect(
      (
        await refusedQuickly(() =>
          tenant.idp.post('/Users', oktaCreateUser('big@example.com', { userName: `${'a'.repeat(300_000)}@example.com` })),
        )
      ).scimType,
    ).toBe('invalidValue');
    const emails = Array.from({ length: 5000 }, (_, i) => ({ value: `e${i}@example.com`, type: 'other' }));
    const merge = await refusedQuickly(() =>
      tenant.idp.patch(`/Users/${tenant.userId}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'emails', value: emails }] }),
    );
    expect(merge.scimType).toBe('invalidValue');
    await afterwards(tenant);
  });
});
