import type { Database, Tx } from '../db/database';
import type { AuditRow } from '../db/rows';
import type { FeedPosition } from '../domain/feed-cursor';
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
 * outcome keeps only what replaying a retried change needs to answer (`result`, `exists`, a
 * failure), the details only roles, access flags, a refusal's status and a role change's cause
 * (what the events feed tells: deactivated, role changed, change failed), never an email.
 */
export async function eraseUserAttributesFromAudit(tx: Tx, scimUserId: string): Promise<void> {
  await tx(TABLE)
    .where({ subject_type: 'user', subject_id: scimUserId })
    .update({
      details: tx.raw(`jsonb_strip_nulls(jsonb_build_object(${KEPT_DETAILS.map((key) => `'${key}', details->'${key}'`).join(', ')}))`),
      outcome: tx.raw(
        "jsonb_strip_nulls(jsonb_build_object('result', outcome->'result', 'exists', outcome->'exists', 'failure', outcome->'failure'))",
      ),
    });
}

/** Non-personal details a deleted user's trail keeps (constants: no request data in the SQL). */
const KEPT_DETAILS = ['role', 'roleBefore', 'active', 'activeBefore', 'from', 'to', 'resolved', 'cause', 'failed'] as const;

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

/**
 * When the last change from the IdP was applied: user and group rows only (support's connect,
 * rotation and disconnect rows carry the directory too, but are no sync).
 */
export async function lastSyncAt(db: Database, directoryId: string): Promise<Date | null> {
  const row = await db(TABLE)
    .where({ directory_id: directoryId })
    .whereIn('subject_type', ['user', 'group'])
    .max<{ max: Date | null }>({ max: 'created_at' })
    .first();
  return row?.max ?? null;
}

/** Every column but feed_tx, which is read as text (xid8 has no JavaScript type). */
const FEED_COLUMNS = [
  'id',
  'change_id',
  'account_id',
  'directory_id',
  'subject_type',
  'subject_id',
  'action',
  'member_id',
  'details',
  'outcome',
  'created_at',
] as const;

/** Which subjects a feed filter by kind can match (refined by src/domain/audit-events.ts after). */
export type FeedSubjectFilter = { subjectTypes: AuditRow['subject_type'][]; excludeActions?: string[] } | { failedOnly: true };

export interface FeedQuery {
  accountId: string;
  after: FeedPosition;
  /** Rows read (one more is read to tell whether more follow). */
  limit: number;
  memberId?: string;
  subjects?: FeedSubjectFilter;
}

/**
 * One page of an account's audit log in feed order, (feed_tx, id), after a position. Only rows
 * whose writing transaction is older than every transaction still running are read
 * (pg_snapshot_xmin): a transaction that commits later has a larger feed_tx than anything
 * returned, so a cursor never skips a row (migration 0004). Role re-resolutions that left the
 * role as it was are not events and are skipped here.
 */
export async function readFeed(db: Database, query: FeedQuery): Promise<AuditRow[]> {
  const q = db(TABLE)
    .where({ account_id: query.accountId })
    .whereRaw('feed_tx < pg_snapshot_xmin(pg_current_snapshot())')
    .whereRaw('(feed_tx, id) > (?::xid8, ?::bigint)', [query.after.tx, query.after.id])
    .whereRaw("not (action = 'resolve-role' and details->>'from' is not distinct from details->>'to')");
  if (query.memberId !== undefined) q.where({ member_id: query.memberId });
  const subjects = query.subjects;
  if (subjects && 'failedOnly' in subjects) q.whereRaw("details->'failed' is not null");
  else if (subjects) {
    q.whereIn('subject_type', subjects.subjectTypes);
    if (subjects.excludeActions?.length) q.whereNotIn('action', subjects.excludeActions);
  }
  return q
    .orderBy([{ column: 'feed_tx' }, { column: 'id' }])
    .limit(query.limit)
    .select(...FEED_COLUMNS, db.raw('feed_tx::text as feed_tx'));
}

/** The change ids' rows (a role change's cause), bounded by the caller's page. */
export async function findChanges(db: Database, changeIds: string[]): Promise<AuditRow[]> {
  if (changeIds.length === 0) return [];
  return db(TABLE)
    .whereIn('change_id', changeIds)
    .select(...FEED_COLUMNS, db.raw('feed_tx::text as feed_tx'));
}

/** The feed position just before an account's `count` most recent rows (where "recent changes" starts). */
export async function recentFeedStart(db: Database, accountId: string, count: number): Promise<FeedPosition | undefined> {
  const row = await db(TABLE)
    .where({ account_id: accountId })
    .orderBy([
      { column: 'feed_tx', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .offset(count)
    .first<{ tx: string; id: string } | undefined>(db.raw('feed_tx::text as tx'), db.raw('id::text as id'));
  return row ? { tx: row.tx, id: row.id } : undefined;
}
