import { parseFilter } from '../../../src/scim/filter/parser';
import { filterToSql } from '../../../src/scim/filter/to-sql';
import { resolveUserFilterAttribute } from '../../../src/scim/user-filter-attributes';
import { ScimError } from '../../../src/scim/errors';

const sql = (filter: string) => filterToSql(parseFilter(filter), resolveUserFilterAttribute);

describe('filter translation to SQL', () => {
  it('compares userName case-insensitively and externalId exactly (RFC 7643 caseExact)', () => {
    expect(sql('userName eq "Jane@Acme.io"')).toEqual({ sql: 'coalesce((lower(user_name) = ?), false)', bindings: ['jane@acme.io'] });
    expect(sql('externalId eq "00uAbC"')).toEqual({ sql: 'coalesce((external_id = ?), false)', bindings: ['00uAbC'] });
  });

  it('looks into multi-valued emails with an EXISTS over the jsonb array', () => {
    const { sql: text, bindings } = sql('emails.value eq "A@B.io"');
    expect(text).toContain("jsonb_array_elements");
    expect(text).toContain("lower((elem->>'value')) = ?");
    expect(bindings).toEqual(['a@b.io']);
    const both = sql('emails[type eq "work" and value co "@acme"]');
    expect(both.bindings).toEqual(['work', '%@acme%']);
  });

  it('keeps values out of the SQL text, escaping LIKE wildcards', () => {
    const { sql: text, bindings } = sql(`userName co "'; drop table users; --%_"`);
    expect(text).not.toContain('drop');
    expect(bindings).toEqual(["%'; drop table users; --\\%\\_%"]);
  });

  it.each(['nosuch eq "x"', 'name.nosuch eq "x"', 'urn:example:ext:1.0:User:x eq "y"', 'active eq "yes"', 'active gt true', 'meta.created gt "not a date"', 'userName.value eq "x"'])(
    'rejects %s as invalidFilter',
    (filter) => {
      expect(() => sql(filter)).toThrow(ScimError);
      try {
        sql(filter);
      } catch (error) {
        expect((error as ScimError).scimType).toBe('invalidFilter');
      }
    },
  );
});
