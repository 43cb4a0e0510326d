import { useTestEnv } from '../support/test-env';
import { entraPatch, oktaCreateUser } from '../fixtures/idp-requests';

const env = useTestEnv();

describe('concurrent writes', () => {
  it('applies 20 concurrent PATCHes to one user, losing none', async () => {
    const { token } = await env().connectedAccount();
    const idp = env().scim(token);
    const created = await idp.post('/Users', oktaCreateUser('busy.bee@example.com')).expect(201);
    const id = created.body.id as string;

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        idp.patch(
          `/Users/${id}`,
          entraPatch([{ op: 'add', path: 'phoneNumbers', value: [{ type: 'other', value: `+1 555 01${String(i).padStart(2, '0')}` }] }]),
        ),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));

    const final = await idp.get(`/Users/${id}`).expect(200);
    expect(final.body.phoneNumbers).toHaveLength(20);
    expect(final.body.meta.version).toBe('W/"21"');
    // Each response saw a distinct version: the changes were applied one after another.
    const versions = responses.map((r) => r.body.meta.version).sort();
    expect(new Set(versions).size).toBe(20);
    expect(await env().db('audit_log').where({ subject_id: id, action: 'patch' }).count<{ count: number }[]>('* as count')).toEqual([
      { count: 20 },
    ]);
  });

  it('creates exactly one user from 10 concurrent POSTs of the same userName', async () => {
    const { accountId, token } = await env().connectedAccount();
    const idp = env().scim(token);
    const responses = await Promise.all(Array.from({ length: 10 }, () => idp.post('/Users', oktaCreateUser('twin.peaks@example.com'))));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    for (const conflict of responses.filter((r) => r.status === 409)) {
      expect(conflict.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    }
    expect(await env().db('scim_users').where({ user_name: 'twin.peaks@example.com' }).count<{ count: number }[]>('* as count')).toEqual([
      { count: 1 },
    ]);
    expect(await env().members(accountId)).toHaveLength(1);
  });
});
