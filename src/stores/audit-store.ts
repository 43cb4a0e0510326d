import type { Knex } from 'knex';

const TABLE = 'audit_log';

export interface AuditEntry {
  changeId: string;
  accountId: string;
  directoryId: string | null;
  subjectType: 'user' | 'group' | 'directory' | 'account' | 'member';
  subjectId: string;
  action: string;
  memberId?: string | null;
  details?: Record<string, unknown>;
  outcome: unknown;
}

/** The outcome recorded for a change that already committed, if it did. */
export async function findRecordedOutcome<T>(trx: Knex.Transaction, changeId: string): Promise<T | undefined> {
  const row = await trx(TABLE).where({ change_id: changeId }).first<{ outcome: T } | undefined>('outcome');
  return row?.outcome;
}

export async function recordAudit(trx: Knex.Transaction, entry: AuditEntry): Promise<void> {
  await trx(TABLE).insert({
    change_id: entry.changeId,
    account_id: entry.accountId,
    directory_id: entry.directoryId,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId,
    action: entry.action,
    member_id: entry.memberId ?? null,
    details: JSON.stringify(entry.details ?? {}),
    outcome: JSON.stringify(entry.outcome),
  });
}
