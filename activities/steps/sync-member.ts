import type { Knex } from 'knex';
import type { MemberRow } from '../../src/db/rows';
import { resolveRole } from '../../src/domain/roles';
import { ScimError } from '../../src/scim/errors';
import { memberName, primaryEmail, type UserAttributes } from '../../src/scim/user';
import { insertMember, lockMemberByEmail, lockMemberByScimUser, updateMember } from '../../src/stores/member-store';
import { listRoleMappings } from '../../src/stores/role-mapping-store';
import { groupNamesOfUser } from '../../src/stores/scim-user-store';

/**
 * Brings the account member linked to a SCIM user in line with it (DESIGN.md rules 1–3):
 * creates it, or adopts the member with the same email (case-insensitive), and overwrites its
 * name, access and role from the IdP. `attributes: null` means the SCIM user was deleted: access
 * is revoked and the link dropped, the member itself is kept.
 */
export async function syncMemberWithUser(
  trx: Knex.Transaction,
  accountId: string,
  scimUserId: string,
  attributes: UserAttributes | null,
): Promise<MemberRow | undefined> {
  const linked = await lockMemberByScimUser(trx, scimUserId);
  if (attributes === null) {
    return linked
      ? updateMember(trx, linked.id, { active: false, scim_user_id: null, managed_by_directory: false })
      : undefined;
  }

  const email = primaryEmail(attributes);
  if (!email) {
    throw ScimError.badRequest('invalidValue', 'A user needs an email address: in emails, or as an email-shaped userName');
  }
  const role = resolveRole(await groupNamesOfUser(trx, scimUserId), await listRoleMappings(trx, accountId));
  const fields = {
    email,
    name: memberName(attributes) ?? null,
    active: attributes.active,
    role,
    managed_by_directory: true,
    scim_user_id: scimUserId,
  };

  const sameEmail = await lockMemberByEmail(trx, accountId, email);
  if (sameEmail && sameEmail.id !== linked?.id) {
    if (linked || (sameEmail.scim_user_id && sameEmail.scim_user_id !== scimUserId)) {
      throw ScimError.conflict(`Another member of this account already has the email ${email}`);
    }
    return updateMember(trx, sameEmail.id, fields); // rule 2: adopt the existing member
  }
  if (linked) return updateMember(trx, linked.id, fields);
  return insertMember(trx, { account_id: accountId, ...fields });
}
