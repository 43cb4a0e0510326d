import { LINEAR_TIME_BUDGET_MS } from '../../support/time-budget';
import { ScimError } from '../../../src/scim/errors';
import { parseFilter } from '../../../src/scim/filter/parser';
import { memberIds, normalizeGroupAttributes } from '../../../src/scim/group';
import * as limits from '../../../src/scim/limits';
import { listQueryFromParams } from '../../../src/scim/list-query';
import { applyPatch, patchRequestSchema } from '../../../src/scim/patch';
import { checkPatchOperations } from '../../../src/scim/patch-check';
import { SCHEMA } from '../../../src/scim/schemas';
import { normalizeUserAttributes, primaryEmail, USER_READ_ONLY } from '../../../src/scim/user';

/** Issue 9, "Bounded validation at the edge": each limit of limits.ts, at the bound and one past it. */

function outcome(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof ScimError && error.status === 400) return error.scimType ?? 'no scimType';
    throw error;
  }
}

const s = (length: number, char = 'a') => char.repeat(length);
const email = (length: number) => `${s(length - 7)}@x.io.x`;
const user = (extra: Record<string, unknown>) => () => normalizeUserAttributes({ userName: 'u@x.io', ...extra });

describe('user limits', () => {
  it.each<[string, () => unknown, string]>([
    ['userName at the bound', () => normalizeUserAttributes({ userName: s(limits.MAX_USER_NAME_LENGTH) }), 'ok'],
    ['userName past it', () => normalizeUserAttributes({ userName: s(limits.MAX_USER_NAME_LENGTH + 1) }), 'invalidValue'],
    ['email at the bound', user({ emails: [{ value: email(limits.MAX_EMAIL_LENGTH) }] }), 'ok'],
    ['email past it', user({ emails: [{ value: email(limits.MAX_EMAIL_LENGTH + 1) }] }), 'invalidValue'],
    ['externalId past it', user({ externalId: s(limits.MAX_EXTERNAL_ID_LENGTH + 1) }), 'invalidValue'],
    ['displayName at the bound', user({ displayName: s(limits.MAX_DISPLAY_NAME_LENGTH) }), 'ok'],
    ['displayName past it', user({ displayName: s(limits.MAX_DISPLAY_NAME_LENGTH + 1) }), 'invalidValue'],
    ['givenName past it', user({ name: { givenName: s(limits.MAX_NAME_PART_LENGTH + 1) } }), 'invalidValue'],
    ['custom string at the bound', user({ custom: s(limits.MAX_STRING_LENGTH) }), 'ok'],
    ['custom string past it', user({ custom: s(limits.MAX_STRING_LENGTH + 1) }), 'invalidValue'],
    ['extension string past it', user({ [SCHEMA.enterpriseUser]: { department: s(limits.MAX_STRING_LENGTH + 1) } }), 'invalidValue'],
    ['key past the bound', user({ [s(limits.MAX_KEY_LENGTH + 1)]: 'x' }), 'invalidValue'],
    ['NUL in userName', () => normalizeUserAttributes({ userName: 'u\u0000@x.io' }), 'invalidValue'],
    ['TAB in userName', () => normalizeUserAttributes({ userName: 'u\t@x.io' }), 'invalidValue'],
    ['DEL in displayName', user({ displayName: 'a\u007fb' }), 'invalidValue'],
    ['ESC in givenName', user({ name: { givenName: 'a\u001bb' } }), 'invalidValue'],
    ['NUL in a custom attribute', user({ custom: 'a\u0000b' }), 'invalidValue'],
    ['NUL in a key', user({ 'a\u0000b': 'x' }), 'invalidValue'],
    ['a lone surrogate', user({ custom: 'a\ud800b' }), 'invalidValue'],
    ['a surrogate pair', user({ displayName: 'Jane \ud83d\ude00' }), 'ok'],
    ['newlines in a formatted address', user({ addresses: [{ formatted: '1 Main St\r\nSpringfield\tUS' }] }), 'ok'],
    [
      'emails at the bound',
      user({ emails: Array.from({ length: limits.MAX_MULTI_VALUED_ITEMS }, (_, i) => ({ value: `u${i}@x.io` })) }),
      'ok',
    ],
    [
      'emails past it',
      user({ emails: Array.from({ length: limits.MAX_MULTI_VALUED_ITEMS + 1 }, (_, i) => ({ value: `u${i}@x.io` })) }),
      'invalidValue',
    ],
    [
      'phoneNumbers past it',
      user({ phoneNumbers: Array.from({ length: limits.MAX_MULTI_VALUED_ITEMS + 1 }, () => ({ value: '1' })) }),
      'invalidValue',
    ],
    ['a custom array past it', user({ tags: Array.from({ length: limits.MAX_MULTI_VALUED_ITEMS + 1 }, () => 'x') }), 'invalidValue'],
    ['nesting at the bound', user({ deep: nest(limits.MAX_RESOURCE_DEPTH - 1) }), 'ok'],
    ['nesting past it', user({ deep: nest(limits.MAX_RESOURCE_DEPTH) }), 'invalidValue'],
    [
      'too many values',
      user(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`a${i}`, Array.from({ length: 99 }, () => 1)]))),
      'invalidValue',
    ],
    ['too many bytes', user(Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`a${i}`, s(4000)]))), 'invalidValue'],
  ])('%s → %s', (_name, run, expected) => {
    expect(outcome(run)).toBe(expected);
  });
});

