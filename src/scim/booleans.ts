import { z } from 'zod';

/** SCIM booleans, also as the strings "True"/"False" that Entra sends. */
export const scimBoolean = z.union([
  z.boolean(),
  z
    .string()
    .refine((s) => /^(true|false)$/i.test(s.trim()), { message: 'expected true or false' })
    .transform((s) => s.trim().toLowerCase() === 'true'),
]);
