import fc from 'fast-check';
import { formatFilter, type Filter } from '../../../src/scim/filter/ast';
import { parseFilter } from '../../../src/scim/filter/parser';
import { ScimError } from '../../../src/scim/errors';

describe('filter parser (RFC 7644 §3.4.2.2)', () => {
  it.each([
    'userName Eq "john"',
    'name.familyName co "O\'Malley"',
    'userName sw "J"',
    'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
    'title pr',
    'meta.lastModified gt "2011-05-13T04:42:34Z"',
    'meta.lastModified ge "2011-05-13T04:42:34Z"',
    'meta.lastModified lt "2011-05-13T04:42:34Z"',
    'meta.lastModified le "2011-05-13T04:42:34Z"',
    'title pr and userType eq "Employee"',
    'title pr or userType eq "Intern"',
    'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
    'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
    'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
    'userType eq "Employee" and (emails.type eq "work")',
    'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
    'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
  ])('parses the RFC example %s', (text) => {
    expect(() => parseFilter(text)).not.toThrow();
  });

  it('gives and precedence over or, and not/grouping over both', () => {
    expect(formatFilter(parseFilter('a eq 1 or b eq 2 and c eq 3'))).toBe('(a eq 1 or (b eq 2 and c eq 3))');
    expect(formatFilter(parseFilter('(a eq 1 or b eq 2) and c eq 3'))).toBe('((a eq 1 or b eq 2) and c eq 3)');
    expect(formatFilter(parseFilter('not (a eq 1) and b pr'))).toBe('(not (a eq 1) and b pr)');
  });

  it('reads values: strings with escapes, numbers, booleans, null, keywords in any case', () => {
    expect(parseFilter('displayName eq "Say \\"hi\\" \\u00e9"')).toEqual({
      type: 'compare',
      path: { attr: 'displayName' },
      op: 'eq',
      value: 'Say "hi" é',
    });
    expect(parseFilter('x GT -1.5e2')).toMatchObject({ op: 'gt', value: -150 });
    expect(parseFilter('active eq True')).toMatchObject({ value: true });
    expect(parseFilter('manager eq null')).toMatchObject({ value: null });
    expect(parseFilter('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "x"')).toMatchObject({
      path: { schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', attr: 'manager', sub: 'value' },
    });
  });

  it.each([
    ['userName eq', /end of filter/],
    ['userName equals "x"', /Unknown operator/],
    ['userName eq "x" and', /end of filter/],
    ['(userName eq "x"', /expected '\)'/i],
    ['userName eq "unterminated', /string/],
    ['userName eq "x" userName', /Unexpected/],
    ['emails[type eq "work"', /expected '\]'/i],
    ['userName eq x', /Expected a string/],
    ['', /end of filter/],
    ['a.b.c eq "x"', /Invalid attribute path/],
  ])('rejects %j as invalidFilter', (text, message) => {
    try {
      parseFilter(text);
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(ScimError);
      expect((error as ScimError).scimType).toBe('invalidFilter');
      expect((error as ScimError).status).toBe(400);
      expect((error as ScimError).message).toMatch(message);
    }
  });

  it('round-trips: parse(format(f)) equals f for any filter', () => {
    const attrName = fc
      .stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}$/)
      .filter((s) => !['and', 'or', 'not', 'pr', 'true', 'false', 'null'].includes(s.toLowerCase()));
    const path = fc
      .record({ attr: attrName, sub: fc.option(attrName, { nil: undefined }) })
      .map(({ attr, sub }) => (sub ? { attr, sub } : { attr }));
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    const op = fc.constantFrom('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le') as fc.Arbitrary<'eq'>;
    const { filter } = fc.letrec<{ filter: Filter }>((tie) => ({
      filter: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.record({ type: fc.constant('compare' as const), path, op, value }),
        fc.record({ type: fc.constant('present' as const), path }),
        fc.record({ type: fc.constantFrom('and' as const, 'or' as const), left: tie('filter'), right: tie('filter') }),
        fc.record({ type: fc.constant('not' as const), filter: tie('filter') }),
      ),
    }));
    fc.assert(fc.property(filter, (f) => expect(parseFilter(formatFilter(f))).toEqual(f)));
  });
});
