import type { TestEnv } from './test-env';

/** Each member's role by email, with " (inactive)" when the member has no access: what a sequence asserts. */
export async function memberRoles(env: TestEnv, accountId: string): Promise<Record<string, string>> {
  const members = await env.members(accountId);
  return Object.fromEntries(members.map((m) => [m.email as string, `${m.role}${m.active ? '' : ' (inactive)'}`]));
}
