import type { Knex } from 'knex';
import { resolveRole } from '../src/domain/roles';
import { findRecordedOutcome, recordAudit } from '../src/stores/audit-log';
import { lockDirectoryForChange } from '../src/stores/directories';
import { lockMemberByScimUser } from '../src/stores/members';
import { listRoleMappings } from '../src/stores/role-mappings';
import { groupNamesOfUser, lockUser } from '../src/stores/scim-users';
import type { RoleResolutionOutcome } from '../workflows/contracts/provision-user';
import { applyMemberAccess } from './steps/member-access';

export interface ResolveMemberRoleInput {
  accountId: string;
  directoryId: string;
  scimUserId: string;
  changeId: string;
}

/**
 * Re-resolves a member's role from the IdP's current state (its groups' names, the account's
 * mappings) in one transaction, under the last-owner guard. It reads everything fresh, so however
 * group, mapping and user changes interleave, the last resolution after the last change is right.
 */
export function createResolveMemberRole(db: Knex) {
  return async function resolveMemberRole(input: ResolveMemberRoleInput): Promise<RoleResolutionOutcome> {
    return db.transaction(async (trx) => {
      const recorded = await findRecordedOutcome<RoleResolutionOutcome>(trx, input.changeId);
      if (recorded) return recorded;
      const directory = await lockDirectoryForChange(trx, input.directoryId);
      // A frozen directory changes nothing (rule 6); the user's workflow simply stops asking.
      if (!directory || directory.status === 'disconnected') return { exists: true, changed: false, frozen: true };
      const user = await lockUser(trx, input.directoryId, input.scimUserId);
      const member = user ? await lockMemberByScimUser(trx, input.scimUserId) : undefined;
      if (!user || !member) return { exists: user !== undefined, changed: false };

      const role = resolveRole(await groupNamesOfUser(trx, user.id), await listRoleMappings(trx, input.accountId));
      const before = { role: member.role, active: member.active, held: member.held_at !== null };
      const { member: after, heldBack, released } = await applyMemberAccess(trx, member, { role, active: user.active });
      const outcome: RoleResolutionOutcome = {
        exists: true,
        changed: before.role !== after.role || before.active !== after.active || before.held !== (after.held_at !== null),
        role: after.role,
        ...(heldBack ? { heldBack } : {}),
      };
      await recordAudit(trx, {
        changeId: input.changeId,
        accountId: input.accountId,
        directoryId: input.directoryId,
        subjectType: 'user',
        subjectId: input.scimUserId,
        action: 'resolve-role',
        memberId: member.id,
        details: { from: before.role, to: after.role, resolved: role, heldBack, released: released.map((m) => m.email) },
        outcome,
      });
      return outcome;
    });
  };
}
