import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { eventually } from '../support/eventually';
import { memberRoles } from '../support/member-roles';
import { useTestEnv } from '../support/test-env';
import {
  ENTERPRISE_USER,
  entraCreateGroup,
  entraPatch,
  entraValidatorUser,
  filterQuery,
  SCIM_ERROR,
  SCIM_LIST,
} from '../fixtures/idp-requests';

/**
 * The requests of Microsoft Entra ID's SCIM validator and of the request walk-through in its
 * "develop a SCIM endpoint" tutorial, in order, with what each expects back. See
 * docs/scim-support.md, "Microsoft Entra ID".
 */
const env = useTestEnv();

const MANAGER = `${ENTERPRISE_USER}:manager`;

function expectError(response: Response, status: number, scimType?: string) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/scim\+json/);
  expect(response.body).toMatchObject({ schemas: [SCIM_ERROR], status: String(status), ...(scimType ? { scimType } : {}) });
  expect(typeof response.body.detail).toBe('string');
}

const roles = (accountId: string) => memberRoles(env(), accountId);

describe('Entra SCIM validator: users', () => {
  it('answers every user request of the validator as it expects', async () => {
    const { accountId, token } = await env().connectedAccount('entra');
    const idp = env().scim(token);

    // Test connection: a random userName, 200 with an empty list (never 404).
    const probe = await idp.get(`/Users${filterQuery(`userName eq "${randomUUID()}"`)}`).expect(200);
    expect(probe.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(probe.body).toEqual({ schemas: [SCIM_LIST], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });

    // Create User: userName is not an email here; the email is in emails.
    const body = entraValidatorUser();
    const email = body.emails[0]!.value.toLowerCase();
    const created = await idp.post('/Users', body).expect(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({
      id,
      userName: body.userName,
      externalId: body.externalId,
      active: true,
      name: body.name,
      emails: body.emails,
      meta: { resourceType: 'User', location: created.headers.location },
    });
    expect(await roles(accountId)).toEqual({ [email]: 'support' });

    // Create the same user again: 409 uniqueness.
    expectError(await idp.post('/Users', body), 409, 'uniqueness');

    // Get User, Get User by query (userName, externalId), and the zero-result query.
    expect((await idp.get(`/Users/${id}`).expect(200)).body).toMatchObject({ id, userName: body.userName });
    const byUserName = await idp.get(`/Users${filterQuery(`userName eq "${body.userName}"`)}`).expect(200);
    expect(byUserName.body.Resources.map((u: { id: string }) => u.id)).toEqual([id]);
    const byExternalId = await idp.get(`/Users${filterQuery(`externalId eq "${body.externalId}"`)}`).expect(200);
    expect(byExternalId.body).toMatchObject({ totalResults: 1, Resources: [{ id, externalId: body.externalId }] });
    const none = await idp.get(`/Users${filterQuery('userName eq "non-existent user"')}`).expect(200);
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });

    // Get a user that does not exist: 404 with the SCIM error body.
    expectError(await idp.get(`/Users/${randomUUID()}`), 404);

    // Update User [multi-valued properties]: the work email and a name part.
    const newEmail = `updated.${randomUUID().slice(0, 8)}@testuser.com`;
    const multi = await idp
      .patch(
        `/Users/${id}`,
        entraPatch([
          { op: 'Replace', path: 'emails[type eq "work"].value', value: newEmail },
          { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
        ]),
      )
      .expect(200);
    expect(multi.body).toMatchObject({
      emails: [{ primary: true, type: 'work', value: newEmail }],
      name: { givenName: body.name.givenName, familyName: 'updatedFamilyName' },
    });
    expect(Object.keys(await roles(accountId))).toEqual([newEmail]);

    // Update User [single-valued properties]: userName and externalId replaced, a string attribute added.
    const newUserName = `${randomUUID()}@testuser.com`;
    const newExternalId = randomUUID();
    const single = await idp
      .patch(
        `/Users/${id}`,
        entraPatch([
          { op: 'Replace', path: 'userName', value: newUserName },
          { op: 'Replace', path: 'externalId', value: newExternalId },
          { op: 'Add', path: 'nickName', value: 'Babs' },
        ]),
      )
      .expect(200);
    expect(single.body).toMatchObject({ userName: newUserName, externalId: newExternalId, nickName: 'Babs' });
    expect((await idp.get(`/Users${filterQuery(`userName eq "${newUserName}"`)}`).expect(200)).body.totalResults).toBe(1);
    expect((await idp.get(`/Users${filterQuery(`externalId eq "${body.externalId}"`)}`).expect(200)).body.totalResults).toBe(0);
    expect((await idp.get(`/Users${filterQuery(`externalId eq "${newExternalId}"`)}`).expect(200)).body.totalResults).toBe(1);

    // Attribute paths of Entra's default mapping, for entries that do not exist yet.
    const mapped = await idp
      .patch(
        `/Users/${id}`,
        entraPatch([
          { op: 'Add', path: 'name.givenName', value: 'Kim' },
          { op: 'Add', path: 'addresses[type eq "work"].streetAddress', value: '1 Microsoft Way' },
          { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Redmond' },
          { op: 'Add', path: 'addresses[type eq "work"].postalCode', value: '98052' },
          { op: 'Add', path: 'addresses[type eq "work"].country', value: 'US' },
          { op: 'Add', path: 'phoneNumbers[type eq "work"].value', value: '+1 425 555 0100' },
          { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 425 555 0101' },
          { op: 'Add', path: 'title', value: 'Engineer' },
          { op: 'Add', path: `${ENTERPRISE_USER}:department`, value: 'Research' },
          { op: 'Add', path: `${ENTERPRISE_USER}:employeeNumber`, value: '1001' },
        ]),
      )
      .expect(200);
    expect(mapped.body).toMatchObject({
      name: { givenName: 'Kim', familyName: 'updatedFamilyName' },
      title: 'Engineer',
      addresses: [{ type: 'work', streetAddress: '1 Microsoft Way', locality: 'Redmond', postalCode: '98052', country: 'US' }],
      phoneNumbers: [
        { type: 'work', value: '+1 425 555 0100' },
        { type: 'mobile', value: '+1 425 555 0101' },
      ],
      [ENTERPRISE_USER]: { department: 'Research', employeeNumber: '1001' },
    });
    expect(mapped.body.schemas).toContain(ENTERPRISE_USER);

    // The same update in Entra's newer form: one pathless replace with dotted, filtered and URN keys.
    const pathless = await idp
      .patch(
        `/Users/${id}`,
        entraPatch([
          {
            op: 'replace',
            value: {
              displayName: 'Kim Lee',
              'emails[type eq "work"].value': email,
              'name.givenName': 'Kimberly',
              'name.familyName': 'Lee',
              'addresses[type eq "work"].locality': 'Bellevue',
              [`${ENTERPRISE_USER}:employeeNumber`]: '1002',
            },
          },
        ]),
      )
      .expect(200);
    expect(pathless.body).toMatchObject({
      displayName: 'Kim Lee',
      emails: [{ type: 'work', value: email, primary: true }],
      name: { givenName: 'Kimberly', familyName: 'Lee' },
      addresses: [{ type: 'work', streetAddress: '1 Microsoft Way', locality: 'Bellevue' }],
      [ENTERPRISE_USER]: { department: 'Research', employeeNumber: '1002' },
    });
    expect(await env().members(accountId)).toEqual([expect.objectContaining({ email, name: 'Kim Lee', scimUserId: id })]);

    // Manager: Entra adds it with the manager's id as a plain string, and removes it by path.
    const boss = (await idp.post('/Users', entraValidatorUser()).expect(201)).body.id as string;
    const managed = await idp.patch(`/Users/${id}`, entraPatch([{ op: 'Add', path: MANAGER, value: boss }])).expect(200);
    expect(managed.body[ENTERPRISE_USER]).toEqual({ department: 'Research', employeeNumber: '1002', manager: { value: boss } });
    const reports = await idp.get(`/Users${filterQuery(`${MANAGER}.value eq "${boss}"`)}`).expect(200);
    expect(reports.body.Resources.map((u: { id: string }) => u.id)).toEqual([id]);
    const replaced = await idp.patch(`/Users/${id}`, entraPatch([{ op: 'Replace', path: MANAGER, value: 'other-manager' }])).expect(200);
    expect(replaced.body[ENTERPRISE_USER].manager).toEqual({ value: 'other-manager' });
    const unmanaged = await idp.patch(`/Users/${id}`, entraPatch([{ op: 'Remove', path: MANAGER }])).expect(200);
    expect(unmanaged.body[ENTERPRISE_USER]).toEqual({ department: 'Research', employeeNumber: '1002' });
    // The older form removes it with the manager as a value list: the manager goes, nothing else.
    await idp.patch(`/Users/${id}`, entraPatch([{ op: 'Add', path: MANAGER, value: boss }])).expect(200);
    const oldForm = await idp
      .patch(`/Users/${id}`, entraPatch([{ op: 'Remove', path: MANAGER, value: [{ $ref: null, value: boss }] }]))
      .expect(200);
    expect(oldForm.body[ENTERPRISE_USER]).toEqual({ department: 'Research', employeeNumber: '1002' });

    // Disable User: a string boolean ("False"), then the boolean form; access follows at once.
    const disabled = await idp.patch(`/Users/${id}`, entraPatch([{ op: 'Replace', path: 'active', value: 'False' }])).expect(200);
    expect(disabled.body.active).toBe(false);
    expect((await roles(accountId))[email]).toBe('support (inactive)');
    const enabled = await idp.patch(`/Users/${id}`, entraPatch([{ op: 'Replace', path: 'active', value: true }])).expect(200);
    expect(enabled.body.active).toBe(true);
    expect((await roles(accountId))[email]).toBe('support');
    await idp.patch(`/Users/${id}`, entraPatch([{ op: 'Replace', path: 'active', value: false }])).expect(200);

    // Delete User: 204, then 404; the member is kept without access.
    await idp.delete(`/Users/${id}`).expect(204);
    expectError(await idp.get(`/Users/${id}`), 404);
    expect((await env().members(accountId)).find((m) => m.email === email)).toMatchObject({
      active: false,
      managedByDirectory: false,
      scimUserId: null,
    });
  });

  it('refuses what it cannot apply with the SCIM error the validator checks for', async () => {
    const { token } = await env().connectedAccount('entra');
    const idp = env().scim(token);
    const id = (await idp.post('/Users', entraValidatorUser()).expect(201)).body.id as string;
    expectError(await idp.patch(`/Users/${randomUUID()}`, entraPatch([{ op: 'Replace', path: 'active', value: 'False' }])), 404);
    expectError(await idp.delete(`/Users/${randomUUID()}`), 404);
    expectError(await idp.patch(`/Users/${id}`, entraPatch([{ op: 'Replace', path: 'active', value: 'Maybe' }])), 400, 'invalidValue');
    expectError(await idp.get(`/Users${filterQuery('userName eq')}`), 400, 'invalidFilter');
  });
});

describe('Entra SCIM validator: groups', () => {
  it('answers every group request of the validator, and roles follow', async () => {
    const { accountId, token } = await env().connectedAccount('entra');
    const idp = env().scim(token);
    const kimBody = entraValidatorUser();
    const leeBody = entraValidatorUser();
    const kim = (await idp.post('/Users', kimBody).expect(201)).body.id as string;
    const lee = (await idp.post('/Users', leeBody).expect(201)).body.id as string;
    const kimEmail = kimBody.emails[0]!.value.toLowerCase();
    const leeEmail = leeBody.emails[0]!.value.toLowerCase();
    const displayName = `Group_${randomUUID()}`;

    // Lookup before create, members excluded: 200 and empty.
    const lookup = await idp.get(`/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "${displayName}"`)}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ schemas: [SCIM_LIST], totalResults: 0, Resources: [] });

    // Create Group (with Entra's extra schema and a meta.resourceType): 201 with an empty member list.
    const { members: _members, ...group } = entraCreateGroup(displayName);
    const body = { ...group, meta: { resourceType: 'Group' } };
    const created = await idp.post('/Groups', body).expect(201);
    const groupId = created.body.id as string;
    expect(created.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id: groupId,
      externalId: body.externalId,
      displayName,
      members: [],
      meta: { resourceType: 'Group', location: created.headers.location },
    });
    expectError(await idp.post('/Groups', body), 409, 'uniqueness');

    // Get Group and Get Group by displayName, both with excludedAttributes=members.
    const fetched = await idp.get(`/Groups/${groupId}?excludedAttributes=members`).expect(200);
    expect(fetched.body).toMatchObject({ id: groupId, displayName });
    expect(fetched.body).not.toHaveProperty('members');
    const found = await idp.get(`/Groups${filterQuery(`displayName eq "${displayName}"`, '&excludedAttributes=members')}`).expect(200);
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id: groupId, displayName }] });
    expect(found.body.Resources[0]).not.toHaveProperty('members');
    const all = await idp.get('/Groups?excludedAttributes=members').expect(200);
    expect(all.body).toMatchObject({ totalResults: 1, Resources: [{ id: groupId, displayName }] });
    expect(all.body.Resources[0]).not.toHaveProperty('members');
    expectError(await idp.get(`/Groups/${randomUUID()}?excludedAttributes=members`), 404);

    // Update Group [non-member attributes]: rename to a mapped group, 204.
    await idp.patch(`/Groups/${groupId}`, entraPatch([{ op: 'Replace', path: 'displayName', value: 'knock-role-admin' }])).expect(204);

    // Update Group [add members]: a value list with null $refs, 204; both become admins.
    await idp
      .patch(
        `/Groups/${groupId}`,
        entraPatch([
          {
            op: 'Add',
            path: 'members',
            value: [
              { $ref: null, value: kim },
              { $ref: null, value: lee },
            ],
          },
        ]),
      )
      .expect(204);
    await eventually(async () => expect(await roles(accountId)).toEqual({ [kimEmail]: 'admin', [leeEmail]: 'admin' }));
    // Groups are also queried by member.
    const byMember = await idp.get(`/Groups${filterQuery(`members.value eq "${kim}"`, '&excludedAttributes=members')}`).expect(200);
    expect(byMember.body.Resources.map((g: { id: string }) => g.id)).toEqual([groupId]);

    // Update Group [remove members]: only the listed member goes.
    await idp.patch(`/Groups/${groupId}`, entraPatch([{ op: 'Remove', path: 'members', value: [{ $ref: null, value: lee }] }])).expect(204);
    const afterRemove = await idp.get(`/Groups/${groupId}`).expect(200);
    expect(afterRemove.body.members.map((m: { value: string }) => m.value)).toEqual([kim]);
    await eventually(async () => expect(await roles(accountId)).toEqual({ [kimEmail]: 'admin', [leeEmail]: 'support' }));

    // The newer form of a member removal: a lower-case op and a filtered path.
    await idp.patch(`/Groups/${groupId}`, entraPatch([{ op: 'remove', path: `members[value eq "${kim}"]` }])).expect(204);
    expect((await idp.get(`/Groups/${groupId}`).expect(200)).body.members).toEqual([]);
    await eventually(async () => expect(await roles(accountId)).toEqual({ [kimEmail]: 'support', [leeEmail]: 'support' }));

    // Rename away from the mapped name with members in: the role goes with it.
    await idp.patch(`/Groups/${groupId}`, entraPatch([{ op: 'Add', path: 'members', value: [{ value: lee }] }])).expect(204);
    await eventually(async () => expect((await roles(accountId))[leeEmail]).toBe('admin'));
    await idp.patch(`/Groups/${groupId}`, entraPatch([{ op: 'Replace', path: 'displayName', value: displayName }])).expect(204);
    await eventually(async () => expect((await roles(accountId))[leeEmail]).toBe('support'));

    // Delete Group: 204, then 404.
    await idp.delete(`/Groups/${groupId}`).expect(204);
    expectError(await idp.get(`/Groups/${groupId}`), 404);
  });
});
