import { matchesFilter } from '../../../src/scim/filter/evaluate';
import { parseFilter } from '../../../src/scim/filter/parser';
import type { AttrPath } from '../../../src/scim/filter/ast';

/**
 * The in-memory filter (RFC 7644 §3.4.2.2) used by PATCH value filters. Each case states what the
 * RFC says a filter selects; the expected results are written by hand, not computed.
 */
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const jane: Record<string, unknown> = {
  userName: 'Jane@Acme.io',
  displayName: 'Jane Doe',
  active: true,
  age: 41,
  nickName: '',
  title: null,
  phoneNumbers: [],
  name: { givenName: 'Jane', familyName: 'Doe' },
  emails: [
    { value: 'jane@acme.io', type: 'work', primary: true },
    { value: 'jd@home.io', type: 'home' },
  ],
  ims: ['jane-im'],
  [ENTERPRISE]: { department: 'R&D', costCenter: 7 },
};

const matches = (filter: string, resource: Record<string, unknown> = jane, caseExact?: (path: AttrPath) => boolean) =>
  matchesFilter(parseFilter(filter), resource, caseExact);

describe('matchesFilter: string operators, case-insensitive by default', () => {
  it.each<[string, boolean]>([
    ['userName eq "jane@acme.io"', true],
    ['userName eq "jane@acme.com"', false],
    ['userName ne "jane@acme.io"', false],
    ['userName ne "bob@acme.io"', true],
    ['userName co "ACME"', true],
    ['userName co "bob"', false],
    ['userName sw "JANE@"', true],
    ['userName sw "acme"', false],
    ['userName ew ".IO"', true],
    ['userName ew "jane"', false],
    ['displayName gt "Jane"', true],
    ['displayName gt "Jane Doe"', false],
    ['displayName ge "jane doe"', true],
    ['displayName ge "Janf"', false],
    ['displayName lt "Janf"', true],
    ['displayName lt "jane doe"', false],
    ['displayName le "JANE DOE"', true],
    ['displayName le "Jane"', false],
  ])('%s → %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it('compares exactly when the attribute is caseExact', () => {
    const exact = () => true;
    expect(matches('userName eq "jane@acme.io"', jane, exact)).toBe(false);
    expect(matches('userName eq "Jane@Acme.io"', jane, exact)).toBe(true);
    expect(matches('userName co "acme"', jane, exact)).toBe(false);
    expect(matches('userName sw "jane"', jane, exact)).toBe(false);
    expect(matches('userName ew "IO"', jane, exact)).toBe(false);
    // Upper case sorts before lower case in an exact comparison.
    expect(matches('userName gt "jane"', jane, exact)).toBe(false);
  });

  it('a string operator on a non-string value matches only for ne', () => {
    expect(matches('name eq "Jane"')).toBe(false);
    expect(matches('name ne "Jane"')).toBe(true);
    expect(matches('name co "Jane"')).toBe(false);
  });
});

describe('matchesFilter: booleans, numbers and null', () => {
  it.each<[string, boolean]>([
    ['active eq true', true],
    ['active eq false', false],
    ['active ne false', true],
    ['active ne true', false],
    ['active gt false', false],
    ['age eq 41', true],
    ['age ne 41', false],
    ['age gt 40', true],
    ['age gt 41', false],
    ['age ge 41', true],
    ['age ge 42', false],
    ['age lt 42', true],
    ['age lt 41', false],
    ['age le 41', true],
    ['age le 40', false],
    ['age co 4', false],
    ['title eq null', true],
    ['missing eq null', true],
    ['userName eq null', false],
    ['title ne null', false],
    ['userName ne null', true],
    ['userName gt null', false],
    ['missing eq "x"', false],
    ['missing ne "x"', true],
  ])('%s → %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it('reads a boolean sent as a string', () => {
    expect(matches('active eq true', { active: 'TRUE' })).toBe(true);
    expect(matches('active eq true', { active: 'false' })).toBe(false);
  });
});

describe('matchesFilter: presence (pr)', () => {
  it.each<[string, boolean]>([
    ['userName pr', true],
    ['missing pr', false],
    ['title pr', false],
    ['nickName pr', false],
    ['phoneNumbers pr', false],
    ['emails pr', true],
    ['name.givenName pr', true],
    ['name.middleName pr', false],
  ])('%s → %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });
});

describe('matchesFilter: paths', () => {
  it('compares the `value` of each element of a multi-valued attribute named without a sub-attribute', () => {
    expect(matches('emails eq "jd@home.io"')).toBe(true);
    expect(matches('emails eq "work"')).toBe(false);
    expect(matches('ims eq "jane-im"')).toBe(true);
  });

  it('matches a sub-attribute of any element', () => {
    expect(matches('emails.type eq "home"')).toBe(true);
    expect(matches('emails.type eq "other"')).toBe(false);
    expect(matches('name.familyName eq "doe"')).toBe(true);
  });

  it('reads attribute names case-insensitively (RFC 7643 §2.1)', () => {
    expect(matches('USERNAME eq "jane@acme.io"')).toBe(true);
    expect(matches('Name.GivenName eq "jane"')).toBe(true);
  });

  it('reads an extension attribute under its URN, and a core URN as the resource itself', () => {
    expect(matches(`${ENTERPRISE}:department eq "r&d"`)).toBe(true);
    expect(matches(`${ENTERPRISE}:costCenter eq 7`)).toBe(true);
    expect(matches(`${ENTERPRISE}:department eq "sales"`)).toBe(false);
    expect(matches('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "jane@acme.io"')).toBe(true);
    expect(matches('urn:example:other:1.0:department eq "r&d"')).toBe(false);
  });

  it('never reads inherited members (issue 9)', () => {
    expect(matches('toString pr')).toBe(false);
    // The parser refuses `constructor`; the evaluator must not see it either if handed such a path.
    expect(matchesFilter({ type: 'compare', path: { attr: 'constructor', sub: 'name' }, op: 'eq', value: 'Object' }, {})).toBe(false);
    expect(matchesFilter({ type: 'present', path: { attr: 'constructor' } }, {})).toBe(false);
  });
});

describe('matchesFilter: logical operators and value paths', () => {
  it.each<[string, boolean]>([
    ['userName sw "jane" and active eq true', true],
    ['userName sw "jane" and active eq false', false],
    ['active eq false and userName sw "jane"', false],
    ['userName sw "bob" or active eq true', true],
    ['active eq true or userName sw "bob"', true],
    ['userName sw "bob" or active eq false', false],
    ['not (userName sw "bob")', true],
    ['not (userName sw "jane")', false],
    ['emails[type eq "work" and primary eq true]', true],
    ['emails[type eq "home" and primary eq true]', false],
    ['emails[value ew "home.io"]', true],
    ['name[givenName eq "jane"]', true],
    ['missing[type eq "work"]', false],
    ['ims[value eq "jane-im"]', false],
  ])('%s → %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });
});
