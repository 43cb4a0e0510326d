import fc from 'fast-check';
import { eventually } from '../../support/eventually';
import { prototypeChanges, snapshotObjectPrototype } from '../../support/prototype-snapshot';
import { useTestEnv } from '../../support/test-env';
import { oktaCreateGroup, oktaCreateUser, oktaDeactivate, PATCH_OP } from '../../fixtures/idp-requests';

/**
 * Issue 9: random SCIM requests built from hostile pieces (prototype keys in paths, JSON keys,
 * filters, sortBy and projections; control characters; huge strings; deep and wide values), sent
 * through HTTP to the real stack by one tenant. Never a 5xx, never slower than the bound,
 * `Object.prototype` untouched, another tenant unchanged, and the hostile tenant's own user still
 * takes an ordinary deactivation afterwards.
 */

const env = useTestEnv();

const RESPONSE_BOUND_MS = 2000;
const NUM_RUNS = 200;

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

// ---- hostile pieces -------------------------------------------------------------------------

const protoKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  '__PROTO__',
  'Constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'isPrototypeOf',
);
const plainAttr = fc.constantFrom(
  'userName',
  'displayName',
  'title',
  'name',
  'emails',
  'members',
  'externalId',
  'active',
  'phoneNumbers',
  'nickName',
  'custom',
);
const control = fc.constantFrom('\u0000', '\u0001', '\u001b', '\u007f', '\t', '\n', '\r', '\ud800', '\udfff', '\u2028');
const hugeString = fc.constantFrom(300, 5000, 70_000, 300_000).map((n) => 'a'.repeat(n));

const attrPath: fc.Arbitrary<string> = fc.oneof(
  protoKey,
  plainAttr,
  fc.tuple(protoKey, plainAttr).map(([p, a]) => `${p}.${a}`),
  fc.tuple(plainAttr, protoKey).map(([a, p]) => `${a}.${p}`),
  protoKey.map((p) => `urn:ietf:params:scim:schemas:extension:${p}:2.0:User:department`),
  protoKey.map((p) => `${ENTERPRISE}:${p}`),
  fc.tuple(plainAttr, control).map(([a, c]) => `${a}${c}`),
);

const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.tuple(fc.string({ maxLength: 10 }), control, fc.string({ maxLength: 10 })).map((parts) => parts.join('')),
  hugeString,
  protoKey,
  fc.constantFrom(`${'a@'.repeat(40_000)}`, `${'a'.repeat(200_000)}@x`, `x@${'a.'.repeat(40_000)}`),
);

const filterText: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(attrPath, fc.constantFrom('eq', 'co', 'sw', 'pr', 'gt'), hostileString)
    .map(([a, op, v]) => (op === 'pr' ? `${a} pr` : `${a} ${op} ${JSON.stringify(v)}`)),
  fc.tuple(plainAttr, attrPath).map(([a, p]) => `${a}[${p} eq "x"]`),
  fc.integer({ min: 10, max: 3000 }).map((n) => `${'('.repeat(n)}userName pr${')'.repeat(n)}`),
  fc.integer({ min: 150, max: 1000 }).map((n) => Array.from({ length: n }, (_, i) => `userName eq "u${i}"`).join(' or ')),
  fc.integer({ min: 10, max: 2000 }).map((n) => `${'not ('.repeat(n)}title pr${')'.repeat(n)}`),
  hostileString,
);

