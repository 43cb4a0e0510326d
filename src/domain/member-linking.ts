import { ScimError } from '../scim/errors';
import { memberName, primaryEmail, type UserAttributes } from '../scim/user';

/** docs/product-rules.md rules 1–2: a SCIM user is linked to one account member, found by email. */

interface MemberRef {
  id: string;
  scim_user_id: string | null;
}

export type MemberLink<Member extends MemberRef> =
  /** No member has the email: a new one is created. */
  | { kind: 'create' }
  /** Rule 2: the account already has a member with this email (case-insensitive): it is adopted. */
  | { kind: 'adopt'; member: Member }
  /** The member already linked to this SCIM user is updated. */
  | { kind: 'linked'; member: Member };

/**
 * Which member a SCIM user's change applies to. `linked` is the member already linked to the SCIM
 * user, `sameEmail` the account's member with the user's email. Two SCIM users can never share a
 * member, and a linked member cannot take an email another member has (409 uniqueness).
 */
export function decideMemberLink<Member extends MemberRef>(
  scimUserId: string,
  email: string,
  linked: Member | undefined,
  sameEmail: Member | undefined,
): MemberLink<Member> {
  if (sameEmail && sameEmail.id !== linked?.id) {
    if (linked || (sameEmail.scim_user_id && sameEmail.scim_user_id !== scimUserId)) {
      throw ScimError.conflict(`Another member of this account already has the email ${email}`);
    }
    return { kind: 'adopt', member: sameEmail };
  }
  return linked ? { kind: 'linked', member: linked } : { kind: 'create' };
}

export interface MemberIdentity {
  email: string;
  name: string | null;
  managed_by_directory: true;
  scim_user_id: string;
}

/** What a member takes from its SCIM user: email, name, and that the directory manages it. */
export function memberIdentity(scimUserId: string, attributes: UserAttributes): MemberIdentity {
  const email = primaryEmail(attributes);
  if (!email) throw ScimError.badRequest('invalidValue', 'A user needs an email address: in emails, or as an email-shaped userName');
  return { email, name: memberName(attributes) ?? null, managed_by_directory: true, scim_user_id: scimUserId };
}
