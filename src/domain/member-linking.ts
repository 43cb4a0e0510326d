import { ScimError } from '../scim/errors';
import { memberName, primaryEmail, type UserAttributes } from '../scim/user';

/** docs/product-rules.md rules 1–2: a SCIM user is linked to one account member, found by email. */

interface MemberRef {
  id: string;
  scim_user_id: string | null;
}

export type MemberLink<Member extends MemberRef> =
  /** No member has the email: a new one is created with it. */
  | { kind: 'create'; email: string }
  /** Rule 2: the account already has a member with this email (case-insensitive): it is adopted. */
  | { kind: 'adopt'; member: Member }
  /**
   * The member already linked to this SCIM user is updated. When the user has no email any more,
   * the member keeps the link and its last email (rule 2): losing an email never drops access.
   */
  | { kind: 'linked'; member: Member }
  /**
   * Rule 2: the user has no email and no member is linked to it. The SCIM user is kept, linked to
   * no member and given no access, until a change gives it an email.
   */
  | { kind: 'waitingForEmail' };

/**
 * Which member a SCIM user's change applies to. `email` is the user's email (undefined: it has
 * none), `linked` the member already linked to the SCIM user, `sameEmail` the account's member
 * with the user's email (only looked up when there is one). Two SCIM users can never share a
 * member, and a linked member cannot take an email another member has (409 uniqueness).
 */
export function decideMemberLink<Member extends MemberRef>(
  scimUserId: string,
  email: string | undefined,
  linked: Member | undefined,
  sameEmail: Member | undefined,
): MemberLink<Member> {
  if (email === undefined) return linked ? { kind: 'linked', member: linked } : { kind: 'waitingForEmail' };
  if (sameEmail && sameEmail.id !== linked?.id) {
    if (linked || (sameEmail.scim_user_id && sameEmail.scim_user_id !== scimUserId)) {
      throw ScimError.conflict(`Another member of this account already has the email ${email}`);
    }
    return { kind: 'adopt', member: sameEmail };
  }
  return linked ? { kind: 'linked', member: linked } : { kind: 'create', email };
}

export interface MemberIdentity {
  /** Absent when the user has no email: a linked member keeps the one it has (rule 2). */
  email?: string;
  name: string | null;
  managed_by_directory: true;
  scim_user_id: string;
}

/** What a member takes from its SCIM user: email (when it has one), name, and that the directory manages it. */
export function memberIdentity(scimUserId: string, attributes: UserAttributes): MemberIdentity {
  const email = primaryEmail(attributes);
  return { ...(email ? { email } : {}), name: memberName(attributes) ?? null, managed_by_directory: true, scim_user_id: scimUserId };
}
