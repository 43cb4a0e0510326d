import { LINEAR_TIME_BUDGET_MS } from '../../support/time-budget';
import fc from 'fast-check';
import { looksLikeEmail } from '../../../src/scim/email';

/** The regex this scan replaces (issue 9): the reference for its behaviour on short inputs. */
const REFERENCE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

describe('looksLikeEmail', () => {
  it.each([
    ['jane@acme.io', true],
    ['a@b.c', true],
    ['a@b.c.d', true],
    ['a@.b.c', true],
    ['a@b.', false],
    ['a@.b', false],
    ['a@b', false],
    ['@b.c', false],
    ['a@@b.c', false],
    ['a@b@c.d', false],
    ['a b@c.d', false],
    ['a@b.c\u00a0', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(looksLikeEmail(text)).toBe(expected);
    expect(REFERENCE.test(text)).toBe(expected);
  });

  it('agrees with the regex it replaces', () => {
    const alphabet = fc.constantFrom('a', 'Z', '.', '@', ' ', '\t', '\u00a0', '-', '1');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 12 }).map((chars) => chars.join('')),
        (text) => {
          expect(looksLikeEmail(text)).toBe(REFERENCE.test(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('takes linear time on a megabyte of hostile input', () => {
    const started = performance.now();
    for (const text of ['a'.repeat(1 << 20), `${'a@'.repeat(1 << 19)}`, `a@${'.'.repeat(1 << 20)}`, `a@${'a.'.repeat(1 << 19)} `])
      looksLikeEmail(text);
    expect(performance.now() - started).toBeLessThan(LINEAR_TIME_BUDGET_MS);
  });
});
