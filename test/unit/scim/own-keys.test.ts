import { getOwnIgnoringCase, isPrototypeKey, KeyIndex, nullPrototype, ownKeyIgnoringCase, ownValue } from '../../../src/scim/own-keys';

/** Own-property lookups by names from requests (issue 9): never an inherited member. */
describe('isPrototypeKey', () => {
  it.each(['__proto__', 'constructor', 'prototype', 'CONSTRUCTOR', '__PROTO__', 'Prototype'])('%s is a prototype key', (name) => {
    expect(isPrototypeKey(name)).toBe(true);
  });

  it.each(['', 'proto', 'toString', 'constructors', ' constructor', 'userName'])('%j is not', (name) => {
    expect(isPrototypeKey(name)).toBe(false);
  });
});

describe('own lookups', () => {
  const object = { userName: 'jane', USERNAME: 'shadow', Emails: [] };

  it('ownValue reads own properties only', () => {
    expect(ownValue(object, 'userName')).toBe('jane');
    expect(ownValue(object, 'toString')).toBeUndefined();
    expect(ownValue(object, 'username')).toBeUndefined();
  });

  it('ownKeyIgnoringCase prefers the exact spelling, then the first key in any case', () => {
    expect(ownKeyIgnoringCase(object, 'USERNAME')).toBe('USERNAME');
    expect(ownKeyIgnoringCase(object, 'username')).toBe('userName');
    expect(ownKeyIgnoringCase(object, 'emails')).toBe('Emails');
    expect(ownKeyIgnoringCase(object, 'toString')).toBeUndefined();
    expect(ownKeyIgnoringCase(object, 'tostring')).toBeUndefined();
  });

  it('getOwnIgnoringCase reads through that key', () => {
    expect(getOwnIgnoringCase(object, 'EMAILS')).toEqual([]);
    expect(getOwnIgnoringCase(object, 'valueOf')).toBeUndefined();
  });
});

describe('KeyIndex', () => {
  it('answers the existing spelling, the first one when several differ only in case', () => {
    const object = { Name: 1, NAME: 2 };
    const index = new KeyIndex(object);
    expect(index.keyFor(object, 'NAME')).toBe('NAME');
    expect(index.keyFor(object, 'name')).toBe('Name');
  });

  it('records a new name, so a later spelling of it in another case maps to the first', () => {
    const object: Record<string, unknown> = {};
    const index = new KeyIndex(object);
    expect(index.keyFor(object, 'nickName')).toBe('nickName');
    expect(index.keyFor(object, 'NICKNAME')).toBe('nickName');
  });

  it('does not see inherited members', () => {
    const object: Record<string, unknown> = {};
    expect(new KeyIndex(object).keyFor(object, 'toString')).toBe('toString');
    expect(new KeyIndex(object).keyFor(object, 'TOSTRING')).toBe('TOSTRING');
  });
});

describe('nullPrototype', () => {
  it('copies own entries into an object without a prototype', () => {
    const copy = nullPrototype({ a: 1, b: 2 });
    expect(Object.getPrototypeOf(copy)).toBeNull();
    expect(Object.entries(copy)).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(copy['toString']).toBeUndefined();
  });
});
