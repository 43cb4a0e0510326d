import { z } from 'zod';
import { textProblem } from './text';

/**
 * zod strings with the bounds of issue 9 ("zod limits for every string ... NUL and other control
 * characters refused"). Identifiers refuse every control character; see `TextKind`.
 */
export function boundedIdentifier(max: number): z.ZodString {
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((text) => textProblem(text, 'identifier') === undefined, 'must not contain control characters or lone surrogates');
}
