import { ScimError } from '../scim/errors';
import { checkIfMatch } from '../scim/if-match';
import type { GroupCommand } from '../../workflows/contracts/provision-group';

/** Refuses a create over an existing id, a change to a missing group and a stale `If-Match`. */
export function checkGroupCommand(command: GroupCommand, groupId: string, current: { version: number } | undefined): void {
  if (command.kind === 'create') {
    if (current) throw ScimError.conflict('A group with this id already exists');
    return;
  }
  if (!current) throw ScimError.notFound(`Group ${groupId} not found`);
  checkIfMatch(command.ifMatch, current.version);
}

/** Members must be users of the same directory: the ids in `unknown` refuse the whole change. */
export function refuseUnknownMembers(unknown: readonly string[]): void {
  if (unknown.length === 0) return;
  const shown = unknown.slice(0, 5).join(', ');
  throw ScimError.badRequest(
    'invalidValue',
    `Unknown member${unknown.length > 1 ? 's' : ''} ${shown}${unknown.length > 5 ? ', …' : ''}: members must be users of this directory`,
  );
}
