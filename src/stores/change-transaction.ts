import { ZodError } from 'zod';
import type { Database, Tx } from '../db/database';
import { requireLiveDirectory } from '../domain/directory-lifecycle';
import { invalidChangeIn } from '../infra/database-errors';
import { ScimError } from '../scim/errors';
import { findRecordedOutcome, recordFailedChange, type AuditEntry } from './audit-log';
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
      if (options.changeId !== undefined) {
        const recorded = await findRecordedOutcome<Outcome>(tx, options.changeId);
        if (recorded) return recorded;
      }
      if (options.fenceDirectoryId !== undefined) requireLiveDirectory(await lockDirectoryForChange(tx, options.fenceDirectoryId));
      return work(tx);
    });
  } catch (error) {
    const rejection = options.recordRefusalAs && options.changeId !== undefined ? rejectionOf(error) : undefined;
    // Idempotent on the change id: a refusal read back from the log is not recorded twice.
    if (rejection) await recordFailedChange(db, { ...options.recordRefusalAs!, changeId: options.changeId! }, rejection);
    throw rejection ?? error;
  }
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
