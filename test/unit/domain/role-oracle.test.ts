import fc from 'fast-check';
import { resolveRole, ROLES } from '../../../src/domain/roles';
import { expectedRole } from '../../support/role-oracle';

/**
 * The production resolver against the rule-3 oracle the integration tests and the bench verdict
 * use (test/support/role-oracle.ts, written from docs/product-rules.md): the same role for random group
 * lists, in any letter case, and random custom mappings (which never name a default group, as the
 * API refuses those).
 */
const DEFAULT_NAMES = ['knock-role-owner', 'knock-role-admin', 'knock-role-member', 'knock-role-billing', 'knock-role-support'];
const CUSTOM_NAMES = ['Eng', 'Finance', 'Ops', 'Sales Team'];
const OTHER_NAMES = ['Everyone', 'knock-role-everyone', 'knock-role'];
const recase = (name: string, mask: boolean[]) =>
  [...name].map((c, i) => (mask[i % mask.length] ? c.toUpperCase() : c.toLowerCase())).join('');
const groupName = fc
  .tuple(fc.constantFrom(...DEFAULT_NAMES, ...CUSTOM_NAMES, ...OTHER_NAMES), fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }))
  .map(([n, m]) => recase(n, m));
const mapping = fc.record({ group: groupName.filter((g) => !DEFAULT_NAMES.includes(g.toLowerCase())), role: fc.constantFrom(...ROLES) });

it('the production resolver agrees with the rule-3 oracle', () => {
  fc.assert(
    fc.property(
      fc.array(groupName, { maxLength: 6 }),
      fc.uniqueArray(mapping, { maxLength: 4, selector: (m) => m.group.toLowerCase() }),
      (groups, mappings) => {
        expect(resolveRole(groups, mappings)).toBe(expectedRole(groups, mappings));
      },
    ),
    { numRuns: 1000 },
  );
});

it('the oracle reads rule 3 as the README table does', () => {
  expect(expectedRole([], [])).toBe('support');
  expect(expectedRole(['KNOCK-ROLE-Owner'], [])).toBe('owner');
  expect(expectedRole(['knock-role-billing', 'knock-role-member'], [])).toBe('member');
  expect(expectedRole(['Finance'], [{ group: 'Finance', role: 'billing' }])).toBe('billing');
  expect(expectedRole(['Finance', 'knock-role-admin'], [{ group: 'Finance', role: 'billing' }])).toBe('admin');
  expect(expectedRole(['Unmapped'], [{ group: 'Finance', role: 'owner' }])).toBe('support');
});
