import type { TestEnv } from './test-env';
import { oktaCreateUser } from '../fixtures/idp-requests';

/**
 * Another tenant's ordinary day, run after a hostile request: a create, a lookup by userName and
 * the new member's role. Whatever one tenant sent must leave all three working for the others.
 */
export async function expectOtherTenantWorks(env: TestEnv): Promise<void> {
  const { accountId, token } = await env.connectedAccount();
  const idp = env.scim(token);
  const email = `canary.${Date.now()}@example.com`;
  const created = await idp.post('/Users', oktaCreateUser(email)).expect(201);
  const found = await idp.get(`/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`).expect(200);
  if (found.body.totalResults !== 1 || found.body.Resources[0].id !== created.body.id) {
    throw new Error(`the canary tenant's lookup found ${JSON.stringify(found.body)}`);
  }
  const members = await env.members(accountId);
  if (members.length !== 1 || members[0]!.role !== 'support' || members[0]!.active !== true) {
    throw new Error(`the canary tenant's member is ${JSON.stringify(members)}`);
  }
}
