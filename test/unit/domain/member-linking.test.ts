import { decideMemberLink, memberIdentity } from '../../../src/domain/member-linking';
import { normalizeUserAttributes } from '../../../src/scim/user';
import { scimErrorOf } from '../../support/scim-error-of';

const USER = 'u-1';
const EMAIL = 'pat@example.com';
type Member = { id: string; scim_user_id: string | null };
const linked: Member = { id: 'm-linked', scim_user_id: USER };
const unlinked: Member = { id: 'm-free', scim_user_id: null };
const otherUsers: Member = { id: 'm-other', scim_user_id: 'u-2' };

describe('linking a SCIM user to a member (docs/product-rules.md rules 1–2)', () => {
  it.each<[string, string | undefined, Member | undefined, Member | undefined, ReturnType<typeof decideMemberLink<Member>>]>([
    ['no member yet: create one with the email', EMAIL, undefined, undefined, { kind: 'create', email: EMAIL }],
    ['the linked member keeps the link', EMAIL, linked, undefined, { kind: 'linked', member: linked }],
    ['the linked member found by its own email', EMAIL, linked, linked, { kind: 'linked', member: linked }],
    ['a member with the email and no link is adopted', EMAIL, undefined, unlinked, { kind: 'adopt', member: unlinked }],
    [
      'a member already linked to this user by email is adopted',
      EMAIL,
      undefined,
      { id: 'm-x', scim_user_id: USER },
      { kind: 'adopt', member: { id: 'm-x', scim_user_id: USER } },
    ],
    // Rule 2: no email, no member: the SCIM user is kept and waits for an email, with no access.
    ['no email and no linked member: waiting for an email', undefined, undefined, undefined, { kind: 'waitingForEmail' }],
    // Rule 2: losing the email never unlinks; the member keeps the link (and its last email).
    ['no email any more, but linked: the member keeps the link', undefined, linked, undefined, { kind: 'linked', member: linked }],
    // Without an email there is nothing to match: a member passed as `sameEmail` is never adopted.
    ['no email: nothing is adopted', undefined, undefined, unlinked, { kind: 'waitingForEmail' }],
    ['no email: no conflict with another member either', undefined, linked, otherUsers, { kind: 'linked', member: linked }],
  ])('%s', (_, email, current, sameEmail, expected) => {
    expect(decideMemberLink(USER, email, current, sameEmail)).toEqual(expected);
  });

  it.each<[string, Member | undefined, Member]>([
    ['the email belongs to a member of another SCIM user', undefined, otherUsers],
    ['a linked member cannot take the email of another member', linked, unlinked],
  ])('409 when %s', (_, current, sameEmail) => {
    const error = scimErrorOf(() => decideMemberLink(USER, EMAIL, current, sameEmail));
    expect(error.status).toBe(409);
    expect(error.scimType).toBe('uniqueness');
  });

  it.each<[string, Record<string, unknown>, { email?: string; name: string | null }]>([
    [
      'the primary email and displayName',
      { userName: 'pat', displayName: 'Pat S', emails: [{ value: 'Pat@Example.com', primary: true }] },
      { email: 'pat@example.com', name: 'Pat S' },
    ],
    [
      'an email-shaped userName and given + family name',
      { userName: 'lee@example.com', name: { givenName: 'Lee', familyName: 'Ray' } },
      { email: 'lee@example.com', name: 'Lee Ray' },
    ],
    ['no name at all', { userName: 'kim@example.com' }, { email: 'kim@example.com', name: null }],
    // Okta's service accounts: a userName that is not an email, no `emails`.
    ['no email at all (none to overwrite the member with)', { userName: 'svc-build-bot', displayName: 'Build Bot' }, { name: 'Build Bot' }],
    ['an empty emails list', { userName: 'svc-build-bot', emails: [] }, { name: null }],
  ])('the member takes %s', (_, body, expected) => {
    const identity = memberIdentity(USER, normalizeUserAttributes(body));
    expect(identity).toEqual({ ...expected, managed_by_directory: true, scim_user_id: USER });
    // Absent, not undefined: spreading it into a member update must never clear the member's email.
    expect(Object.hasOwn(identity, 'email')).toBe(expected.email !== undefined);
  });
});
