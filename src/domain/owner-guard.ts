import type { Role } from './roles';

/** docs/product-rules.md rule 3: the account always keeps an active owner. */

export interface Access {
  role: Role;
  active: boolean;
}

export const isActiveOwner = (access: Access): boolean => access.active && access.role === 'owner';

/** Whether moving from `current` to `desired` removes or adds an active owner. */
export function ownerShift(current: Access, desired: Access): { losingOwner: boolean; gainingOwner: boolean } {
  return {
    losingOwner: isActiveOwner(current) && !isActiveOwner(desired),
    gainingOwner: !isActiveOwner(current) && isActiveOwner(desired),
  };
}

export type AccessDecision =
  /** Apply `desired`; `releaseHeld`: the member becomes an active owner, so held changes of others apply. */
  | { kind: 'apply'; releaseHeld: boolean }
  /** Keep the member an active owner and remember `desired` until another active owner exists. */
  | { kind: 'hold'; reason: string };

/**
 * The guard: a change that would leave the account without an active owner is held back.
 * `otherActiveOwners` counts the account's other active owners (only read when the member is
 * losing ownership).
 */
export function decideAccess(member: Access & { email: string }, desired: Access, otherActiveOwners: number): AccessDecision {
  const { losingOwner, gainingOwner } = ownerShift(member, desired);
  if (losingOwner && otherActiveOwners === 0) {
    const what = desired.active ? `demotion to ${desired.role}` : 'deactivation';
    return { kind: 'hold', reason: `The ${what} of ${member.email} is held back: it is the account's last active owner` };
  }
  return { kind: 'apply', releaseHeld: gainingOwner };
}

/** The access a held-back member gets once another active owner exists: what the IdP asked for. */
export function releasedAccess(member: Access & { held_role: Role | null; held_active: boolean | null }): Access {
  return { role: member.held_role ?? member.role, active: member.held_active ?? member.active };
}
