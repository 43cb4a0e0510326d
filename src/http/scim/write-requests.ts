import { ScimError } from '../../scim/errors';
import { patchRequestSchema } from '../../scim/patch';
import { checkPatchOperations } from '../../scim/patch-check';
import type { JsonObject, PatchOperationInput } from '../../../workflows/contracts/json';
import type { ScimRequest } from './request';

/** Validates a PatchOp body into plain operations for the workflow. */
export function parsePatchOperations(
  body: unknown,
  sanitize: (ops: PatchOperationInput[]) => PatchOperationInput[] = (ops) => ops,
): PatchOperationInput[] {
  const parsed = patchRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw ScimError.badRequest(
      'invalidSyntax',
      `Invalid PATCH request: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'malformed'}`.trim(),
    );
  }
  // Issue 9: paths and values are bounded here, so a change that can never apply never reaches a workflow.
  checkPatchOperations(parsed.data.Operations);
  const operations = parsed.data.Operations.map(({ op, path, value }) => ({
    op,
    ...(path !== undefined ? { path } : {}),
    ...(value !== undefined ? { value: value as JsonObject } : {}),
  }));
  return sanitize(operations);
}

export function ifMatch(request: ScimRequest): { ifMatch?: string } {
  return request.ifMatch ? { ifMatch: request.ifMatch } : {};
}
