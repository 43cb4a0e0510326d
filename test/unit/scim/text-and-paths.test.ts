import { scimBoolean } from '../../../src/scim/booleans';
import { boundedIdentifier } from '../../../src/scim/bounded-strings';
import { MAX_PATCH_PATH_LENGTH } from '../../../src/scim/limits';
import { checkPatchOperations } from '../../../src/scim/patch-check';
import { parsePatchPath } from '../../../src/scim/patch-path';
import { excerpt, textProblem } from '../../../src/scim/text';
import { scimErrorOf } from '../../support/scim-error-of';

/** Character rules (issue 9) and PATCH paths (RFC 7644 §3.5.2), boundary by boundary. */
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('textProblem', () => {
  it.each<[string, string, string | undefined, string | undefined]>([
    ['plain text', 'Jane Doe', undefined, undefined],
    ['a space (0x20, the first printable)', ' ', undefined, undefined],
    ['NUL', 'a\u0000b', 'contains a NUL character', 'contains a NUL character'],
    ['0x01', '\u0001', 'contains a control character', 'contains a control character'],
    ['0x1f (the last C0)', '\u001f', 'contains a control character', 'contains a control character'],
    ['TAB', 'a\tb', 'contains a control character', undefined],
    ['LF', 'a\nb', 'contains a control character', undefined],
    ['CR', 'a\rb', 'contains a control character', undefined],
    ['VT (0x0b, between LF and CR)', 'a\u000bb', 'contains a control character', 'contains a control character'],
    ['DEL', 'a\u007fb', 'contains a control character', undefined],
    ['0x7e and 0x80 around DEL', '~\u0080', undefined, undefined],
    ['a surrogate pair', 'a\ud83d\ude00b', undefined, undefined],
    [
      'a lone high surrogate at the end',
      'a\ud83d',
      'is not well-formed Unicode (lone surrogate)',
      'is not well-formed Unicode (lone surrogate)',
    ],
    [
      'a high surrogate before a non-surrogate',
      '\ud800a',
      'is not well-formed Unicode (lone surrogate)',
      'is not well-formed Unicode (lone surrogate)',
    ],
    ['the last high surrogate before the first low one', '\udbff\udc00', undefined, undefined],
    ['the first high surrogate before the last low one', '\ud800\udfff', undefined, undefined],
    [
      'a high surrogate before another high one',
      '\ud800\udbff',
      'is not well-formed Unicode (lone surrogate)',
      'is not well-formed Unicode (lone surrogate)',
    ],
    [
      'a high surrogate before U+E000',
      '\udbff\ue000',
      'is not well-formed Unicode (lone surrogate)',
      'is not well-formed Unicode (lone surrogate)',
    ],
    [
      'a lone low surrogate (first)',
      'a\udc00',
      'is not well-formed Unicode (lone surrogate)',
      'is not well-formed Unicode (lone surrogate)',
    ],
    ['a lone low surrogate (last)', '\udfff', 'is not well-formed Unicode (lone surrogate)', 'is not well-formed Unicode (lone surrogate)'],
    ['U+D7FF and U+E000 around the surrogates', '\ud7ff\ue000', undefined, undefined],
    ['a control character after a pair', '\ud83d\ude00\u0001', 'contains a control character', 'contains a control character'],
  ])('%s: identifier %s, free text %s', (_what, text, identifier, freeText) => {
    expect(textProblem(text, 'identifier')).toBe(identifier);
    expect(textProblem(text, 'freeText')).toBe(freeText);
  });
});

describe('excerpt', () => {
  it('quotes short text as is and cuts long text at 40 characters (or the given max) with an ellipsis', () => {
    expect(excerpt('abc')).toBe('"abc"');
    expect(excerpt('a'.repeat(40))).toBe(`"${'a'.repeat(40)}"`);
    expect(excerpt('a'.repeat(41))).toBe(`"${'a'.repeat(40)}…"`);
    expect(excerpt('abcdef', 3)).toBe('"abc…"');
    expect(excerpt('a"b')).toBe('"a\\"b"');
  });
});

describe('scimBoolean and boundedIdentifier', () => {
  it('reads booleans and the strings Entra sends, in any case and with spaces', () => {
    expect(scimBoolean.parse(true)).toBe(true);
    expect(scimBoolean.parse(' True ')).toBe(true);
    expect(scimBoolean.parse('FALSE')).toBe(false);
    for (const bad of ['yes', 'truex', 'xtrue', '', 1]) expect(scimBoolean.safeParse(bad).success).toBe(false);
  });

  it('bounds an identifier by length and characters, with the reason', () => {
    const schema = boundedIdentifier(3);
    expect(schema.parse('abc')).toBe('abc');
    expect(schema.safeParse('abcd').error?.issues[0]?.message).toBe('must be at most 3 characters');
    expect(schema.safeParse('a\tb').error?.issues[0]?.message).toBe('must not contain control characters or lone surrogates');
  });
});

