import type { Tx } from '../../src/db/database';
import { decideMemberLink, memberIdentity } from '../../src/domain/member-linking';
import type { UserAttributes } from '../../src/scim/user';
import { lockMemberByEmail, lockMemberByScimUser } from '../../src/stores/members';
import { applyMemberAccess, createMember, type AccessResult } from './member-access';
import { resolvedRole } from './resolved-role';

export type MemberSync = Partial<AccessResult> & {
  released: AccessResult['released'];
  /** Rule 2: the user has no email and no linked member; it is kept with no member until an email arrives. */
  waitingForEmail?: true;
  /** The linked or adopted member's role and access before this change (the events feed's "from"). */
  before?: { role: string; active: boolean };
};

/**
 * Brings the account member linked to a SCIM user in line with it (rules 1–3): creates it, or
 * adopts the member with the same email, and overwrites its name, access and role from the IdP,
 * under the last-owner guard. A user with no email links to no member until one arrives; a linked
 * user that loses its email keeps its member and that member's email. `attributes: null` means
 * the SCIM user was deleted: access is revoked and the link dropped; the member itself is kept.
 */
export async function syncMemberWithUser(
  tx: Tx,
  accountId: string,
  scimUserId: string,
  attributes: UserAttributes | null,
): Promise<MemberSync> {
  const linked = await lockMemberByScimUser(tx, scimUserId);
  if (attributes === null) {
    if (!linked) return { released: [] };
    const before = { role: linked.role, active: linked.active };
    return {
      ...(await applyMemberAccess(tx, linked, { role: linked.role, active: false }, { scim_user_id: null, managed_by_directory: false })),
      before,
    };
  }

  const identity = memberIdentity(scimUserId, attributes);
  const sameEmail = identity.email === undefined ? undefined : await lockMemberByEmail(tx, accountId, identity.email);
  const link = decideMemberLink(scimUserId, identity.email, linked, sameEmail);
  if (link.kind === 'waitingForEmail') return { released: [], waitingForEmail: true };

  const access = { role: await resolvedRole(tx, accountId, scimUserId), active: attributes.active };
  if (link.kind !== 'create') {
    const before = { role: link.member.role, active: link.member.active };
    return { ...(await applyMemberAccess(tx, link.member, access, identity)), before };
  }
  return createMember(tx, { account_id: accountId, ...identity, email: link.email, ...access });
}
