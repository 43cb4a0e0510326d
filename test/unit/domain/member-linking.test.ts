import { decideMemberLink, memberIdentity } from '../../../src/domain/member-linking';
import { normalizeUserAttributes } from '../../../src/scim/user';
import { scimErrorOf } from '../../support/scim-error-of';

const USER = 'u-1';
type Member = { id: string; scim_user_id: string | null };
const linked: Member = { id: 'm-linked', scim_user_id: USER };
const unlinked: Member = { id: 'm-free', scim_user_id: null };
const otherUsers: Member = { id: 'm-other', scim_user_id: 'u-2' };

describe('linking a SCIM user to a member (docs/product-rules.md rules 1–2)', () => {
  it.each<[string, Member | undefined, Member | undefined, ReturnType<typeof decideMemberLink<Member>>]>([
    ['no member yet: create one', undefined, undefined, { kind: 'create' }],
    ['the linked member keeps the link', linked, undefined, { kind: 'linked', member: linked }],
    ['the linked member found by its own email', linked, linked, { kind: 'linked', member: linked }],
    ['a member with the email and no link is adopted', undefined, unlinked, { kind: 'adopt', member: unlinked }],
    [
      'a member already linked to this user by email is adopted',
      undefined,
      { id: 'm-x', scim_user_id: USER },
      { kind: 'adopt', member: { id: 'm-x', scim_user_id: USER } },
    ],
  ])('%s', (_, current, sameEmail, expected) => {
    expect(decideMemberLink(USER, 'pat@example.com', current, sameEmail)).toEqual(expected);
  });

  it.each<[string, Member | undefined, Member]>([
    ['the email belongs to a member of another SCIM user', undefined, otherUsers],
    ['a linked member cannot take the email of another member', linked, unlinked],
  ])('409 when %s', (_, current, sameEmail) => {
    const error = scimErrorOf(() => decideMemberLink(USER, 'pat@example.com', current, sameEmail));
    expect(error.status).toBe(409);
    expect(error.scimType).toBe('uniqueness');
  });

  it.each<[string, Record<string, unknown>, { email: string; name: string | null }]>([
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
  ])('the member takes %s', (_, body, expected) => {
    expect(memberIdentity(USER, normalizeUserAttributes(body))).toEqual({ ...expected, managed_by_directory: true, scim_user_id: USER });
  });

  it('a user with no email at all is refused (400 invalidValue)', () => {
    const error = scimErrorOf(() => memberIdentity(USER, normalizeUserAttributes({ userName: 'service-account' })));
    expect([error.status, error.scimType]).toEqual([400, 'invalidValue']);
  });
});