/** `{a: {a: ... 'x'}}` with `depth` objects. */
function nest(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

describe('group limits', () => {
  const members = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `user-${i}` }));
  it.each<[string, () => unknown, string]>([
    ['displayName at the bound', () => normalizeGroupAttributes({ displayName: s(limits.MAX_DISPLAY_NAME_LENGTH) }), 'ok'],
    ['displayName past it', () => normalizeGroupAttributes({ displayName: s(limits.MAX_DISPLAY_NAME_LENGTH + 1) }), 'invalidValue'],
    ['NUL in displayName', () => normalizeGroupAttributes({ displayName: 'a\u0000' }), 'invalidValue'],
    [
      'externalId past it',
      () => normalizeGroupAttributes({ displayName: 'g', externalId: s(limits.MAX_EXTERNAL_ID_LENGTH + 1) }),
      'invalidValue',
    ],
    ['members at the bound', () => memberIds(members(limits.MAX_MEMBERS_PER_REQUEST)), 'ok'],
    ['members past it', () => memberIds(members(limits.MAX_MEMBERS_PER_REQUEST + 1)), 'invalidValue'],
    ['a control character in a member id', () => memberIds([{ value: 'a\u0001' }]), 'invalidValue'],
  ])('%s → %s', (_name, run, expected) => {
    expect(outcome(run)).toBe(expected);
  });
});

describe('filter, projection and PATCH limits', () => {
  const chain = (n: number) => Array.from({ length: n }, (_, i) => `userName eq "u${i}"`).join(' or ');
  const parens = (n: number) => `${'('.repeat(n)}userName pr${')'.repeat(n)}`;
  it.each<[string, () => unknown, string]>([
    ['filter text past the bound', () => parseFilter(`userName eq "${s(limits.MAX_FILTER_LENGTH)}"`), 'invalidFilter'],
    ['100 alternatives', () => parseFilter(chain(100)), 'ok'],
    ['more nodes than the bound', () => parseFilter(chain(limits.MAX_FILTER_NODES)), 'invalidFilter'],
    ['nesting at the bound', () => parseFilter(parens(limits.MAX_FILTER_NESTING)), 'ok'],
    ['nesting past it', () => parseFilter(parens(limits.MAX_FILTER_NESTING + 1)), 'invalidFilter'],
    [
      'nested not() past it',
      () => parseFilter(`${'not ('.repeat(limits.MAX_FILTER_NESTING + 1)}title pr${')'.repeat(limits.MAX_FILTER_NESTING + 1)}`),
      'invalidFilter',
    ],
    ['an unclosed run of 2000 parentheses', () => parseFilter('('.repeat(2000)), 'invalidFilter'],
    ['attribute path past the bound', () => parseFilter(`${s(limits.MAX_ATTRIBUTE_PATH_LENGTH + 1)} pr`), 'invalidFilter'],
    [
      'projection paths at the bound',
      () => listQueryFromParams({ attributes: Array.from({ length: limits.MAX_PROJECTION_PATHS }, () => 'title').join(',') }),
      'ok',
    ],
    [
      'projection paths past it',
      () => listQueryFromParams({ attributes: Array.from({ length: limits.MAX_PROJECTION_PATHS + 1 }, () => 'title').join(',') }),
      'invalidValue',
    ],
    ['sortBy past the path bound', () => listQueryFromParams({ sortBy: s(limits.MAX_ATTRIBUTE_PATH_LENGTH + 1) }), 'invalidValue'],
    ['PATCH path past the bound', () => checkPatchOperations([{ path: s(limits.MAX_PATCH_PATH_LENGTH + 1) }]), 'invalidPath'],
    [
      'PATCH string past the bound',
      () => checkPatchOperations([{ path: 'title', value: s(limits.MAX_STRING_LENGTH + 1) }]),
      'invalidValue',
    ],
    ['PATCH NUL in a value', () => checkPatchOperations([{ path: 'title', value: 'a\u0000' }]), 'invalidValue'],
    [
      'PATCH values past the bound',
      () => checkPatchOperations(Array.from({ length: 21 }, () => ({ path: 'members', value: Array.from({ length: 1000 }, () => 1) }))),
      'invalidValue',
    ],
    [
      'PATCH nesting past the bound',
      () => checkPatchOperations([{ path: 'x', value: nest(limits.MAX_RESOURCE_DEPTH + 1) }]),
      'invalidValue',
    ],
  ])('%s → %s', (_name, run, expected) => {
    expect(outcome(run)).toBe(expected);
  });

  it('caps the operation count in the request schema', () => {
    const operations = (n: number) => Array.from({ length: n }, () => ({ op: 'add', path: 'title', value: 'x' }));
    expect(patchRequestSchema.safeParse({ Operations: operations(limits.MAX_PATCH_OPERATIONS) }).success).toBe(true);
    expect(patchRequestSchema.safeParse({ Operations: operations(limits.MAX_PATCH_OPERATIONS + 1) }).success).toBe(false);
  });
});

