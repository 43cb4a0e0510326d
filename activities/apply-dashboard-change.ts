import type { Knex } from 'knex';
import type { MemberRow } from '../src/db/rows';
import { RequestRejected } from '../src/domain/request-rejected';
import { findRecordedOutcome, recordAudit } from '../src/stores/audit-log';
import { findDirectoryByAccount } from '../src/stores/directories';
import { insertMember, lockMemberByEmail, rowToMemberView } from '../src/stores/members';
import type { DashboardChange, DashboardChangeOutcome } from '../workflows/contracts/change-member-from-dashboard';
import { encodeFailures } from './failures';
import { applyMemberAccess } from './steps/member-access';

/**
 * A dashboard invite or role change (DESIGN.md rule 5). While the account's directory is live,
 * members it manages keep their IdP-derived role and the change is refused with a clear reason;
 * other members change freely; after a disconnect everything does. Demoting the last active
 * owner is refused here (a person can pick another owner first).
 */
export function createApplyDashboardChange(db: Knex) {
  return async function applyDashboardChange(change: DashboardChange): Promise<DashboardChangeOutcome> {
    return encodeFailures(() =>
      db.transaction(async (trx) => {
        const recorded = await findRecordedOutcome<DashboardChangeOutcome>(trx, change.changeId);
        if (recorded) return recorded;
        const account = await trx('accounts').where({ id: change.accountId }).first('id');
        if (!account) throw new RequestRejected(404, 'account_not_found', `No account ${change.accountId}`);
        const directory = await findDirectoryByAccount(trx, change.accountId);
        const idpIsSourceOfTruth = directory !== undefined && directory.status !== 'disconnected';
        const existing = await lockMemberByEmail(trx, change.accountId, change.email);

        if (existing && existing.managed_by_directory && idpIsSourceOfTruth) {
          throw new RequestRejected(
            409,
            'managed_by_directory',
            `${existing.email} is managed by the account's directory: its role (${existing.role}) comes from the identity provider's groups`,
          );
        }
        let member: MemberRow;
        let result: DashboardChangeOutcome['result'];
        if (!existing) {
          if (change.kind === 'set-role') throw new RequestRejected(404, 'member_not_found', `No member ${change.email}`);
          member = await insertMember(trx, {
            account_id: change.accountId,
            email: change.email.trim().toLowerCase(),
            name: null,
            role: change.role,
            active: true,
            managed_by_directory: false,
            scim_user_id: null,
          });
          result = 'created';
        } else {
          const access = await applyMemberAccess(trx, existing, { role: change.role, active: change.kind === 'invite' ? true : existing.active });
          if (access.heldBack) {
            throw new RequestRejected(409, 'last_owner', `${existing.email} is the account's last active owner; make someone else owner first`);
          }
          member = access.member;
          result = 'updated';
        }
        const outcome: DashboardChangeOutcome = { result, member: rowToMemberView(member) };
        await recordAudit(trx, {
          changeId: change.changeId,
          accountId: change.accountId,
          directoryId: directory?.id ?? null,
          subjectType: 'member',
          subjectId: member.id,
          action: `dashboard-${change.kind}`,
          memberId: member.id,
          details: { role: change.role },
          outcome,
        });
        return outcome;
      }),
    );
  };
}
