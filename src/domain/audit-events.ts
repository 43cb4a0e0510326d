/**
 * What an audit-log row means to support, as events of the feed (README, Events feed). Pure: the
 * row's subject, action and recorded details in, the event's kinds out. Rows written before a
 * detail was recorded are classified from what they have (a deactivation recorded before
 * `activeBefore` existed reads as an update).
 */
export const EVENT_KINDS = [
  'user.created',
  'user.updated',
  'user.deactivated',
  'user.reactivated',
  'user.deleted',
  'role.changed',
  'group.created',
  'group.updated',
  'group.renamed',
  'group.deleted',
  'membership.changed',
  'mappings.changed',
  'member.invited',
  'member.role-set',
  'directory.pending',
  'directory.connected',
  'directory.token-rotated',
  'directory.disconnected',
  'change.failed',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface AuditFacts {
  subjectType: string;
  action: string;
  details: Record<string, unknown>;
  /** The recorded outcome: a refusal is recorded there as `failure`. */
  outcome?: unknown;
}

const num = (value: unknown) => (typeof value === 'number' ? value : 0);

/** The event's kinds, the first being what it is; the others are what it also did (a PUT that moved a role). */
export function eventKinds({ subjectType, action, details, outcome }: AuditFacts): EventKind[] {
  const failure = typeof outcome === 'object' && outcome !== null && Object.hasOwn(outcome, 'failure');
  if (details.failed !== undefined || failure) return ['change.failed'];
  const kinds: EventKind[] = [];
  switch (subjectType) {
    case 'user':
      if (action === 'create') kinds.push('user.created');
      else if (action === 'delete') kinds.push('user.deleted');
      else if (action === 'resolve-role') kinds.push('role.changed');
      else if (details.active === false && details.activeBefore === true) kinds.push('user.deactivated');
      else if (details.active === true && details.activeBefore === false) kinds.push('user.reactivated');
      else kinds.push('user.updated');
      if (action !== 'resolve-role' && roleMoved(details)) kinds.push('role.changed');
      break;
    case 'group':
      if (action === 'create') kinds.push('group.created');
      else if (action === 'delete') kinds.push('group.deleted');
      else if (typeof details.nameBefore === 'string') kinds.push('group.renamed');
      else if (num(details.membersAdded) + num(details.membersRemoved) > 0) kinds.push('membership.changed');
      else kinds.push('group.updated');
      if (kinds[0] !== 'membership.changed' && num(details.membersAdded) + num(details.membersRemoved) > 0)
        kinds.push('membership.changed');
      break;
    case 'directory':
      if (action === 'disconnect') kinds.push('directory.disconnected');
      else if (action === 'rotate-token') kinds.push('directory.token-rotated');
      else if (action === 'connected') kinds.push('directory.connected');
      else kinds.push('directory.pending');
      break;
    case 'account':
      kinds.push('mappings.changed');
      break;
    case 'member':
      kinds.push(action === 'dashboard-invite' ? 'member.invited' : 'member.role-set');
      if (roleMoved(details)) kinds.push('role.changed');
      break;
  }
  return kinds;
}

/** A role re-resolution or change that left the role where it was is not an event. */
export function roleMoved(details: Record<string, unknown>): boolean {
  const from = details.from ?? details.roleBefore;
  const to = details.to ?? details.role;
  return typeof from === 'string' && typeof to === 'string' && from !== to;
}
