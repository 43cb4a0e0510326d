import type { Knex } from 'knex';
import { resolveRole } from '../../src/domain/roles';
import { ScimError } from '../../src/scim/errors';
import { memberName, primaryEmail, type UserAttributes } from '../../src/scim/user';
import { insertMember, lockMemberByEmail, lockMemberByScimUser } from '../../src/stores/members';
import { listRoleMappings } from '../../src/stores/role-mappings';
import { groupNamesOfUser } from '../../src/stores/scim-users';
import { applyMemberAccess, releaseHeldChanges, type AccessResult } from './member-access';

export type MemberSync = Partial<AccessResult> & { released: AccessResult['released'] };

/**
 * Brings the account member linked to a SCIM user in line with it (DESIGN.md rules 1–3):
 * creates it, or adopts the member with the same email (case-insensitive), and overwrites its
 * name, access and role from the IdP, under the last-owner guard. `attributes: null` means the
 * SCIM user was deleted: access is revoked and the link dropped; the member itself is kept.
 */
export async function syncMemberWithUser(
  trx: Knex.Transaction,
  accountId: string,
  scimUserId: string,
  attributes: UserAttributes | null,
): Promise<MemberSync> {
  const linked = await lockMemberByScimUser(trx, scimUserId);
  if (attributes === null) {
    if (!linked) return { released: [] };
    return applyMemberAccess(trx, linked, { role: linked.role, active: false }, { scim_user_id: null, managed_by_directory: false });
  }

  const email = primaryEmail(attributes);
  if (!email) {
    throw ScimError.badRequest('invalidValue', 'A user needs an email address: in emails, or as an email-shaped userName');
  }
  const access = {
    role: resolveRole(await groupNamesOfUser(trx, scimUserId), await listRoleMappings(trx, accountId)),
    active: attributes.active,
  };
  const identity = { email, name: memberName(attributes) ?? null, managed_by_directory: true, scim_user_id: scimUserId };

  const sameEmail = await lockMemberByEmail(trx, accountId, email);
  if (sameEmail && sameEmail.id !== linked?.id) {
    if (linked || (sameEmail.scim_user_id && sameEmail.scim_user_id !== scimUserId)) {
      throw ScimError.conflict(`Another member of this account already has the email ${email}`);
    }
    return applyMemberAccess(trx, sameEmail, access, identity); // rule 2: adopt the existing member
  }
  if (linked) return applyMemberAccess(trx, linked, access, identity);

  const member = await insertMember(trx, { account_id: accountId, ...identity, ...access });
  if (!(access.active && access.role === 'owner')) return { member, released: [] };
  await trx('accounts').where({ id: accountId }).forUpdate().first('id');
  return { member, released: await releaseHeldChanges(trx, accountId, member.id) };
}
