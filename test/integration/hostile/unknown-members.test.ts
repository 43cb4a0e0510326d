import { randomUUID } from 'node:crypto';
import { MAX_SKIPPED_MEMBER_ID_LENGTH, MAX_SKIPPED_MEMBERS_RECORDED } from '../../../src/domain/group-change';
import { MAX_MEMBERS_PER_REQUEST } from '../../../src/scim/limits';
import { oktaCreateGroup, oktaCreateUser, PATCH_OP } from '../../fixtures/idp-requests';
import { useTestEnv } from '../../support/test-env';

/**
 * Unknown member ids are skipped, not fatal (docs/scim-support.md, Groups); an IdP that sends
 * thousands of them gets a bounded change: no 5xx, a bounded audit row, and the per-request
 * member limit still refused.
 */
const env = useTestEnv();

const members = (ids: string[]) => ids.map((value) => ({ value }));

describe('a flood of unknown member ids', () => {
  it('skips thousands of unknown ids in one PATCH, records a bounded sample, and still refuses a value over the limit', async () => {
    const { token } = await env().connectedAccount('okta');
    const idp = env().scim(token);
    const known = (await idp.post('/Users', oktaCreateUser('kept.member@acme.io')).expect(201)).body.id as string;
    const group = (await idp.post('/Groups', oktaCreateGroup('Flooded')).expect(201)).body.id as string;

    // 8 operations of 1,000 random UUIDs, one of 1,000 ids of 256 characters (not UUIDs), and the one known user.
    const uuids = Array.from({ length: 8 }, () => Array.from({ length: MAX_MEMBERS_PER_REQUEST }, () => randomUUID()));
    const longIds = Array.from({ length: MAX_MEMBERS_PER_REQUEST }, (_, i) => `${i}-`.padEnd(256, 'x'));
    const started = Date.now();
    const flooded = await idp.patch(`/Groups/${group}`, {
      schemas: [PATCH_OP],
      Operations: [
        ...uuids.map((ids) => ({ op: 'add', path: 'members', value: members(ids) })),
        { op: 'add', path: 'members', value: members(longIds) },
        { op: 'add', path: 'members', value: members([known]) },
      ],
    });
    expect(flooded.status).toBe(204);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await idp.get(`/Groups/${group}`).expect(200)).body.members.map((m: { value: string }) => m.value)).toEqual([known]);

    const audit = await env().db('audit_log').where({ subject_type: 'group', subject_id: group, action: 'patch' }).first();
    expect(audit).toBeDefined();
    const skipped = 9 * MAX_MEMBERS_PER_REQUEST;
    expect(audit!.details).toMatchObject({ membersAdded: 1, membersSkipped: skipped });
    expect(audit!.details.skippedMembers).toEqual(uuids[0]!.slice(0, MAX_SKIPPED_MEMBERS_RECORDED));
    expect(JSON.stringify(audit!.details).length).toBeLessThan(2_000);
    expect(audit!.outcome).toMatchObject({ membersAdded: 1, membersSkipped: skipped });

    // Long ids are cut in the record; the bound is the same for a create.
    const created = await idp.post('/Groups', { ...oktaCreateGroup('Only strangers'), members: members(longIds) }).expect(201);
    expect(created.body.members).toEqual([]);
    const createAudit = await env().db('audit_log').where({ subject_type: 'group', subject_id: created.body.id, action: 'create' }).first();
    expect(createAudit!.details.membersSkipped).toBe(MAX_MEMBERS_PER_REQUEST);
    expect(createAudit!.details.skippedMembers).toHaveLength(MAX_SKIPPED_MEMBERS_RECORDED);
    for (const id of createAudit!.details.skippedMembers as string[])
      expect(id.length).toBeLessThanOrEqual(MAX_SKIPPED_MEMBER_ID_LENGTH + 1);

    // The per-request member limit still holds: one value over it is refused, nothing applied.
    const over = Array.from({ length: MAX_MEMBERS_PER_REQUEST + 1 }, () => randomUUID());
    const refused = await idp.patch(`/Groups/${group}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'replace', path: 'displayName', value: 'Renamed' },
        { op: 'add', path: 'members', value: members(over) },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ scimType: 'invalidValue' });
    await idp.post('/Groups', { ...oktaCreateGroup('Too many'), members: members(over) }).expect(400);
    const after = await idp.get(`/Groups/${group}`).expect(200);
    expect(after.body).toMatchObject({ displayName: 'Flooded', meta: { version: 'W/"2"' } });
    expect(after.body.members.map((m: { value: string }) => m.value)).toEqual([known]);
  });
});
