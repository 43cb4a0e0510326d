import { z } from 'zod';
import { isDefaultGroupName, isMappableGroupName, ROLES } from '../../domain/roles';
import { textProblem } from '../../scim/text';

/** Request schemas the admin API and the console share: the same input is refused the same way from both. */

export const PROVIDER_IDS = ['okta', 'entra', 'google', 'onelogin', 'jumpcloud', 'rippling', 'other'] as const;
export const providerSchema = z.enum(PROVIDER_IDS);

export const accountSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'id: 1-63 lower-case letters, digits, - or _'),
  name: z.string().trim().min(1, 'name is required').max(200),
});

export const roleSchema = z.enum(ROLES);
export const mappingsSchema = z
  .array(z.object({ group: z.string().trim().min(1, 'group is required').max(256), role: roleSchema }))
  .max(500)
  .superRefine((mappings, ctx) => {
    const seen = new Set<string>();
    for (const [index, mapping] of mappings.entries()) {
      const key = mapping.group.toLowerCase();
      const problem = textProblem(mapping.group, 'identifier');
      if (problem) ctx.addIssue({ code: 'custom', path: [index, 'group'], message: `the group name ${problem}` });
      // A group so named maps to no role (src/domain/roles.ts): saying so beats storing a mapping that never applies.
      if (!isMappableGroupName(key))
        ctx.addIssue({ code: 'custom', path: [index, 'group'], message: `'${mapping.group}' cannot be mapped: it is a reserved name` });
      if (isDefaultGroupName(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'group'],
          message: `'${mapping.group}' is a default group (knock-role-*) and cannot be remapped`,
        });
      }
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [index, 'group'], message: `'${mapping.group}' is mapped twice` });
      seen.add(key);
    }
  });