describe('linear time on request data (generous bounds: guards against quadratic blow-up, not benchmarks)', () => {
  it('refuses a 1 MB userName, and finds no email in it, quickly', () => {
    const huge = `${s(1 << 20)}@${s(1 << 10)}.io`;
    const started = performance.now();
    expect(outcome(() => normalizeUserAttributes({ userName: huge }))).toBe('invalidValue');
    expect(primaryEmail({ userName: `${'a@'.repeat(1 << 19)}`, active: true })).toBeUndefined();
    // Compared as a boolean: a failure must not print a megabyte.
    expect(primaryEmail({ userName: huge, active: true }) === huge).toBe(true);
    expect(performance.now() - started).toBeLessThan(LINEAR_TIME_BUDGET_MS);
  });

  it('merges and removes thousands of multi-valued elements in linear time', () => {
    const resource = { members: Array.from({ length: 10_000 }, (_, i) => ({ value: `m${i}` })) };
    const adds = Array.from({ length: 5 }, (_, batch) => ({
      op: 'add' as const,
      path: 'members',
      value: Array.from({ length: 1000 }, (_, i) => ({ value: `M${(batch * 1000 + i) * 3}`, display: 'x' })),
    }));
    const remove = { op: 'remove' as const, path: 'members', value: Array.from({ length: 1000 }, (_, i) => ({ value: `m${i * 7}` })) };
    const started = performance.now();
    const result = applyPatch(resource, [...adds, remove], { readOnly: USER_READ_ONLY, ignoredInValue: [] });
    expect(performance.now() - started).toBeLessThan(LINEAR_TIME_BUDGET_MS);
    // Additions whose value matches (case-insensitively) merge into the existing element.
    const members = result.members as Array<{ value: string; display?: string }>;
    // 3334 of the 5000 additions (M0, M3, ... M9999) merge, 1666 are new; 1000 are removed.
    expect(members).toHaveLength(10_000 + 1666 - 1000);
    expect(members[2]).toEqual({ value: 'M3', display: 'x' });
    expect(members.some((m) => m.value.toLowerCase() === 'm21')).toBe(false);
  });

  it('parses a filter of maximal length in linear time', () => {
    const started = performance.now();
    for (const text of [`userName eq "${'\\"'.repeat(2000)}"`, `${'a.'.repeat(2000)}`, '"'.repeat(4096), `${'1'.repeat(4000)}e`]) {
      outcome(() => parseFilter(text));
    }
    expect(performance.now() - started).toBeLessThan(LINEAR_TIME_BUDGET_MS);
  });
});
