import type { AttrPath } from '../../scim/filter/ast';
import { jsonbArrayTarget, metaTargets, scalarColumn, type AttributeResolver, type MultiValuedTarget, type ScalarTarget } from './to-sql';
import { nullPrototype } from '../../scim/own-keys';
import { SCHEMA } from '../../scim/schemas';

/**
 * Where each filterable User attribute lives in the `scim_users` table: indexed columns for the
 * attributes IdPs look users up by, jsonb paths for the rest. caseExact follows RFC 7643 §8.7.1.
 */

const column = scalarColumn;
const json = (path: string[], caseExact = false): ScalarTarget =>
  column(`(attributes #>> '{${path.map((p) => `"${p}"`).join(',')}}')`, 'string', caseExact);
const multi = (attr: string, subs: Parameters<typeof jsonbArrayTarget>[1]): MultiValuedTarget =>
  jsonbArrayTarget(`(attributes -> '${attr}')`, subs);

const TYPED = {
  type: { type: 'string', caseExact: false },
  primary: { type: 'boolean', caseExact: false },
  display: { type: 'string', caseExact: false },
} as const;

// A Map: it is looked up by request data, and `CORE['constructor']` would be Object (issue 9).
const CORE: ReadonlyMap<string, ScalarTarget | MultiValuedTarget> = new Map(
  Object.entries<ScalarTarget | MultiValuedTarget>({
    id: column('id::text', 'string', true),
    username: column('user_name', 'string', false),
    externalid: column('external_id', 'string', true),
    displayname: column('display_name', 'string', false),
    active: column('active', 'boolean', false),
    nickname: json(['nickName']),
    title: json(['title']),
    usertype: json(['userType']),
    locale: json(['locale']),
    preferredlanguage: json(['preferredLanguage']),
    timezone: json(['timezone']),
    profileurl: json(['profileUrl'], true),
    emails: multi('emails', { value: { type: 'string', caseExact: false }, ...TYPED }),
    phonenumbers: multi('phoneNumbers', { value: { type: 'string', caseExact: false }, ...TYPED }),
    ims: multi('ims', { value: { type: 'string', caseExact: false }, ...TYPED }),
    photos: multi('photos', { value: { type: 'string', caseExact: true }, ...TYPED }),
    entitlements: multi('entitlements', { value: { type: 'string', caseExact: false }, ...TYPED }),
    roles: multi('roles', { value: { type: 'string', caseExact: false }, ...TYPED }),
    groups: {
      kind: 'multi',
      from: 'group_memberships as gm join scim_groups as g on g.id = gm.group_id',
      where: 'gm.user_id = scim_users.id',
      subAttributes: nullPrototype({
        value: { sql: 'gm.group_id::text', type: 'string', caseExact: true },
        display: { sql: 'g.display_name', type: 'string', caseExact: false },
      }),
      defaultSub: 'value',
    },
    addresses: multi('addresses', {
      formatted: { type: 'string', caseExact: false },
      streetAddress: { type: 'string', caseExact: false },
      locality: { type: 'string', caseExact: false },
      region: { type: 'string', caseExact: false },
      postalCode: { type: 'string', caseExact: false },
      country: { type: 'string', caseExact: false },
      ...TYPED,
    }),
  }),
);

const NAME_SUBS = ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'];
const META = metaTargets('scim_users', 'User');
const ENTERPRISE_SIMPLE = ['employeeNumber', 'costCenter', 'organization', 'division', 'department'];

export const resolveUserFilterAttribute: AttributeResolver = (path: AttrPath) => {
  const attr = path.attr.toLowerCase();
  const sub = path.sub?.toLowerCase();
  const schema = path.schema?.toLowerCase();

  if (schema === SCHEMA.enterpriseUser.toLowerCase()) {
    const simple = ENTERPRISE_SIMPLE.find((name) => name.toLowerCase() === attr);
    if (simple && !sub) return json([SCHEMA.enterpriseUser, simple]);
    if (attr === 'manager' && (!sub || sub === 'value')) return json([SCHEMA.enterpriseUser, 'manager', 'value'], true);
    if (attr === 'manager' && sub === 'displayname') return json([SCHEMA.enterpriseUser, 'manager', 'displayName']);
    return undefined;
  }
  if (schema && schema !== SCHEMA.user.toLowerCase()) return undefined;

  if (attr === 'name') {
    const name = NAME_SUBS.find((n) => n.toLowerCase() === sub);
    return name ? json(['name', name]) : undefined;
  }
  if (attr === 'meta') return sub ? META.get(sub) : undefined;
  const target = CORE.get(attr);
  if (!target) return undefined;
  if (target.kind === 'scalar' && sub) return undefined;
  return target;
};
