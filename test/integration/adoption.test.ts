import { randomUUID } from 'node:crypto';
import { useTestEnv } from '../support/test-env';
import { oktaCreateUser } from '../fixtures/idp-requests';

const env = useTestEnv();

describe('identity by email (docs/product-rules.md rule 2)', () => {
  it('links a member created before the directory, whatever the case of its email, and overwrites it', async () => {
    const accountId = `acct-${randomUUID().slice(0, 8)}`;
    await env().admin('post', '/accounts').send({ id: accountId, name: 'Adopters' }).expect(201);
    // A member from before the directory existed (invited or created by hand), with an admin role.
    await env().db('members').insert({
      id: randomUUID(),
      account_id: accountId,
      email: 'Pat.Smith@Example.COM',
      name: 'Old Name',
      role: 'admin',
      active: true,
      managed_by_directory: false,
    });
    const { token } = (await env().admin('post', `/accounts/${accountId}/directory/connect`).send({}).expect(201)).body;

    const created = await env().scim(token).post('/Users', oktaCreateUser('pat.smith@example.com')).expect(201);

    const members = await env().members(accountId);
    expect(members).toEqual([
      {
        email: 'pat.smith@example.com',
        name: 'pat smith',
        role: 'support',
        active: true,
        managedByDirectory: true,
        scimUserId: created.body.id,
      },
    ]);
  });

  it('leaves members that no SCIM user links to untouched (rule 4)', async () => {
    const { accountId, token } = await env().connectedAccount();
    const bystander = {
      id: randomUUID(),
      account_id: accountId,
      email: 'owner@example.com',
      name: 'Owner',
      role: 'owner' as const,
      active: true,
      managed_by_directory: false,
    };
    await env().db('members').insert(bystander);
    await env().scim(token).post('/Users', oktaCreateUser('someone.else@example.com')).expect(201);
    const row = await env().db('members').where({ id: bystander.id }).first();
    expect(row).toMatchObject({ email: 'owner@example.com', role: 'owner', active: true, managed_by_directory: false, scim_user_id: null });
  });
});
