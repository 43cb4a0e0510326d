import { memberIds, membersOf, normalizeGroupAttributes, toScimGroup, type StoredGroup } from '../../../src/scim/group';
import { MAX_DISPLAY_NAME_LENGTH, MAX_MEMBERS_PER_REQUEST, MAX_RESOURCE_BYTES } from '../../../src/scim/limits';
import { SCHEMA } from '../../../src/scim/schemas';
import { scimErrorOf } from '../../support/scim-error-of';

/** The SCIM Group (RFC 7643 §4.2) as POST/PUT/PATCH bodies are validated and as it is served. */

describe('normalizeGroupAttributes', () => {
  it('keeps displayName and externalId under their canonical spelling, whatever the case sent', () => {
    expect(normalizeGroupAttributes({ DISPLAYNAME: 'Engineering', externalid: 'ext-1' })).toEqual({
      displayName: 'Engineering',
      externalId: 'ext-1',
    });
  });

  it('trims displayName, keeps other attributes as sent, drops server-owned ones and nulls', () => {
    expect(
      normalizeGroupAttributes({
        schemas: [SCHEMA.group],
        id: 'client-chosen',
        meta: { version: 'x' },
        Members: [{ value: 'u1' }],
        displayName: '  Engineering ',
        description: 'R&D',
        externalId: null,
      }),
    ).toEqual({ displayName: 'Engineering', description: 'R&D' });
  });

  it.each<[string, unknown]>([
    ['an array', []],
    ['a string', 'Engineering'],
    ['null', null],
  ])('refuses %s as the body with 400 invalidSyntax', (_what, body) => {
    expect(scimErrorOf(() => normalizeGroupAttributes(body))).toMatchObject({
      status: 400,
      scimType: 'invalidSyntax',
      message: 'The request body must be a JSON object',
    });
  });

  it('requires a non-empty displayName, with the reason in the detail', () => {
    expect(scimErrorOf(() => normalizeGroupAttributes({ externalId: 'x' }))).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(scimErrorOf(() => normalizeGroupAttributes({ externalId: 'x' })).message).toContain("'displayName' is required");
    expect(scimErrorOf(() => normalizeGroupAttributes({ displayName: '   ' })).message).toBe(
      "'displayName' must not be empty (displayName)",
    );
  });

  it(`bounds displayName at ${MAX_DISPLAY_NAME_LENGTH} characters`, () => {
    expect(normalizeGroupAttributes({ displayName: 'g'.repeat(MAX_DISPLAY_NAME_LENGTH) }).displayName).toHaveLength(
      MAX_DISPLAY_NAME_LENGTH,
    );
    expect(scimErrorOf(() => normalizeGroupAttributes({ displayName: 'g'.repeat(MAX_DISPLAY_NAME_LENGTH + 1) }))).toMatchObject({
      scimType: 'invalidValue',
    });
  });

  it('refuses a prototype key anywhere (issue 9)', () => {
    expect(scimErrorOf(() => normalizeGroupAttributes(JSON.parse('{"displayName":"g","__proto__":{"x":1}}')))).toMatchObject({
      status: 400,
      scimType: 'invalidValue',
    });
  });

  it(`refuses attributes over ${MAX_RESOURCE_BYTES} bytes as a whole, though each string is within bounds`, () => {
    const big = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`note${i}`, 'x'.repeat(4000)]));
    const error = scimErrorOf(() => normalizeGroupAttributes({ displayName: 'g', ...big }));
    expect(error).toMatchObject({
      status: 400,
      scimType: 'invalidValue',
      message: `The group's attributes exceed ${MAX_RESOURCE_BYTES} bytes`,
    });
  });
});

describe('memberIds / membersOf', () => {
  it('reads an array, a single object, or nothing; duplicates collapse; values are trimmed', () => {
    expect(memberIds([{ value: 'u1' }, { value: ' u2 ' }, { value: 'u1' }])).toEqual(['u1', 'u2']);
    expect(memberIds({ value: 'u3' })).toEqual(['u3']);
    expect(memberIds(undefined)).toEqual([]);
    expect(memberIds(null)).toEqual([]);
  });

  it('refuses a member without a value, with the reason', () => {
    const error = scimErrorOf(() => memberIds([{ value: '  ' }]));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue', message: 'Invalid members: a member needs a value' });
  });

  it(`accepts ${MAX_MEMBERS_PER_REQUEST} members and refuses one more`, () => {
    const members = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `u${i}` }));
    expect(memberIds(members(MAX_MEMBERS_PER_REQUEST))).toHaveLength(MAX_MEMBERS_PER_REQUEST);
    expect(scimErrorOf(() => memberIds(members(MAX_MEMBERS_PER_REQUEST + 1)))).toMatchObject({ status: 400, scimType: 'invalidValue' });
  });

  it('membersOf finds `members` in any case and is undefined when the body does not mention it', () => {
    expect(membersOf({ displayName: 'g', MEMBERS: [{ value: 'u1' }] })).toEqual(['u1']);
    expect(membersOf({ displayName: 'g', members: [] })).toEqual([]);
    expect(membersOf({ displayName: 'g' })).toBeUndefined();
    expect(membersOf([{ value: 'u1' }])).toBeUndefined();
  });
});

describe('toScimGroup', () => {
  const stored: StoredGroup = {
    id: 'g1',
    attributes: { displayName: 'Engineering', externalId: 'ext-1', description: 'R&D' },
    version: 3,
    created: '2026-01-01T00:00:00.000Z',
    lastModified: '2026-01-02T00:00:00.000Z',
  };

  it('serves the group with members, their $ref and display, and meta (RFC 7643 §4.2, §3.1)', () => {
    expect(
      toScimGroup(
        stored,
        [
          { id: 'u1', display: 'Jane' },
          { id: 'u2', display: null },
        ],
        'https://x/scim/v2',
      ),
    ).toEqual({
      schemas: [SCHEMA.group],
      id: 'g1',
      externalId: 'ext-1',
      displayName: 'Engineering',
      description: 'R&D',
      members: [
        { value: 'u1', $ref: 'https://x/scim/v2/Users/u1', type: 'User', display: 'Jane' },
        { value: 'u2', $ref: 'https://x/scim/v2/Users/u2', type: 'User' },
      ],
      meta: {
        resourceType: 'Group',
        created: '2026-01-01T00:00:00.000Z',
        lastModified: '2026-01-02T00:00:00.000Z',
        location: 'https://x/scim/v2/Groups/g1',
        version: 'W/"3"',
      },
    });
  });

  it('leaves members out when they were not loaded, and externalId when there is none', () => {
    const served = toScimGroup({ ...stored, attributes: { displayName: 'Engineering' } }, undefined, 'https://x');
    expect(served).not.toHaveProperty('members');
    expect(served).not.toHaveProperty('externalId');
    expect(toScimGroup(stored, [], 'https://x').members).toEqual([]);
  });
});
