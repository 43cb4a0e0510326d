import type { AttrPath } from '../../scim/filter/ast';
import { metaTargets, scalarColumn, type AttributeResolver, type MultiValuedTarget, type ScalarTarget } from './to-sql';
import { nullPrototype } from '../../scim/own-keys';
import { SCHEMA } from '../../scim/schemas';

/** Where each filterable Group attribute lives: columns of `scim_groups`, members via `group_memberships`. */

const column = scalarColumn;

const MEMBERS: MultiValuedTarget = {
  kind: 'multi',
  from: 'group_memberships as gm join scim_users as mu on mu.id = gm.user_id',
  where: 'gm.group_id = scim_groups.id',
  // Null prototype: looked up by request data (issue 9).
  subAttributes: nullPrototype({
    value: { sql: 'gm.user_id::text', type: 'string', caseExact: true },
    display: { sql: 'coalesce(mu.display_name, mu.user_name)', type: 'string', caseExact: false },
    type: { sql: `'User'`, type: 'string', caseExact: false },
  }),
  defaultSub: 'value',
};

// A Map: it is looked up by request data (issue 9).
const ATTRIBUTES: ReadonlyMap<string, ScalarTarget | MultiValuedTarget> = new Map<string, ScalarTarget | MultiValuedTarget>([
  ['id', column('scim_groups.id::text', 'string', true)],
  ['displayname', column('scim_groups.display_name', 'string', false)],
  ['externalid', column('scim_groups.external_id', 'string', true)],
  ['members', MEMBERS],
]);

const META = metaTargets('scim_groups', 'Group');

export const resolveGroupFilterAttribute: AttributeResolver = (path: AttrPath) => {
  if (path.schema && path.schema.toLowerCase() !== SCHEMA.group.toLowerCase()) return undefined;
  const attr = path.attr.toLowerCase();
  if (attr === 'meta') return path.sub ? META.get(path.sub.toLowerCase()) : undefined;
  const target = ATTRIBUTES.get(attr);
  if (!target || (target.kind === 'scalar' && path.sub)) return undefined;
  return target;
};

/** Inside `members[...]` on a PATCH path: the sub-attributes of one membership row. */
export const resolveMemberElementAttribute: AttributeResolver = (path: AttrPath) => {
  if (path.schema || path.sub) return undefined;
  const name = path.attr.toLowerCase();
  const sub = Object.hasOwn(MEMBERS.subAttributes, name) ? MEMBERS.subAttributes[name] : undefined;
  return sub ? { kind: 'scalar', sql: sub.sql, type: sub.type, caseExact: sub.caseExact } : undefined;
};
