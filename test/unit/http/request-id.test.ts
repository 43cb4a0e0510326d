import { acceptedRequestId, requestIdFor } from '../../../src/http/request-id';

describe('request ids', () => {
  it.each(['2819c223-7f76-453a-919d-413861904646', '01HZY3K8Q2W4N6R8T0V2X4Z6B8', 'okta.req:abc_DEF-123', 'a'])(
    'accepts %s as it is',
    (id) => {
      expect(acceptedRequestId(id)).toBe(id);
      expect(requestIdFor(id, () => 'generated')).toBe(id);
    },
  );

  it.each([
    ['empty', ''],
    ['too long', 'a'.repeat(129)],
    ['a newline (log injection)', 'abc\n{"level":"error"}'],
    ['a carriage return', 'abc\rdef'],
    ['spaces (two headers joined)', 'abc, def'],
    ['quotes', 'abc"def'],
    ['non-ASCII', 'abcé'],
    ['a leading punctuation mark', '-abc'],
    ['a NUL byte', 'abc\u0000'],
  ])('replaces one with %s', (_name, id) => {
    expect(acceptedRequestId(id)).toBeUndefined();
    expect(requestIdFor(id, () => 'generated')).toBe('generated');
  });

  it('accepts 128 characters and generates an id when none is sent', () => {
    expect(acceptedRequestId('a'.repeat(128))).toHaveLength(128);
    expect(requestIdFor(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
