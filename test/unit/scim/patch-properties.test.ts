import fc from 'fast-check';
import { ScimError } from '../../../src/scim/errors';
import { applyPatch, type PatchOperation } from '../../../src/scim/patch';
import { USER_READ_ONLY } from '../../../src/scim/user';

/**
 * PATCH (RFC 7644 §3.5.2) checked against a reference model written here, from the RFC, for the
 * subset IdPs send: simple and sub-attribute paths, multi-valued adds, `attr[type eq "x"]` value
 * filters (with and without a sub-attribute), pathless values, and the two errors every client
 * meets (a read-only attribute, a `remove` without a path). The model works on structured
 * operations and lower-case attribute names, shares no code with src/scim/, and is deliberately
 * naive: a straight loop over a deep copy. (Issue 10: the old property compared applyPatch with
 * itself, one operation at a time, which is the same loop.)
 */

type Doc = Record<string, unknown>;
const SIMPLE = ['title', 'displayName', 'nickName'] as const;
const NAME_PARTS = ['givenName', 'familyName', 'middleName'] as const;
const MULTI = ['emails', 'phoneNumbers'] as const;
const TYPES = ['work', 'home', 'Home', 'mobile'] as const;
type Simple = (typeof SIMPLE)[number];
type NamePart = (typeof NAME_PARTS)[number];
type Multi = (typeof MULTI)[number];

/** What a test operation means; `toWire` renders it as a client would send it. */
type ModelOp =
  | { kind: 'set'; op: 'add' | 'replace'; attr: Simple; value: string }
  | { kind: 'setNamePart'; op: 'add' | 'replace'; part: NamePart; value: string }
  | { kind: 'removeAttr'; attr: Simple | Multi | 'name' }
  | { kind: 'removeNamePart'; part: NamePart }
  | { kind: 'addValues'; attr: Multi; values: Array<{ value: string; type: string }> }
  | { kind: 'setFiltered'; op: 'add' | 'replace'; attr: Multi; type: string; value: string }
  | { kind: 'removeFiltered'; attr: Multi; type: string }
  | { kind: 'removeFilteredValue'; attr: Multi; type: string }
  | { kind: 'pathless'; op: 'add' | 'replace'; active?: boolean; title?: string; givenName?: string }
  | { kind: 'readOnly'; attr: 'id' | 'meta' | 'groups' }
  | { kind: 'removeWithoutPath' };

/** Attribute names are case-insensitive (RFC 7643 §2.1): clients may send any case. */
const anyCase = (name: string, upper: readonly boolean[]) =>
  [...name].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c.toLowerCase())).join('');

function toWire(m: ModelOp, upper: readonly boolean[]): PatchOperation {
  const name = (n: string) => anyCase(n, upper);
  switch (m.kind) {
    case 'set':
      return { op: m.op, path: name(m.attr), value: m.value };
    case 'setNamePart':
      return { op: m.op, path: `${name('name')}.${name(m.part)}`, value: m.value };
    case 'removeAttr':
      return { op: 'remove', path: name(m.attr) };
    case 'removeNamePart':
      return { op: 'remove', path: `name.${name(m.part)}` };
    case 'addValues':
      return { op: 'add', path: name(m.attr), value: m.values };
    case 'setFiltered':
      return { op: m.op, path: `${name(m.attr)}[type eq "${m.type}"].value`, value: m.value };
    case 'removeFiltered':
      return { op: 'remove', path: `${name(m.attr)}[type eq "${m.type}"]` };
    case 'removeFilteredValue':
      return { op: 'remove', path: `${name(m.attr)}[type eq "${m.type}"].value` };
    case 'pathless': {
      const value: Doc = {};
      if (m.active !== undefined) value.active = m.active;
      if (m.title !== undefined) value.title = m.title;
      if (m.givenName !== undefined) value.name = { givenName: m.givenName };
      return { op: m.op, value };
    }
    case 'readOnly':
      return { op: 'replace', path: m.attr, value: 'x' };
    case 'removeWithoutPath':
      return { op: 'remove' };
  }
}

class ModelRefusal extends Error {}

const lower = (s: string) => s.toLowerCase();

