import type { Knex } from 'knex';
import type { MemberRow } from '../../src/db/rows';
import type { Role } from '../../src/domain/roles';
import { updateMember, type MemberChanges } from '../../src/stores/members';

export interface Access {
  role: Role;
  active: boolean;
}

export interface AccessResult {
  member: MemberRow;
  /** Set when the change was held back by the last-owner guard. */
  heldBack?: string;
  /** Other members whose held-back change could apply because this one became an owner. */
  released: MemberRow[];
}

const isActiveOwner = (access: Access) => access.active && access.role === 'owner';

/**
 * Gives a member a role and access, with DESIGN.md rule 3's guard: a change that would leave the
 * account without an active owner is held back (the member stays an active owner; the wanted
 * state is kept in `held_*`) and reported. Whenever a member becomes an active owner, the changes
 * held back for the others apply at once. Both directions take the account row's lock, so two
 * concurrent demotions can never both pass and a promotion never misses a hold.
 */
export async function applyMemberAccess(
  trx: Knex.Transaction,
  member: MemberRow,
  desired: Access,
  otherChanges: MemberChanges = {},
): Promise<AccessResult> {
  const losingOwner = isActiveOwner(member) && !isActiveOwner(desired);
  const gainingOwner = !isActiveOwner(member) && isActiveOwner(desired);
  if (losingOwner || gainingOwner) await trx('accounts').where({ id: member.account_id }).forUpdate().first('id');

  if (losingOwner) {
    const others = await trx('members')
      .where({ account_id: member.account_id, role: 'owner', active: true })
      .whereNot({ id: member.id })
      .count<{ count: string }[]>({ count: '*' })
      .first();
    if (Number(others?.count ?? 0) === 0) {
      const held = await updateMember(trx, member.id, {
        ...otherChanges,
        held_role: desired.role,
        held_active: desired.active,
        held_at: member.held_at ?? (trx.fn.now() as never),
      });
      const what = desired.active ? `demotion to ${desired.role}` : 'deactivation';
      return { member: held, heldBack: `The ${what} of ${held.email} is held back: it is the account's last active owner`, released: [] };
    }
  }

  const updated = await updateMember(trx, member.id, { ...otherChanges, ...desired, held_role: null, held_active: null, held_at: null });
  const released = gainingOwner ? await releaseHeldChanges(trx, member.account_id, member.id) : [];
  return { member: updated, released };
}

/** Applies the changes held back for the account's members now that another active owner exists. */
export async function releaseHeldChanges(trx: Knex.Transaction, accountId: string, ownerId: string): Promise<MemberRow[]> {
  const held = await trx<MemberRow>('members').where({ account_id: accountId }).whereNotNull('held_at').whereNot({ id: ownerId }).forUpdate();
  const released: MemberRow[] = [];
  for (const member of held) {
    released.push(
      await updateMember(trx, member.id, {
        role: member.held_role ?? member.role,
        active: member.held_active ?? member.active,
        held_role: null,
        held_active: null,
        held_at: null,
      }),
    );
  }
  return released;
}
