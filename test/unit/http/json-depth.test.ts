import { exceedsJsonDepth } from '../../../src/http/json-depth';

const nested = (depth: number, open = '[', close = ']') => `${open.repeat(depth)}${close.repeat(depth)}`;

describe('exceedsJsonDepth', () => {
  it('counts nested arrays and objects', () => {
    expect(exceedsJsonDepth(nested(64), 64)).toBe(false);
    expect(exceedsJsonDepth(nested(65), 64)).toBe(true);
    const objects = `${'{"a":'.repeat(65)}1${'}'.repeat(65)}`;
    expect(exceedsJsonDepth(objects, 64)).toBe(true);
    expect(exceedsJsonDepth(objects, 65)).toBe(false);
    expect(exceedsJsonDepth('[{"a":[{"b":[]}]}]', 5)).toBe(false);
    expect(exceedsJsonDepth('[{"a":[{"b":[]}]}]', 4)).toBe(true);
  });

  it('measures depth, not the number of containers', () => {
    const wide = `[${Array.from({ length: 10_000 }, () => '{"a":[1]}').join(',')}]`;
    expect(exceedsJsonDepth(wide, 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(JSON.stringify({ value: '[[[[[[[[[[{{{{{{{{' }), 1)).toBe(false);
    expect(exceedsJsonDepth(JSON.stringify({ value: 'say \\"[[[[\\" and "{{{{"' }), 1)).toBe(false);
    expect(exceedsJsonDepth(JSON.stringify({ value: '\\' }) + nested(3), 2)).toBe(true);
    expect(exceedsJsonDepth(JSON.stringify([`${'\\'.repeat(7)}"[[[`]), 1)).toBe(false);
  });

  it('scans a 1 MB body in linear time', () => {
    // Each is about 1 MB and never deeper than the limit, so the scan reads every character.
    const deepButAllowed = `[${Array.from({ length: 8000 }, () => nested(63)).join(',')}]`;
    const bracketsInStrings = JSON.stringify(Array.from({ length: 100_000 }, () => '[{\\"}]'));
    const onlyBackslashes = JSON.stringify(['\\'.repeat(500_000)]);
    for (const text of [deepButAllowed, bracketsInStrings, onlyBackslashes]) {
      expect(text.length).toBeGreaterThan(900_000);
      const started = process.hrtime.bigint();
      expect(exceedsJsonDepth(text, 64)).toBe(false);
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      expect(elapsedMs).toBeLessThan(250);
    }
    expect(exceedsJsonDepth(`${deepButAllowed.slice(0, -1)},${nested(65)}]`, 64)).toBe(true);
  });
});
