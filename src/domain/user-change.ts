import { ScimError } from '../scim/errors';
import { checkIfMatch } from '../scim/if-match';
import { applyPatch, type PatchOperation } from '../scim/patch';
import { normalizeUserAttributes, USER_READ_ONLY, type UserAttributes } from '../scim/user';
import type { UserCommand } from '../../workflows/contracts/provision-user';

/**
 * The attributes a command leaves the SCIM user with, from its current state (undefined: no such
 * user); `null` for a delete. Refuses a create over an existing id, a change to a missing user
 * and a stale `If-Match`.
 */
export function decideUserAttributes(
  command: UserCommand,
  current: { attributes: UserAttributes; version: number } | undefined,
): UserAttributes | null {
  if (command.kind === 'create') {
    if (current) throw ScimError.conflict('A user with this id already exists');
    return normalizeUserAttributes(command.attributes);
  }
  if (!current) throw ScimError.notFound('User not found');
  checkIfMatch(command.ifMatch, current.version);
  switch (command.kind) {
    case 'replace':
      return normalizeUserAttributes(command.attributes);
    case 'patch':
      return normalizeUserAttributes(
        applyPatch(current.attributes, command.operations as PatchOperation[], {
          readOnly: USER_READ_ONLY,
          ignoredInValue: ['id', 'schemas', 'meta'],
        }),
      );
    case 'delete':
      return null;
  }
}