/** The reference: RFC 7644 §3.5.2 for this subset, on a resource whose keys are all lower case. */
function referencePatch(resource: Doc, ops: readonly ModelOp[]): Doc {
  const doc = structuredClone(resource);
  const list = (attr: Multi): Doc[] => (Array.isArray(doc[lower(attr)]) ? (doc[lower(attr)] as Doc[]) : []);
  // emails.type and phoneNumbers.type are caseExact false (RFC 7643 §4.1.2): "Home" eq "home".
  const typeIs = (element: Doc, type: string) => typeof element.type === 'string' && lower(element.type) === lower(type);
  for (const m of ops) {
    switch (m.kind) {
      case 'readOnly':
        // §3.5.2: an attempt to modify a readOnly attribute is an error (mutability).
        throw new ModelRefusal('mutability');
      case 'removeWithoutPath':
        // §3.5.2.2: "If 'path' is unspecified, the operation fails" (noTarget).
        throw new ModelRefusal('noTarget');
      case 'set':
        // §3.5.2.1 / §3.5.2.3: on a single-valued attribute both add and replace set the value.
        doc[lower(m.attr)] = m.value;
        break;
      case 'setNamePart': {
        const name = (doc.name ?? {}) as Doc;
        doc.name = { ...name, [lower(m.part)]: m.value };
        break;
      }
      case 'removeAttr':
        delete doc[lower(m.attr)];
        break;
      case 'removeNamePart':
        if (doc.name && typeof doc.name === 'object') delete (doc.name as Doc)[lower(m.part)];
        break;
      case 'addValues': {
        // §3.5.2.1: values are added to a multi-valued attribute; one with the same `value` is not duplicated.
        const result = list(m.attr).map((e) => ({ ...e }));
        for (const value of m.values) {
          const same = result.findIndex((e) => typeof e.value === 'string' && lower(e.value) === lower(value.value));
          if (same >= 0) result[same] = { ...result[same], ...value };
          else result.push({ ...value });
        }
        doc[lower(m.attr)] = result;
        break;
      }
      case 'setFiltered': {
        const elements = list(m.attr);
        if (elements.some((e) => typeIs(e, m.type))) {
          doc[lower(m.attr)] = elements.map((e) => (typeIs(e, m.type) ? { ...e, value: m.value } : e));
        } else {
          // No element matches: one is created from the filter's equality (what Entra expects).
          doc[lower(m.attr)] = [...elements, { type: m.type, value: m.value }];
        }
        break;
      }
      case 'removeFiltered':
        if (lower(m.attr) in doc) doc[lower(m.attr)] = list(m.attr).filter((e) => !typeIs(e, m.type));
        break;
      case 'removeFilteredValue':
        if (lower(m.attr) in doc)
          doc[lower(m.attr)] = list(m.attr).map((e) => {
            if (!typeIs(e, m.type)) return e;
            const rest = { ...e };
            delete rest.value;
            return rest;
          });
        break;
      case 'pathless': {
        // §3.5.2.1 / §3.5.2.3 without a path: each key of the value as its own operation; a
        // complex attribute (name) gets the sub-attributes given, the others are kept.
        if (m.active !== undefined) doc.active = m.active;
        if (m.title !== undefined) doc.title = m.title;
        if (m.givenName !== undefined) doc.name = { ...((doc.name ?? {}) as Doc), givenname: m.givenName };
        break;
      }
    }
  }
  return doc;
}