describe('parsePatchPath', () => {
  it.each<[string, object]>([
    ['userName', { attr: 'userName' }],
    ['  name.givenName  ', { attr: 'name', sub: 'givenName' }],
    [`${ENTERPRISE}:department`, { extension: ENTERPRISE, attr: 'department' }],
    [`${ENTERPRISE}:manager.value`, { extension: ENTERPRISE, attr: 'manager', sub: 'value' }],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName', { attr: 'userName' }],
    [ENTERPRISE, { attr: ENTERPRISE }],
    ['emails[type eq "work"]', { attr: 'emails', filter: { type: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' } }],
    [
      'emails[type eq "work"].value',
      { attr: 'emails', filter: { type: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' }, sub: 'value' },
    ],
    ['x[a pr].$b-c_1', { attr: 'x', filter: { type: 'present', path: { attr: 'a' } }, sub: '$b-c_1' }],
  ])('%s', (path, expected) => {
    expect(parsePatchPath(path)).toEqual(expected);
  });

  it(`accepts ${MAX_PATCH_PATH_LENGTH} characters and refuses one more`, () => {
    // A long value in a filter: attribute names alone have their own, shorter bound.
    const path = (length: number) => `emails[value eq "${'v'.repeat(length - 'emails[value eq ""]'.length)}"]`;
    expect(path(MAX_PATCH_PATH_LENGTH)).toHaveLength(MAX_PATCH_PATH_LENGTH);
    expect(parsePatchPath(path(MAX_PATCH_PATH_LENGTH)).attr).toBe('emails');
    expect(scimErrorOf(() => parsePatchPath(path(MAX_PATCH_PATH_LENGTH + 1)))).toMatchObject({
      status: 400,
      scimType: 'invalidPath',
      message: `A PATCH path is at most ${MAX_PATCH_PATH_LENGTH} characters`,
    });
  });

  it.each<[string, string]>([
    ['emails]type eq "x"[', "Unbalanced '[' in path 'emails]type eq \"x\"['"],
    ['name.givenName[type eq "x"]', 'A value filter cannot follow a sub-attribute in \'name.givenName[type eq "x"]\''],
    ['emails[type eq "x"]value', "Unexpected 'value' after the value filter in 'emails[type eq \"x\"]value'"],
    ['emails[type eq "x"].1value', "Unexpected '.1value' after the value filter in 'emails[type eq \"x\"].1value'"],
    ['emails[type eq "x"].a.b', "Unexpected '.a.b' after the value filter in 'emails[type eq \"x\"].a.b'"],
    [
      'emails[type eq "x"].constructor',
      '\'emails[type eq "x"].constructor\' names no attribute: __proto__, constructor and prototype are refused',
    ],
    ['urn:x:__proto__:1.0:User', "'urn:x:__proto__:1.0:User' names no schema: __proto__, constructor and prototype are refused"],
    ['urn:x:y:1.0:Prototype', "'urn:x:y:1.0:Prototype' names no schema: __proto__, constructor and prototype are refused"],
  ])('refuses %s as invalidPath', (path, message) => {
    expect(scimErrorOf(() => parsePatchPath(path))).toMatchObject({ status: 400, scimType: 'invalidPath', message });
  });

  it('reports a bad value filter as invalidPath, with the filter error', () => {
    const error = scimErrorOf(() => parsePatchPath('emails[type eq]'));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidPath' });
    expect(error.message).toMatch(/^Invalid path 'emails\[type eq\]': \S/);
  });

  it('treats a URN as a whole extension only with a version and a name at its end', () => {
    expect(parsePatchPath('urn:a:1.0:User')).toEqual({ attr: 'urn:a:1.0:User' });
    // Not a schema URN: parsed as an attribute path of schema `urn:a:1.0` (the last ':' splits it).
    expect(parsePatchPath('urn:a:1.0:User1')).toEqual({ extension: 'urn:a:1.0', attr: 'User1' });
    expect(parsePatchPath('urn:a:10:User')).toEqual({ extension: 'urn:a:10', attr: 'User' });
  });
});

describe('checkPatchOperations', () => {
  it('parses every path and walks every value, naming the operation', () => {
    expect(() => checkPatchOperations([{ path: 'userName', value: 'x' }, { value: { nickName: 'J' } }])).not.toThrow();
    expect(scimErrorOf(() => checkPatchOperations([{ path: 'a' }, { path: 'emails[' }])).scimType).toBe('invalidPath');
    const error = scimErrorOf(() => checkPatchOperations([{ value: 'ok' }, { value: { nick: 'a\u0000' } }]));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(error.message).toContain('Operations.1.value');
  });
});
