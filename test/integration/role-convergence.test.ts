import { eventually } from '../support/eventually';
import { expectedRole, type MappingRow } from '../support/role-oracle';
import { useTestEnv } from '../support/test-env';
import { oktaCreateUser, PATCH_OP } from '../fixtures/idp-requests';

const env = useTestEnv();

/** A small seeded PRNG, so a failing interleaving can be replayed from its seed. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!, chance: (p: number) => next() < p };
}

const NAMES = ['knock-role-owner', 'knock-role-admin', 'knock-role-member', 'knock-role-billing', 'Eng', 'Ops', 'Sales', 'Unmapped'];
const CUSTOM = ['Eng', 'Ops', 'Sales'];
const ROLES = ['admin', 'member', 'billing', 'support'] as const;

it.each([101, 202, 303])(
  'converges to the rule-3 oracle of the final memberships and mappings for random concurrent changes (seed %i)',
  async (seed) => {
    const random = prng(seed);
    const { accountId, token } = await env().connectedAccount('okta');
    // A human owner outside the directory keeps the last-owner guard out of the way.
    await env().admin('post', `/accounts/${accountId}/invites`).send({ email: 'human.owner@acme.io', role: 'owner' }).expect(201);
    const idp = env().scim(token);
    const users: string[] = [];
    for (let i = 0; i < 8; i += 1) users.push((await idp.post('/Users', oktaCreateUser(`conv${i}.user@acme.io`)).expect(201)).body.id);
    const groups: string[] = [];
    for (const name of ['knock-role-admin', 'Eng', 'Ops', 'knock-role-member']) {
      groups.push((await idp.post('/Groups', { displayName: name, members: [] }).expect(201)).body.id);
    }

    const ALL = ['add', 'add', 'remove', 'rename', 'replace', 'mapping', 'active'] as const;
    // The last wave only renames, remaps and (de)activates: a change that moves roles without
    // touching memberships is the one a missed propagation would leave wrong.
    const STRUCTURAL = ['rename', 'rename', 'mapping', 'active'] as const;
    const operation = (kinds: ReadonlyArray<(typeof ALL)[number]>) => {
      const group = random.pick(groups);
      const user = random.pick(users);
      switch (random.pick(kinds)) {
        case 'add':
          return idp.patch(`/Groups/${group}`, {
            schemas: [PATCH_OP],
            Operations: [{ op: 'add', path: 'members', value: [{ value: user }, { value: random.pick(users) }] }],
          });
        case 'remove':
          return idp.patch(`/Groups/${group}`, {
            schemas: [PATCH_OP],
            Operations: [{ op: 'remove', path: `members[value eq "${user}"]` }],
          });
        case 'rename':
          return idp.patch(`/Groups/${group}`, {
            schemas: [PATCH_OP],
            Operations: [{ op: 'replace', value: { id: group, displayName: random.pick(NAMES) } }],
          });
        case 'replace':
          return idp.patch(`/Groups/${group}`, {
            schemas: [PATCH_OP],
            Operations: [{ op: 'replace', path: 'members', value: users.filter(() => random.chance(0.4)).map((value) => ({ value })) }],
          });
        case 'mapping':
          return env()
            .admin('put', `/accounts/${accountId}/role-mappings`)
            .send(CUSTOM.filter(() => random.chance(0.6)).map((group) => ({ group, role: random.pick(ROLES) })));
        case 'active':
          return idp.patch(`/Users/${user}`, {
            schemas: [PATCH_OP],
            Operations: [{ op: 'replace', path: 'active', value: random.chance(0.5) }],
          });
      }
    };

    for (let wave = 0; wave < 4; wave += 1) {
      const responses = await Promise.all(Array.from({ length: 12 }, () => operation(wave < 3 ? ALL : STRUCTURAL)));
      // 409: a rename onto a name another group holds; everything else must succeed.
      for (const response of responses) expect([200, 204, 409]).toContain(response.status);
    }

    await eventually(async () => {
      const mappings: MappingRow[] = (await env().admin('get', `/accounts/${accountId}/role-mappings`).expect(200)).body;
      const scimUsers = await env().db('scim_users').whereIn('id', users).select('id', 'active');
      const memberships = await env()
        .db('group_memberships as m')
        .join('scim_groups as g', 'g.id', 'm.group_id')
        .whereIn('m.user_id', users)
        .select('m.user_id', 'g.display_name');
      const members = await env().db('members').whereIn('scim_user_id', users).select('scim_user_id', 'role', 'active');
      const actual = Object.fromEntries(members.map((m) => [m.scim_user_id, `${m.role}/${m.active}`]));
      const expected = Object.fromEntries(
        scimUsers.map((u) => [
          u.id,
          `${expectedRole(
            memberships.filter((m) => m.user_id === u.id).map((m) => m.display_name),
            mappings,
          )}/${u.active}`,
        ]),
      );
      expect(actual).toEqual(expected);
    }, 60_000);
    // No change is left undelivered (the outbox rows of the last batch go once its signals are sent).
    await eventually(async () =>
      expect(await env().db('pending_role_resolutions').where({ account_id: accountId }).count<{ count: number }[]>('* as count')).toEqual([
        { count: 0 },
      ]),
    );
  },
);
