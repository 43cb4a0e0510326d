import { DEFAULT_PAGE_SIZE, listResponse, MAX_PAGE_SIZE, parsePage } from '../../../src/scim/list';
import { SCHEMA } from '../../../src/scim/schemas';

/** Pagination, RFC 7644 §3.4.2.4. */
describe('parsePage', () => {
  it(`defaults to startIndex 1 and count ${DEFAULT_PAGE_SIZE}`, () => {
    expect(parsePage({})).toEqual({ startIndex: 1, count: DEFAULT_PAGE_SIZE });
    expect(parsePage({ startIndex: '', count: '' })).toEqual({ startIndex: 1, count: DEFAULT_PAGE_SIZE });
  });

  it('reads integers from strings (trimmed), numbers, and the first of repeated parameters', () => {
    expect(parsePage({ startIndex: ' 7 ', count: '20' })).toEqual({ startIndex: 7, count: 20 });
    expect(parsePage({ startIndex: 3, count: 4 })).toEqual({ startIndex: 3, count: 4 });
    expect(parsePage({ startIndex: ['5', '9'], count: ['2'] })).toEqual({ startIndex: 5, count: 2 });
  });

  it('clamps as the RFC says: startIndex below 1 is 1, a negative count is 0', () => {
    expect(parsePage({ startIndex: '0', count: '-5' })).toEqual({ startIndex: 1, count: 0 });
    expect(parsePage({ startIndex: '-3', count: '0' })).toEqual({ startIndex: 1, count: 0 });
  });

  it(`caps count at ${MAX_PAGE_SIZE}`, () => {
    expect(parsePage({ count: String(MAX_PAGE_SIZE) }).count).toBe(MAX_PAGE_SIZE);
    expect(parsePage({ count: String(MAX_PAGE_SIZE + 1) }).count).toBe(MAX_PAGE_SIZE);
    expect(parsePage({ count: '5000' }).count).toBe(MAX_PAGE_SIZE);
  });

  it.each<[string, unknown]>([
    ['a word', 'ten'],
    ['a decimal', '1.5'],
    ['a number with junk after it', '10abc'],
    ['junk before a number', 'x10'],
    ['more than nine digits', '1234567890'],
    ['a non-integer number', 2.5],
    ['an object', {}],
  ])('refuses %s with 400 invalidValue naming the parameter', (_what, value) => {
    expect(() => parsePage({ count: value })).toThrow(
      expect.objectContaining({ status: 400, scimType: 'invalidValue', message: "'count' must be an integer" }),
    );
    expect(() => parsePage({ startIndex: value })).toThrow(expect.objectContaining({ message: "'startIndex' must be an integer" }));
  });
});

describe('listResponse', () => {
  it('is a ListResponse whose itemsPerPage is the number of resources returned (RFC 7644 §3.4.2)', () => {
    expect(listResponse([{ id: 'a' }, { id: 'b' }], 10, { startIndex: 3, count: 5 })).toEqual({
      schemas: [SCHEMA.listResponse],
      totalResults: 10,
      startIndex: 3,
      itemsPerPage: 2,
      Resources: [{ id: 'a' }, { id: 'b' }],
    });
  });
});
