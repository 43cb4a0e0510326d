import type { Database, Tx } from '../db/database';
import '../db/tables';
import { ScimError, type ScimType } from '../scim/errors';

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

/** What the audit log keeps of a change that was refused: the SCIM error, never the values sent. */
interface RecordedFailure {
  failure: { status: number; scimType?: string; message: string };
}

/**
 * The outcome recorded for a change that already committed, if it did. A change recorded as
 * refused is refused again, with the same error: a resend must not apply what once failed.
 */
export async function findRecordedOutcome<T>(tx: Tx, changeId: string): Promise<T | undefined> {
  const row = await tx(TABLE).where({ change_id: changeId }).first<{ outcome: T | RecordedFailure } | undefined>('outcome');
  return row ? replayOutcome<T>(row.outcome) : undefined;
}

/** A recorded outcome as the change answers it again: the outcome, or the recorded refusal thrown. */
export function replayOutcome<T>(outcome: T | RecordedFailure): T {
  if (typeof outcome === 'object' && outcome !== null && Object.hasOwn(outcome, 'failure')) {
    const { failure } = outcome as RecordedFailure;
    throw new ScimError(failure.status, failure.message, failure.scimType as ScimType | undefined);
  }
  return outcome as T;
}

export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx(TABLE).insert(auditRow(entry));
}

/**
 * Records that a change was refused, in its own transaction (the change's own rolled back).
 * Idempotent on the change id.
 */
export async function recordFailedChange(db: Database, entry: Omit<AuditEntry, 'outcome' | 'details'>, error: ScimError): Promise<void> {
  const failure: RecordedFailure['failure'] = {
    status: error.status,
    ...(error.scimType ? { scimType: error.scimType } : {}),
    message: error.message,
  };
  await db(TABLE)
    .insert(auditRow({ ...entry, details: { failed: { status: error.status, scimType: error.scimType ?? null } }, outcome: { failure } }))
    .onConflict('change_id')
    .ignore();
}

/**
 * A deleted SCIM user's trail keeps ids, actions and results, not its attributes or email: the
 * outcome keeps only what replaying a retried change needs to answer (`result`, `exists`, a failure).
 */
export async function eraseUserAttributesFromAudit(tx: Tx, scimUserId: string): Promise<void> {
  await tx(TABLE)
    .where({ subject_type: 'user', subject_id: scimUserId })
    .update({
      details: '{}',
      outcome: tx.raw(
        "jsonb_strip_nulls(jsonb_build_object('result', outcome->'result', 'exists', outcome->'exists', 'failure', outcome->'failure'))",
      ),
    });
}

function auditRow(entry: AuditEntry) {
  return {
    change_id: entry.changeId,
    account_id: entry.accountId,
    directory_id: entry.directoryId,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId,
    action: entry.action,
    member_id: entry.memberId ?? null,
    details: JSON.stringify(entry.details ?? {}),
    outcome: JSON.stringify(entry.outcome),
  };
}

/** When the last change from the IdP was applied. */
export async function lastSyncAt(db: Database, directoryId: string): Promise<Date | null> {
  const row = await db(TABLE).where({ directory_id: directoryId }).max<{ max: Date | null }>({ max: 'created_at' }).first();
  return row?.max ?? null;
}