/** Lower-cases every key, refusing a collision: two keys differing only in case would be a bug. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const out: Doc = {};
  for (const [key, entry] of Object.entries(value)) {
    if (Object.hasOwn(out, lower(key))) throw new Error(`Two keys differ only in case: ${key}`);
    out[lower(key)] = canonical(entry);
  }
  return out;
}

const rules = { readOnly: USER_READ_ONLY, ignoredInValue: ['id', 'schemas', 'meta'] };
const base = (): Doc => ({
  userName: 'u@x.io',
  active: true,
  title: 'Start',
  name: { givenName: 'G', familyName: 'F' },
  emails: [
    { value: 'u@x.io', type: 'work', primary: true },
    { value: 'h@x.io', type: 'home' },
  ],
});

const text = fc.constantFrom('a', 'b', 'A', 'Zed');
const email = fc.constantFrom('u@x.io', 'U@X.io', 'h@x.io', 'n@x.io');
const opKind = fc.constantFrom('add' as const, 'replace' as const);
const multi = fc.constantFrom(...MULTI);
const type = fc.constantFrom(...TYPES);
const validModelOp: fc.Arbitrary<ModelOp> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), op: opKind, attr: fc.constantFrom(...SIMPLE), value: text }),
  fc.record({ kind: fc.constant('setNamePart' as const), op: opKind, part: fc.constantFrom(...NAME_PARTS), value: text }),
  fc.record({ kind: fc.constant('removeAttr' as const), attr: fc.constantFrom(...SIMPLE, ...MULTI, 'name' as const) }),
  fc.record({ kind: fc.constant('removeNamePart' as const), part: fc.constantFrom(...NAME_PARTS) }),
  fc.record({
    kind: fc.constant('addValues' as const),
    attr: multi,
    values: fc.array(fc.record({ value: email, type }), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('setFiltered' as const), op: opKind, attr: multi, type, value: email }),
  fc.record({ kind: fc.constant('removeFiltered' as const), attr: multi, type }),
  fc.record({ kind: fc.constant('removeFilteredValue' as const), attr: multi, type }),
  fc.record(
    { kind: fc.constant('pathless' as const), op: opKind, active: fc.boolean(), title: text, givenName: text },
    { requiredKeys: ['kind', 'op'] },
  ),
);
const failingModelOp: fc.Arbitrary<ModelOp> = fc.oneof(
  fc.record({ kind: fc.constant('readOnly' as const), attr: fc.constantFrom('id' as const, 'meta' as const, 'groups' as const) }),
  fc.constant({ kind: 'removeWithoutPath' as const }),
);
const upperMask = fc.array(fc.boolean(), { minLength: 1, maxLength: 5 });

describe('PATCH agrees with an RFC 7644 §3.5.2 reference model', () => {
  it('gives the same resource for random operation lists', () => {
    fc.assert(
      fc.property(fc.array(validModelOp, { maxLength: 10 }), upperMask, (ops, upper) => {
        const input = base();
        const wire = ops.map((m) => toWire(m, upper));
        const sent = structuredClone(wire);
        const actual = applyPatch(input, wire, rules);
        expect(canonical(actual)).toEqual(referencePatch(canonical(base()) as Doc, ops));
        // Pure: neither the resource nor the request's operations are touched.
        expect(input).toEqual(base());
        expect(wire).toEqual(sent);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses exactly the lists the model refuses, with the same scimType, changing nothing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 4, arbitrary: validModelOp }, { weight: 1, arbitrary: failingModelOp }), { maxLength: 8 }),
        upperMask,
        (ops, upper) => {
          let expected: string | undefined;
          try {
            referencePatch(canonical(base()) as Doc, ops);
          } catch (refusal) {
            if (!(refusal instanceof ModelRefusal)) throw refusal;
            expected = refusal.message;
          }
          const input = base();
          let actual: string | undefined;
          try {
            applyPatch(
              input,
              ops.map((m) => toWire(m, upper)),
              rules,
            );
          } catch (error) {
            if (!(error instanceof ScimError)) throw error;
            actual = error.scimType;
          }
          expect(actual).toBe(expected);
          expect(input).toEqual(base());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the model itself follows the RFC on hand-checked cases', () => {
    // Guards the oracle: a model that drifted into agreeing with a bug would fail here.
    const start = canonical(base()) as Doc;
    expect(referencePatch(start, [{ kind: 'setFiltered', op: 'replace', attr: 'emails', type: 'HOME', value: 'new@x.io' }]).emails).toEqual(
      [
        { value: 'u@x.io', type: 'work', primary: true },
        { value: 'new@x.io', type: 'home' },
      ],
    );
    expect(
      referencePatch(start, [{ kind: 'addValues', attr: 'phoneNumbers', values: [{ value: '1', type: 'work' }] }]).phonenumbers,
    ).toEqual([{ value: '1', type: 'work' }]);
    expect(referencePatch(start, [{ kind: 'pathless', op: 'replace', givenName: 'N' }]).name).toEqual({ givenname: 'N', familyname: 'F' });
    expect(referencePatch(start, [{ kind: 'removeFiltered', attr: 'emails', type: 'work' }]).emails).toEqual([
      { value: 'h@x.io', type: 'home' },
    ]);
    expect(() => referencePatch(start, [{ kind: 'readOnly', attr: 'id' }])).toThrow('mutability');
  });
});