/** A value nested `depth` levels deep, alternating objects and arrays. */
const deepValue = fc.integer({ min: 5, max: 3000 }).map((depth) => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? { a: value } : [value];
  return value;
});
const wideValue = fc.oneof(
  fc.integer({ min: 101, max: 20_000 }).map((n) => Array.from({ length: n }, (_, i) => i)),
  fc.integer({ min: 101, max: 20_000 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
);

/** An object with a hostile key; JSON.parse keeps `__proto__` as an own key, as a body parser does. */
const objectWithKey = (key: fc.Arbitrary<string>, value: fc.Arbitrary<unknown>) =>
  fc.tuple(key, value).map(([k, v]) => JSON.parse(`{${JSON.stringify(k)}:${JSON.stringify(v)}}`) as Record<string, unknown>);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  deepValue,
  wideValue,
  objectWithKey(fc.oneof(protoKey, attrPath), fc.oneof(hostileString, fc.constant({ everyone: 'owner' }))),
  fc.array(objectWithKey(fc.oneof(protoKey, fc.constant('value')), hostileString), { maxLength: 3 }),
);

const userBody = fc
  .tuple(
    fc.oneof(
      fc.uuid().map((id) => `fuzz-${id}@x.io`),
      hostileString,
    ),
    fc.array(fc.tuple(fc.oneof(protoKey, attrPath), hostileValue), { maxLength: 3 }),
  )
  .map(([userName, extras]) => {
    const body = JSON.parse(
      JSON.stringify({ userName, emails: [{ value: typeof userName === 'string' ? userName : 'x@x.io', primary: true }] }),
    ) as Record<string, unknown>;
    const extra = extras.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',');
    return extra ? (JSON.parse(`${JSON.stringify(body).slice(0, -1)},${extra}}`) as Record<string, unknown>) : body;
  });

