import type { Knex } from 'knex';
import { findRecordedOutcome, recordFailedChange, type AuditEntry } from '../../src/stores/audit-log';
import { encodeFailures, rejectionOf } from '../failures';
import { requireLiveDirectory } from './directory-fence';

export type ChangeScope = Omit<AuditEntry, 'outcome' | 'details' | 'memberId' | 'directoryId'> & { directoryId: string };

/**
 * The transaction an IdP's change runs in: a change id already recorded answers as it did then
 * (so a retry or a resend applies once), the directory fence holds for the whole transaction,
 * then `apply` does the work and records its own audit row. A change refused for good is recorded
 * as failed in the audit log and fails once (a 4xx the IdP sees); everything else is retried by
 * the workflow's bounded schedule.
 */
export function applyIdpChange<Outcome>(db: Knex, scope: ChangeScope, apply: (trx: Knex.Transaction) => Promise<Outcome>): Promise<Outcome> {
  return encodeFailures(async () => {
    try {
      return await db.transaction(async (trx) => {
        const recorded = await findRecordedOutcome<Outcome>(trx, scope.changeId);
        if (recorded) return recorded;
        await requireLiveDirectory(trx, scope.directoryId);
        return apply(trx);
      });
    } catch (error) {
      const rejection = rejectionOf(error);
      // Idempotent on the change id: a refusal read back from the log is not recorded twice.
      if (rejection) await recordFailedChange(db, scope, rejection);
      throw rejection ?? error;
    }
  });
}
