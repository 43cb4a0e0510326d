import { ZodError } from 'zod';
import type { Database, Tx } from '../db/database';
import { requireLiveDirectory, type DirectoryStatus } from '../domain/directory-lifecycle';
import { invalidChangeIn } from '../infra/database-errors';
import { ScimError } from '../scim/errors';
import { findRecordedOutcome, recordFailedChange, replayOutcome, type AuditEntry } from './audit-log';
import { lockDirectoryForChange } from './directories';

export interface ChangeOptions {
  /**
   * The change's id (a Temporal update id, or a workflow-derived id): a change already recorded
   * in the audit log answers as it did then, so a retry or a resend applies once.
   */
  changeId?: string;
  /** An IdP change: the directory's share lock is held for the whole transaction, and it must be live (rule 6). */
  fenceDirectoryId?: string;
  /** Record a refusal (a change that can never apply) in the audit log under this subject. */
  recordRefusalAs?: Omit<AuditEntry, 'outcome' | 'details' | 'changeId'>;
}

/**
 * The one transaction every write runs in: change-id dedup, then the directory fence, then
 * `work` (which loads, decides and saves, and records its own audit row). A change refused for
 * good is recorded as failed, in its own transaction since the change's rolled back, and the
 * refusal is re-thrown; everything else propagates for the caller's retry policy.
 */
export async function runChange<Outcome>(db: Database, options: ChangeOptions, work: (tx: Tx) => Promise<Outcome>): Promise<Outcome> {
  try {
    return await db.transaction(async (tx) => {
      if (options.changeId !== undefined && options.fenceDirectoryId !== undefined) {
        const { recorded, directory } = await fenceAndRecord<Outcome>(tx, options.fenceDirectoryId, options.changeId);
        if (recorded !== null) return replayOutcome<Outcome>(recorded);
        requireLiveDirectory(directory);
      } else if (options.changeId !== undefined) {
        const recorded = await findRecordedOutcome<Outcome>(tx, options.changeId);
        if (recorded) return recorded;
      } else if (options.fenceDirectoryId !== undefined) {
        requireLiveDirectory(await lockDirectoryForChange(tx, options.fenceDirectoryId));
      }
      return work(tx);
    });
  } catch (error) {
    const rejection = options.recordRefusalAs && options.changeId !== undefined ? rejectionOf(error) : undefined;
    // Idempotent on the change id: a refusal read back from the log is not recorded twice.
    if (rejection) await recordFailedChange(db, { ...options.recordRefusalAs!, changeId: options.changeId! }, rejection);
    throw rejection ?? error;
  }
}

/**
 * The dedup read and the fence in one statement (every IdP change pays both): the directory row
 * share-locked with its status, and the change's recorded outcome (null: none). No directory
 * row (never the case for a directory a token found) is read apart, as the fence's refusal.
 */
async function fenceAndRecord<Outcome>(
  tx: Tx,
  directoryId: string,
  changeId: string,
): Promise<{ recorded: Outcome | null; directory?: { status: DirectoryStatus } }> {
  const { rows } = await tx.raw<{ rows: Array<{ status: DirectoryStatus; recorded: Outcome | null }> }>(
    `select d.status, (select a.outcome from audit_log a where a.change_id = ?) as recorded
       from directories d where d.id = ? for share of d`,
    [changeId, directoryId],
  );
  if (rows[0]) return { recorded: rows[0].recorded, directory: { status: rows[0].status } };
  return { recorded: (await findRecordedOutcome<Outcome>(tx, changeId)) ?? null };
}

/** A change that can never be applied, as the SCIM error the IdP gets; undefined for anything else. */
export function rejectionOf(error: unknown): ScimError | undefined {
  if (error instanceof ScimError) return error;
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    return ScimError.badRequest('invalidValue', `Invalid value${issue ? ` at ${issue.path.join('.')}: ${issue.message}` : ''}`);
  }
  const invalid = invalidChangeIn(error);
  if (invalid) return ScimError.badRequest('invalidValue', `The change cannot be stored (SQLSTATE ${invalid.sqlState}, ${invalid.reason})`);
  return undefined;
}