const groupBody = fc
  .tuple(
    fc.oneof(
      fc.uuid().map((id) => `fuzz-group-${id}`),
      hostileString,
      protoKey,
    ),
    fc.array(fc.tuple(fc.oneof(protoKey, attrPath), hostileValue), { maxLength: 3 }),
  )
  .map(([displayName, extras]) => {
    const extra = extras.map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`).join('');
    return JSON.parse(`{"displayName":${JSON.stringify(displayName)}${extra}}`) as Record<string, unknown>;
  });

const patchOperation = fc.oneof(
  fc.record({ op: fc.constantFrom('add', 'replace', 'remove', 'Replace'), path: attrPath, value: hostileValue }),
  fc.record({ op: fc.constantFrom('add', 'replace'), value: objectWithKey(fc.oneof(protoKey, attrPath), hostileValue) }),
  fc.record({ op: fc.constantFrom('add', 'remove'), path: fc.constant('members'), value: fc.oneof(wideValue, hostileValue) }),
  fc.record({ op: fc.constant('add'), path: fc.constant('__proto__.everyone'), value: fc.constant('owner') }),
);
const patchBody = fc.array(patchOperation, { minLength: 1, maxLength: 4 }).map((Operations) => ({ schemas: [PATCH_OP], Operations }));

type Request =
  | { kind: 'list'; resource: 'Users' | 'Groups'; query: Record<string, string> }
  | { kind: 'post' | 'put' | 'patch'; resource: 'Users' | 'Groups'; body: unknown };

const listQuery = fc
  .record(
    {
      filter: filterText,
      sortBy: attrPath,
      attributes: attrPath,
      excludedAttributes: fc.oneof(attrPath, fc.constant('__proto__.hasOwnProperty')),
    },
    { requiredKeys: [] },
  )
  .map((query) => {
    // Both projections at once is a plain 400; keep one so the other parameters are exercised.
    if (query.attributes !== undefined && query.excludedAttributes !== undefined) delete query.excludedAttributes;
    return query as Record<string, string>;
  });

const request: fc.Arbitrary<Request> = fc.oneof(
  fc.record({ kind: fc.constant('list' as const), resource: fc.constantFrom('Users' as const, 'Groups' as const), query: listQuery }),
  fc.record({ kind: fc.constantFrom('post' as const, 'put' as const), resource: fc.constant('Users' as const), body: userBody }),
  fc.record({ kind: fc.constantFrom('post' as const, 'put' as const), resource: fc.constant('Groups' as const), body: groupBody }),
  fc.record({ kind: fc.constant('patch' as const), resource: fc.constantFrom('Users' as const, 'Groups' as const), body: patchBody }),
);

// ---- the run --------------------------------------------------------------------------------

describe('hostile SCIM requests (issue 9 fuzz)', () => {
  it('never answer 5xx or slowly, leave Object.prototype alone and never touch another tenant', async () => {
    const prototypeBefore = snapshotObjectPrototype();

    // The canary: another tenant with an admin, whose user, group and role must not move.
    const canary = await env().connectedAccount('okta');
    const canaryIdp = env().scim(canary.token);
    const canaryUser = (await canaryIdp.post('/Users', oktaCreateUser('canary.admin@canary.io')).expect(201)).body.id as string;
    const canaryGroup = (
      await canaryIdp.post('/Groups', { ...oktaCreateGroup('knock-role-admin'), members: [{ value: canaryUser }] }).expect(201)
    ).body.id as string;
    await eventually(async () =>
      expect((await env().members(canary.accountId))[0]).toMatchObject({ email: 'canary.admin@canary.io', role: 'admin', active: true }),
    );
    // supertest serves each request on its own port: compare resources without the base URL.
    const withoutBaseUrl = (body: unknown) => JSON.parse(JSON.stringify(body).replace(/http:\/\/127\.0\.0\.1:\d+/g, 'BASE')) as unknown;
    const canaryState = async () => ({
      user: withoutBaseUrl((await canaryIdp.get(`/Users/${canaryUser}`).expect(200)).body),
      group: withoutBaseUrl((await canaryIdp.get(`/Groups/${canaryGroup}`).expect(200)).body),
      members: await env().members(canary.accountId),
    });
    const canaryBefore = await canaryState();

    // The hostile tenant, with a user and a group to PUT and PATCH.
    const hostile = await env().connectedAccount('okta');
    const idp = env().scim(hostile.token);
    const target = (await idp.post('/Users', oktaCreateUser('target@hostile.io')).expect(201)).body.id as string;
    const targetGroup = (await idp.post('/Groups', oktaCreateGroup('hostile-group')).expect(201)).body.id as string;

    const statuses = new Map<number, number>();
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(request, async (req) => {
        const path =
          req.kind === 'list' || req.kind === 'post'
            ? `/${req.resource}`
            : `/${req.resource}/${req.resource === 'Users' ? target : targetGroup}`;
        const sentAt = performance.now();
        const response =
          req.kind === 'list' ? await idp.get(`${path}?${new URLSearchParams(req.query).toString()}`) : await idp[req.kind](path, req.body);
        const elapsed = performance.now() - sentAt;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 500 || elapsed > RESPONSE_BOUND_MS) {
          throw new Error(
            `${req.kind.toUpperCase()} ${path} → ${response.status} in ${Math.round(elapsed)} ms: ${JSON.stringify(response.body).slice(0, 300)}`,
          );
        }
        expect(prototypeChanges(prototypeBefore)).toEqual([]);
      }),
      { numRuns: NUM_RUNS, endOnFailure: true },
    );
    const runMs = performance.now() - started;
    // The figure the issue asks about; visible with --verbose.
    process.stdout.write(
      `hostile fuzz: ${NUM_RUNS} requests in ${Math.round(runMs)} ms, statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`,
    );

    expect(prototypeChanges(prototypeBefore)).toEqual([]);
    expect(({} as Record<string, unknown>).everyone).toBeUndefined();
    expect(await canaryState()).toEqual(canaryBefore);
    expect(canaryBefore.members).toEqual([expect.objectContaining({ email: 'canary.admin@canary.io', role: 'admin', active: true })]);

    // No change was left wedged in the hostile tenant's user workflow: an ordinary deactivation applies.
    const deactivatedAt = performance.now();
    // (The fuzz's PUTs may have renamed the target, so it is read back by id.)
    const deactivated = await idp.patch(`/Users/${target}`, oktaDeactivate).expect(200);
    expect(performance.now() - deactivatedAt).toBeLessThan(5000);
    expect(deactivated.body.active).toBe(false);
    expect((await idp.get(`/Users/${target}`).expect(200)).body.active).toBe(false);
  });
});
