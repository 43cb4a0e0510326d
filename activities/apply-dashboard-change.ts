import type { Database } from '../src/db/database';
import type { MemberRow } from '../src/db/rows';
import { decideDashboardChange, lastOwnerRefusal } from '../src/domain/dashboard-change';
import { isLive } from '../src/domain/directory-lifecycle';
import { RequestRejected } from '../src/domain/request-rejected';
import { findAccount } from '../src/stores/accounts';
import { recordAudit } from '../src/stores/audit-log';
import { runChange } from '../src/stores/change-transaction';
import { findDirectoryByAccount } from '../src/stores/directories';
import { lockMemberByEmail, rowToMemberView } from '../src/stores/members';
import type { DashboardChange, DashboardChangeOutcome } from '../workflows/contracts/change-member-from-dashboard';
import { encodeFailures } from './failures';
import { applyMemberAccess, createMember } from './steps/member-access';

/**
 * A dashboard invite or role change (rule 5, src/domain/dashboard-change.ts), idempotent on its
 * change id. Demoting the last active owner is refused here (a person can pick another owner first).
 */
export function createApplyDashboardChange(db: Database) {
  return async function applyDashboardChange(change: DashboardChange): Promise<DashboardChangeOutcome> {
    return encodeFailures(() =>
      runChange(db, { changeId: change.changeId }, async (tx) => {
        if (!(await findAccount(tx, change.accountId)))
          throw new RequestRejected(404, 'account_not_found', `No account ${change.accountId}`);
        const directory = await findDirectoryByAccount(tx, change.accountId);
        const existing = await lockMemberByEmail(tx, change.accountId, change.email);

        const decision = decideDashboardChange(change, existing, isLive(directory));
        let member: MemberRow;
        if (decision.kind === 'create') {
          // An owner invited here releases what the guard held back, as the IdP's new owners do.
          ({ member } = await createMember(tx, {
            account_id: change.accountId,
            email: decision.email,
            name: null,
            ...decision.access,
            managed_by_directory: false,
            scim_user_id: null,
          }));
        } else {
          const access = await applyMemberAccess(tx, existing!, decision.access);
          if (access.heldBack) throw lastOwnerRefusal(existing!.email);
          member = access.member;
        }
        const outcome: DashboardChangeOutcome = {
          result: decision.kind === 'create' ? 'created' : 'updated',
          member: rowToMemberView(member),
        };
        await recordAudit(tx, {
          changeId: change.changeId,
          accountId: change.accountId,
          directoryId: directory?.id ?? null,
          subjectType: 'member',
          subjectId: member.id,
          action: `dashboard-${change.kind}`,
          memberId: member.id,
          details: { role: change.role, ...(existing ? { roleBefore: existing.role } : {}) },
          outcome,
        });
        return outcome;
      }),
    );
  };
}
