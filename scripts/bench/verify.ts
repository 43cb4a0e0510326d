import type { Knex } from 'knex';
import type { RoleMapping } from '../../src/domain/roles';
// The rules written again from docs/product-rules.md, not the production resolver (issue 10).
import { expectedRole } from '../../test/support/role-oracle';
import type { IdpSimulator } from './idp-simulator';

/**
 * Compares the database with what the IdP was told succeeded: every SCIM user and member (email,
 * access, title), every group's exact membership, and every member's role against the rules.
 * Returns the mismatches (empty when the database equals the model).
 */
export async function verifyAgainstModel(
  db: Knex,
  scope: { accountId: string; directoryId: string; mappings: RoleMapping[]; extraMembers: string[] },
  idp: IdpSimulator,
): Promise<string[]> {
  const problems: string[] = [];
  const users = new Map(
    (await db('scim_users').where({ directory_id: scope.directoryId }).select('id', 'user_name', 'active', 'attributes')).map((u) => [
      u.user_name as string,
      u,
    ]),
  );
  const members = new Map(
    (await db('members').where({ account_id: scope.accountId }).select('email', 'role', 'active', 'scim_user_id')).map((m) => [
      m.email as string,
      m,
    ]),
  );
  const memberships = await db('group_memberships as m')
    .join('scim_groups as g', 'g.id', 'm.group_id')
    .join('scim_users as u', 'u.id', 'm.user_id')
    .where('g.directory_id', scope.directoryId)
    .select('g.display_name', 'u.user_name');
  const groupsOf = new Map<string, string[]>();
  const membersOf = new Map<string, Set<string>>();
  for (const row of memberships) {
    groupsOf.set(row.user_name, [...(groupsOf.get(row.user_name) ?? []), row.display_name]);
    membersOf.set(row.display_name, (membersOf.get(row.display_name) ?? new Set()).add(row.user_name));
  }

  if (users.size !== idp.users.size) problems.push(`${users.size} SCIM users stored, the IdP created ${idp.users.size}`);
  if (members.size !== idp.users.size + scope.extraMembers.length)
    problems.push(`${members.size} members, expected ${idp.users.size + scope.extraMembers.length}`);
  for (const user of idp.users.values()) {
    const stored = users.get(user.email);
    const member = members.get(user.email);
    if (!stored || stored.id !== user.id) problems.push(`${user.email}: SCIM user missing or with another id`);
    else if ((stored.attributes as { title?: string }).title !== user.title)
      problems.push(`${user.email}: title ${(stored.attributes as { title?: string }).title}, IdP said ${user.title}`);
    if (!member) {
      problems.push(`${user.email}: no member`);
      continue;
    }
    if (member.active !== user.active) problems.push(`${user.email}: active ${member.active}, IdP said ${user.active}`);
    if (member.scim_user_id !== user.id) problems.push(`${user.email}: member not linked to its SCIM user`);
    const role = expectedRole([...user.groups], scope.mappings);
    if (member.role !== role) problems.push(`${user.email}: role ${member.role}, rules give ${role}`);
  }
  for (const group of idp.groups.values()) {
    const stored = membersOf.get(group.name) ?? new Set();
    const missing = [...group.members].filter((e) => !stored.has(e));
    const extra = [...stored].filter((e) => !group.members.has(e));
    if (missing.length || extra.length) problems.push(`${group.name}: ${missing.length} members missing, ${extra.length} extra`);
  }
  return problems;
}

/**
 * The same model checked through SCIM only, so it holds for any server (the embedded default,
 * whose database the bench cannot open, and the peer): every user the IdP created is listed once
 * with its id, title and active flag, and nobody else is.
 */
export async function verifyOverScim(scimBaseUrl: string, token: string, idp: IdpSimulator): Promise<string[]> {
  const problems: string[] = [];
  const listed = new Map<string, { id: string; title?: string; active?: boolean }>();
  for (let startIndex = 1; ; startIndex += 100) {
    const response = await fetch(`${scimBaseUrl}/Users?startIndex=${startIndex}&count=100`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) return [`GET /Users answered ${response.status}`];
    const page = (await response.json()) as {
      totalResults: number;
      Resources?: Array<{ id: string; userName: string; title?: string; active?: boolean }>;
    };
    for (const user of page.Resources ?? []) listed.set(user.userName, user);
    if (!page.Resources?.length || startIndex + page.Resources.length > page.totalResults) break;
  }
  if (listed.size !== idp.users.size) problems.push(`${listed.size} users listed, the IdP created ${idp.users.size}`);
  for (const user of idp.users.values()) {
    const found = listed.get(user.email);
    if (!found || found.id !== user.id) problems.push(`${user.email}: not listed, or with another id`);
    else if (found.title !== user.title || (found.active ?? true) !== user.active) {
      problems.push(`${user.email}: title ${found.title} active ${found.active}, IdP said ${user.title} ${user.active}`);
    }
  }
  return problems;
}
