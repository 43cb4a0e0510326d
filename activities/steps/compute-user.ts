import type { ScimUserRow } from '../../src/db/rows';
import { ScimError } from '../../src/scim/errors';
import { applyPatch, type PatchOperation } from '../../src/scim/patch';
import { normalizeUserAttributes, USER_READ_ONLY, weakEtag, type UserAttributes } from '../../src/scim/user';
import type { UserCommand } from '../../workflows/contracts';

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

/** RFC 7644 §3.14: `If-Match` names the version the client last saw. */
function checkIfMatch(ifMatch: string | undefined, version: number): void {
  if (ifMatch === undefined) return;
  const current = weakEtag(version);
  const accepted = ifMatch.split(',').map((tag) => tag.trim());
  const matches = accepted.some((tag) => tag === '*' || tag === current || `W/${tag}` === current);
  if (!matches) throw new ScimError(412, `The resource has changed: its version is ${current}`);
}
