import { checkJsonValue, ValueBudget } from './json-bounds';
import { MAX_MEMBERS_PER_REQUEST, MAX_PATCH_VALUES, MAX_RESOURCE_DEPTH, MAX_STRING_LENGTH } from './limits';
import { parsePatchPath } from './patch-path';

/**
 * Bounds a PATCH request before any work starts (issue 9): every path parses (400 `invalidPath`,
 * prototype segments included) and every value is walked once (400 `invalidValue`: prototype
 * keys, control characters, oversized strings, arrays, nesting, values in total). The API runs
 * it at the edge, so a change that could never apply never reaches a workflow; `applyPatch` runs
 * it again for operations that come from anywhere else.
 */
export function checkPatchOperations(operations: ReadonlyArray<{ path?: string; value?: unknown }>): void {
  const budget = new ValueBudget(MAX_PATCH_VALUES, 'The PATCH request');
  operations.forEach((operation, index) => {
    if (operation.path !== undefined) parsePatchPath(operation.path);
    if (operation.value !== undefined) {
      // A value may carry a group's members (up to MAX_MEMBERS_PER_REQUEST); user attributes are
      // re-validated, with their tighter limits, once the PATCH result is known.
      checkJsonValue(operation.value, PATCH_VALUE_BOUNDS, budget, `Operations.${index}.value`);
    }
  });
}

const PATCH_VALUE_BOUNDS = { maxDepth: MAX_RESOURCE_DEPTH, maxArrayItems: MAX_MEMBERS_PER_REQUEST, maxStringLength: MAX_STRING_LENGTH };
