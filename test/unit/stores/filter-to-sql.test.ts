import { parseFilter } from '../../../src/scim/filter/parser';
import { filterToSql } from '../../../src/stores/filter-sql/to-sql';
import { resolveUserFilterAttribute } from '../../../src/stores/filter-sql/user-attributes';
import { ScimError } from '../../../src/scim/errors';

const sql = (filter: string) => filterToSql(parseFilter(filter), resolveUserFilterAttribute);

/**
 * What filters select is checked on PostgreSQL (test/integration/filter-selection.test.ts: the
 * RFC 7644 §3.4.2.2 examples over a fixed data set; filter-sql-property.test.ts: random filters
 * against the in-memory evaluator). Here only what needs no database: values never reach the SQL
 * text, and what cannot be translated is refused.
 */
describe('filter translation to SQL', () => {
  it('keeps values out of the SQL text, escaping LIKE wildcards', () => {
    const { sql: text, bindings } = sql(`userName co "'; drop table users; --%_"`);
    expect(text).not.toContain('drop');
    expect(bindings).toEqual(["%'; drop table users; --\\%\\_%"]);
  });

  it.each([
    'nosuch eq "x"',
    'name.nosuch eq "x"',
    'urn:example:ext:1.0:User:x eq "y"',
    'active eq "yes"',
    'active gt true',
    'meta.created gt "not a date"',
    'userName.value eq "x"',
  ])('rejects %s as invalidFilter', (filter) => {
    expect(() => sql(filter)).toThrow(ScimError);
    try {
      sql(filter);
    } catch (error) {
      expect((error as ScimError).scimType).toBe('invalidFilter');
    }
  });
});
