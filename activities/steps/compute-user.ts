import type { ScimUserRow } from '../../src/db/rows';
import { ScimError } from '../../src/scim/errors';
import { applyPatch, type PatchOperation } from '../../src/scim/patch';
import { normalizeUserAttributes, USER_READ_ONLY, type UserAttributes } from '../../src/scim/user';
import { checkIfMatch } from './if-match';
import type { UserCommand } from '../../workflows/contracts/provision-user';

/** The attributes a command leaves the user with; `null` for a delete. Pure. */
export function computeUserAttributes(command: UserCommand, current: ScimUserRow | undefined): UserAttributes | null {
  if (command.kind === 'create') return normalizeUserAttributes(command.attributes);
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
