import type { Tx } from '../../src/db/database';
import type { MemberRow } from '../../src/db/rows';
import { decideAccess, isActiveOwner, ownerShift, releasedAccess, type Access } from '../../src/domain/owner-guard';
import { lockAccount } from '../../src/stores/accounts';
import { countOtherActiveOwners, insertMember, lockHeldMembers, updateMember, type MemberChanges } from '../../src/stores/members';

export interface AccessResult {
  member: MemberRow;
  /** Set when the change was held back by the last-owner guard. */
  heldBack?: string;
  /** Other members whose held-back change could apply because this one became an owner. */
  released: MemberRow[];
}

/**
 * Gives a member a role and access under the last-owner guard (src/domain/owner-guard.ts). Both
 * directions of an owner change take the account row's lock, so two concurrent demotions can
 * never both pass and a promotion never misses a hold.
 */
export async function applyMemberAccess(
  tx: Tx,
  member: MemberRow,
  desired: Access,
  otherChanges: MemberChanges = {},
): Promise<AccessResult> {
  const { losingOwner, gainingOwner } = ownerShift(member, desired);
  if (losingOwner || gainingOwner) await lockAccount(tx, member.account_id, 'update');
  const otherOwners = losingOwner ? await countOtherActiveOwners(tx, member.account_id, member.id) : 0;

  const decision = decideAccess({ ...member, email: otherChanges.email ?? member.email }, desired, otherOwners);
  if (decision.kind === 'hold') {
    const held = await updateMember(tx, member.id, {
      ...otherChanges,
      held_role: desired.role,
      held_active: desired.active,
      held_at: member.held_at ?? 'now',
    });
    return { member: held, heldBack: decision.reason, released: [] };
  }
  const updated = await updateMember(tx, member.id, { ...otherChanges, ...desired, held_role: null, held_active: null, held_at: null });
  const released = decision.releaseHeld ? await releaseHeldChanges(tx, member.account_id, member.id) : [];
  return { member: updated, released };
}

/** Applies the changes held back for the account's members now that `ownerId` is an active owner. */
export async function releaseHeldChanges(tx: Tx, accountId: string, ownerId: string): Promise<MemberRow[]> {
  const released: MemberRow[] = [];
  for (const member of await lockHeldMembers(tx, accountId, ownerId)) {
    released.push(await updateMember(tx, member.id, { ...releasedAccess(member), held_role: null, held_active: null, held_at: null }));
  }
  return released;
}

/**
 * Creates a member; one created as an active owner releases the changes held back for the
 * others, as a promotion does.
 */
export async function createMember(tx: Tx, member: Parameters<typeof insertMember>[1]): Promise<AccessResult> {
  const created = await insertMember(tx, member);
  if (!isActiveOwner(member)) return { member: created, released: [] };
  await lockAccount(tx, member.account_id, 'update');
  return { member: created, released: await releaseHeldChanges(tx, member.account_id, created.id) };
}
