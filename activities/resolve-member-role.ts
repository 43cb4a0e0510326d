import type { Database } from '../src/db/database';
import { DirectoryFrozenError } from '../src/domain/directory-frozen';
import { recordAudit } from '../src/stores/audit-log';
import { runChange } from '../src/stores/change-transaction';
import { lockMemberByScimUser } from '../src/stores/members';
import { lockUser } from '../src/stores/scim-users';
import type { RoleResolutionCause, RoleResolutionOutcome } from '../workflows/contracts/provision-user';
import { applyMemberAccess } from './steps/member-access';
import { resolvedRole } from './steps/resolved-role';

export interface ResolveMemberRoleInput {
  accountId: string;
  directoryId: string;
  scimUserId: string;
  changeId: string;
  /** The change that asked for this re-resolution (a group or mapping change), when the signal said. */
  cause?: RoleResolutionCause;
}

/**
 * Re-resolves a member's role from the IdP's current state (its groups' names, the account's
 * mappings) in one transaction, under the last-owner guard. It reads everything fresh, so however
 * group, mapping and user changes interleave, the last resolution after the last change is right.
 */
export function createResolveMemberRole(db: Database) {
  return async function resolveMemberRole(input: ResolveMemberRoleInput): Promise<RoleResolutionOutcome> {
    try {
      return await runChange(db, { changeId: input.changeId, fenceDirectoryId: input.directoryId }, async (tx) => {
        const user = await lockUser(tx, input.directoryId, input.scimUserId);
        const member = user ? await lockMemberByScimUser(tx, input.scimUserId) : undefined;
        // A user with no linked member waits for an email (rule 2): it has no role to resolve.
        if (!user) return { exists: false, changed: false };
        if (!member) return { exists: true, changed: false, ...(user.email === null ? { waitingForEmail: true as const } : {}) };

        const role = await resolvedRole(tx, input.accountId, user.id);
        const before = { role: member.role, active: member.active, held: member.held_at !== null };
        const { member: after, heldBack, released } = await applyMemberAccess(tx, member, { role, active: user.active });
        const outcome: RoleResolutionOutcome = {
          exists: true,
          changed: before.role !== after.role || before.active !== after.active || before.held !== (after.held_at !== null),
          role: after.role,
          ...(heldBack ? { heldBack } : {}),
        };
        await recordAudit(tx, {
          changeId: input.changeId,
          accountId: input.accountId,
          directoryId: input.directoryId,
          subjectType: 'user',
          subjectId: input.scimUserId,
          action: 'resolve-role',
          memberId: member.id,
          details: {
            email: after.email,
            from: before.role,
            to: after.role,
            resolved: role,
            heldBack,
            released: released.map((m) => m.email),
            ...(input.cause ? { cause: input.cause } : {}),
          },
          outcome,
        });
        return outcome;
      });
    } catch (error) {
      // A frozen directory changes nothing (rule 6); the user's workflow simply stops asking.
      if (error instanceof DirectoryFrozenError) return { exists: true, changed: false, frozen: true };
      throw error;
    }
  };
}
