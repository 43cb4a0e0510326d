import fc from 'fast-check';
import { applyPatch, type PatchOperation } from '../../../src/scim/patch';
import { USER_READ_ONLY } from '../../../src/scim/user';

const rules = { readOnly: USER_READ_ONLY, ignoredInValue: ['id', 'schemas', 'meta'] };
const base = () => ({
  userName: 'u@x.io',
  active: true,
  name: { givenName: 'G', familyName: 'F' },
  emails: [{ value: 'u@x.io', type: 'work', primary: true }],
});

const text = fc.constantFrom('a', 'b', 'c', 'Zed');
const validOp: fc.Arbitrary<PatchOperation> = fc.oneof(
  fc.record({ op: fc.constantFrom('add' as const, 'replace' as const), path: fc.constantFrom('title', 'displayName', 'name.givenName', 'nickName'), value: text }),
  fc.record({ op: fc.constant('remove' as const), path: fc.constantFrom('title', 'displayName', 'name.middleName', 'phoneNumbers') }),
  fc.record({ op: fc.constantFrom('add' as const, 'replace' as const), path: fc.constant('phoneNumbers[type eq "mobile"].value'), value: text }),
  fc.record({ op: fc.constant('add' as const), path: fc.constant('emails'), value: text.map((t) => [{ value: `${t}@x.io`, type: 'home' }]) }),
  fc.record({ op: fc.constant('replace' as const), value: fc.record({ active: fc.boolean(), title: text }) }),
  fc.record({ op: fc.constant('remove' as const), path: fc.constant('emails[type eq "home"]') }),
);
const invalidOp: fc.Arbitrary<PatchOperation> = fc.oneof(
  fc.constant({ op: 'replace' as const, path: 'id', value: 'x' }),
  fc.constant({ op: 'remove' as const }),
  fc.constant({ op: 'add' as const, path: 'emails[value pr', value: 'x' }),
  fc.constant({ op: 'replace' as const, value: 'not-an-object' }),
);

describe('PATCH properties', () => {
  it('applying a list equals applying its operations one by one', () => {
    fc.assert(
      fc.property(fc.array(validOp, { maxLength: 8 }), (ops) => {
        const together = applyPatch(base(), ops, rules);
        const oneByOne = ops.reduce<Record<string, unknown>>((resource, op) => applyPatch(resource, [op], rules), base());
        expect(together).toEqual(oneByOne);
      }),
    );
  });

  it('a list with a failing operation throws and changes nothing', () => {
    fc.assert(
      fc.property(fc.array(validOp, { maxLength: 6 }), invalidOp, fc.nat(), (ops, bad, at) => {
        const list = [...ops];
        list.splice(at % (ops.length + 1), 0, bad);
        const resource = base();
        const snapshot = structuredClone(resource);
        expect(() => applyPatch(resource, list, rules)).toThrow();
        expect(resource).toEqual(snapshot);
      }),
    );
  });
});
