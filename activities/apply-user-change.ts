import type { Knex } from 'knex';
import type { ScimUserRow } from '../src/db/rows';
import { isUniqueViolation } from '../src/db/rows';
import { ScimError } from '../src/scim/errors';
import { primaryEmail, type UserAttributes } from '../src/scim/user';
import { eraseUserAttributesFromAudit, recordAudit } from '../src/stores/audit-log';
import { deleteUser, insertUser, lockUser, rowToStoredUser, updateUser, type UserColumns } from '../src/stores/scim-users';
import type { UserChange, UserChangeOutcome } from '../workflows/contracts/provision-user';
import { applyIdpChange } from './steps/idp-change';
import { computeUserAttributes } from './steps/compute-user';
import { syncMemberWithUser } from './steps/sync-member';

export interface ApplyUserChangeInput {
  accountId: string;
  directoryId: string;
  scimUserId: string;
  change: UserChange;
}

/**
 * Applies one SCIM change in one transaction (applyIdpChange: change-id dedup and the directory
 * fence): the SCIM user, the linked member with its resolved role, and the audit row. The audit
 * row's unique change id makes the activity idempotent: a retry after a commit returns the
 * recorded outcome and changes nothing.
 */
export function createApplyUserChange(db: Knex) {
  return async function applyUserChange(input: ApplyUserChangeInput): Promise<UserChangeOutcome> {
    const { accountId, directoryId, scimUserId, change } = input;
    const scope = { changeId: change.changeId, accountId, directoryId, subjectType: 'user' as const, subjectId: scimUserId, action: change.command.kind };
    return applyIdpChange(db, scope, async (trx) => {
      const current = await lockUser(trx, directoryId, scimUserId);
      if (change.command.kind === 'create' && current) throw ScimError.conflict('A user with this id already exists');
      const attributes = computeUserAttributes(change.command, current);

      const row = await writeUser(trx, directoryId, scimUserId, current, attributes);
      const { member, heldBack, released } = await syncMemberWithUser(trx, accountId, scimUserId, attributes);

      const outcome: UserChangeOutcome = {
        result: change.command.kind === 'create' ? 'created' : attributes === null ? 'deleted' : 'updated',
        ...(row ? { user: rowToStoredUser(row) } : {}),
        ...(member ? { email: member.email } : {}),
        ...(heldBack ? { heldBack } : {}),
        exists: row !== undefined,
      };
      await recordAudit(trx, {
        changeId: change.changeId,
        accountId,
        directoryId,
        subjectType: 'user',
        subjectId: scimUserId,
        action: change.command.kind,
        memberId: member?.id ?? null,
        details: member ? { email: member.email, role: member.role, active: member.active, heldBack, released: released.map((m) => m.email) } : {},
        outcome,
      });
      // The trail of a deleted user keeps ids and actions, not its attributes.
      if (attributes === null) await eraseUserAttributesFromAudit(trx, scimUserId);
      return outcome;
    });
  };
}

async function writeUser(
  trx: Knex.Transaction,
  directoryId: string,
  id: string,
  current: ScimUserRow | undefined,
  attributes: UserAttributes | null,
): Promise<ScimUserRow | undefined> {
  if (attributes === null) {
    await deleteUser(trx, id);
    return undefined;
  }
  const columns: UserColumns = {
    user_name: attributes.userName,
    external_id: typeof attributes.externalId === 'string' ? attributes.externalId : null,
    active: attributes.active,
    display_name: typeof attributes.displayName === 'string' ? attributes.displayName : null,
    email: primaryEmail(attributes) ?? null,
    attributes,
  };
  try {
    return current ? await updateUser(trx, id, columns) : await insertUser(trx, { id, directory_id: directoryId, ...columns });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const what = error.constraint === 'scim_users_external_id_uq' ? 'externalId' : 'userName';
      throw ScimError.conflict(`A user with this ${what} already exists`);
    }
    throw error;
  }
}
