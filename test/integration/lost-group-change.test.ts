import { randomUUID } from 'node:crypto';
import { oktaCreateGroup, oktaCreateUser, PATCH_OP } from '../fixtures/idp-requests';
import { eventually } from '../support/eventually';
import { useTestEnv } from '../support/test-env';

const env = useTestEnv();

/**
 * Found by the chaos run: a group change runs as a local activity, so its transaction can commit
 * (membership, audit row, role resolutions queued under its change id) while a Temporal restart
 * loses the update itself. Its workflow never learns the change id, and the IdP's retry, a new
 * change finding the membership in place, queues nothing. The retry must take over what the lost
 * change queued, or those members keep their old role for good.
 */
it('a group change takes over the role resolutions a lost change of the same group left queued', async () => {
  const { accountId, directoryId, token } = await env().connectedAccount();
  const idp = env().scim(token);
  const user = (await idp.post('/Users', oktaCreateUser('lost.change@acme.io')).expect(201)).body.id as string;
  const group = (await idp.post('/Groups', oktaCreateGroup('knock-role-admin')).expect(201)).body.id as string;

  // What the lost change committed, written as its transaction would have.
  const lost = randomUUID();
  await env().db.transaction(async (trx) => {
    await trx('group_memberships').insert({ group_id: group, user_id: user });
    await trx('audit_log').insert({
      change_id: lost,
      account_id: accountId,
      directory_id: directoryId,
      subject_type: 'group',
      subject_id: group,
      action: 'patch',
      details: JSON.stringify({ membersAdded: 1, membersRemoved: 0 }),
      outcome: JSON.stringify({ result: 'updated', exists: true, membersAdded: 1, membersRemoved: 0, roleResolutionsQueued: 1 }),
    });
    await trx('pending_role_resolutions').insert({ change_id: lost, account_id: accountId, directory_id: directoryId, user_id: user });
  });
  expect(await env().members(accountId)).toEqual([expect.objectContaining({ role: 'support' })]);

  // The IdP's retry of the same membership add: nothing new to add.
  await idp
    .patch(`/Groups/${group}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: user }] }] })
    .expect(204);

  await eventually(async () => expect(await env().members(accountId)).toEqual([expect.objectContaining({ role: 'admin' })]));
  await eventually(async () =>
    expect(await env().db('pending_role_resolutions').where({ account_id: accountId }).count<{ count: number }[]>('* as count')).toEqual([
      { count: 0 },
    ]),
  );
});
