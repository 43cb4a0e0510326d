import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { AttrPath, Filter } from '../../src/scim/filter/ast';
import { formatFilter } from '../../src/scim/filter/ast';
import { matchesFilter } from '../../src/scim/filter/evaluate';
import { parseFilter } from '../../src/scim/filter/parser';
import { listUsers } from '../../src/stores/scim-users';
import { useTestEnv } from '../support/test-env';

const env = useTestEnv();

/**
 * The SQL translation agrees with the in-memory evaluator (the RFC semantics written plainly) on
 * random users and random filters: same rows, for every operator, logic and value path.
 */
const LETTERS = ['a', 'B', 'c', 'ab', 'Ba', 'abc', ''];
const word = fc.constantFrom(...LETTERS);

const userArb = fc.record({
  userName: fc.tuple(word, fc.integer({ min: 0, max: 99999 })).map(([w, n]) => `${w}${n}@x.io`),
  title: fc.option(word, { nil: undefined }),
  externalId: fc.option(word, { nil: undefined }),
  active: fc.boolean(),
  emails: fc.array(fc.record({ value: word.map((w) => `${w}@y.io`), type: fc.constantFrom('work', 'home') }), { maxLength: 2 }),
});

const stringPaths: AttrPath[] = [
  { attr: 'userName' },
  { attr: 'title' },
  { attr: 'externalId' },
  { attr: 'emails', sub: 'value' },
  { attr: 'emails', sub: 'type' },
];
const CASE_EXACT = new Set(['externalid']);

const leaf: fc.Arbitrary<Filter> = fc.oneof(
  fc.record({
    type: fc.constant('compare' as const),
    path: fc.constantFrom(...stringPaths),
    op: fc.constantFrom('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le') as fc.Arbitrary<'eq'>,
    value: word,
  }),
  fc.record({
    type: fc.constant('compare' as const),
    path: fc.constant({ attr: 'active' }),
    op: fc.constantFrom('eq', 'ne') as fc.Arbitrary<'eq'>,
    value: fc.boolean(),
  }),
  fc.record({ type: fc.constant('present' as const), path: fc.constantFrom(...stringPaths) }),
  fc.record({
    type: fc.constant('valuePath' as const),
    path: fc.constant({ attr: 'emails' }),
    filter: fc.record({
      type: fc.constant('compare' as const),
      path: fc.constantFrom({ attr: 'type' }, { attr: 'value' }),
      op: fc.constantFrom('eq', 'co', 'sw') as fc.Arbitrary<'eq'>,
      value: word,
    }),
  }),
);

const filterArb: fc.Arbitrary<Filter> = fc.letrec<{ f: Filter }>((tie) => ({
  f: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ type: fc.constantFrom('and' as const, 'or' as const), left: tie('f'), right: tie('f') }),
    fc.record({ type: fc.constant('not' as const), filter: tie('f') }),
  ),
})).f;

it('SQL filtering equals in-memory evaluation on random data', async () => {
  const { directoryId } = await env().connectedAccount();
  const users = fc.sample(userArb, { numRuns: 40, seed: 7 });
  const rows = users.map((user, i) => {
    const attributes: Record<string, unknown> = { userName: `${i}-${user.userName}`, active: user.active, emails: user.emails };
    if (user.title !== undefined) attributes.title = user.title;
    if (user.externalId !== undefined) attributes.externalId = `${user.externalId}${i}`;
    return {
      id: randomUUID(),
      directory_id: directoryId,
      user_name: attributes.userName as string,
      external_id: (attributes.externalId as string | undefined) ?? null,
      active: user.active,
      email: null,
      attributes: JSON.stringify(attributes),
      version: 1,
    };
  });
  await env().db('scim_users').insert(rows);
  const byId = new Map(rows.map((r) => [r.id, JSON.parse(r.attributes) as Record<string, unknown>]));

  await fc.assert(
    fc.asyncProperty(filterArb, async (filter) => {
      // Through the text form, as a client sends it.
      const parsed = parseFilter(formatFilter(filter));
      const { rows: found } = await listUsers(env().apiDb, directoryId, { filter: parsed, page: { startIndex: 1, count: 200 } });
      const expected = [...byId.entries()]
        .filter(([, attributes]) => matchesFilter(parsed, attributes, (path) => CASE_EXACT.has(path.attr.toLowerCase())))
        .map(([id]) => id)
        .sort();
      expect(found.map((r) => r.id).sort()).toEqual(expected);
    }),
    { numRuns: 150, seed: 42 },
  );
});
