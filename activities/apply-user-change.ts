import type { Database } from '../src/db/database';
import { decideUserAttributes } from '../src/domain/user-change';
import { eraseUserAttributesFromAudit, recordAudit } from '../src/stores/audit-log';
import { runChange } from '../src/stores/change-transaction';
import { deleteUser, lockUser, rowToStoredUser, saveUser } from '../src/stores/scim-users';
import type { UserChange, UserChangeOutcome } from '../workflows/contracts/provision-user';
import { encodeFailures } from './failures';
import { syncMemberWithUser } from './steps/sync-member';

export interface ApplyUserChangeInput {
  accountId: string;
  directoryId: string;
  scimUserId: string;
  change: UserChange;
}

/**
 * Applies one SCIM change in one transaction (runChange: change-id dedup and the directory
 * fence): the SCIM user, the linked member with its resolved role, and the audit row. The audit
 * row's unique change id makes the activity idempotent: a retry after a commit returns the
 * recorded outcome and changes nothing.
 */
export function createApplyUserChange(db: Database) {
  return async function applyUserChange(input: ApplyUserChangeInput): Promise<UserChangeOutcome> {
    const { accountId, directoryId, scimUserId, change } = input;
    const subject = { accountId, directoryId, subjectType: 'user' as const, subjectId: scimUserId, action: change.command.kind };
    const options = { changeId: change.changeId, fenceDirectoryId: directoryId, recordRefusalAs: subject };
    return encodeFailures(() =>
      runChange(db, options, async (tx) => {
        const current = await lockUser(tx, directoryId, scimUserId);
        const attributes = decideUserAttributes(change.command, current);

        const row = attributes === null ? undefined : await saveUser(tx, directoryId, scimUserId, current !== undefined, attributes);
        if (attributes === null) await deleteUser(tx, scimUserId);
        const { member, heldBack, released, waitingForEmail, before } = await syncMemberWithUser(tx, accountId, scimUserId, attributes);

        const outcome: UserChangeOutcome = {
          result: change.command.kind === 'create' ? 'created' : attributes === null ? 'deleted' : 'updated',
          ...(row ? { user: rowToStoredUser(row) } : {}),
          ...(member ? { email: member.email } : {}),
          ...(heldBack ? { heldBack } : {}),
          ...(waitingForEmail ? { waitingForEmail } : {}),
          exists: row !== undefined,
        };
        await recordAudit(tx, {
          ...subject,
          changeId: change.changeId,
          memberId: member?.id ?? null,
          details: member
            ? {
                email: member.email,
                role: member.role,
                active: member.active,
                // What the events feed reports as "from" (role changed, deactivated, reactivated).
                ...(before ? { roleBefore: before.role, activeBefore: before.active } : {}),
                heldBack,
                released: released.map((m) => m.email),
                // Rule 2: the IdP sent no email; the linked member kept its last one.
                ...(row && row.email === null ? { emailKept: true } : {}),
              }
            : waitingForEmail
              ? { waitingForEmail }
              : {},
          outcome,
        });
        // The trail of a deleted user keeps ids and actions, not its attributes.
        if (attributes === null) await eraseUserAttributesFromAudit(tx, scimUserId);
        return outcome;
      }),
    );
  };
}
