import type { AuditRow } from '../../db/rows';
import { eventKinds, type EventKind } from '../../domain/audit-events';
import { encodeCursor } from '../../domain/feed-cursor';
import { dashboardChangeWorkflowId, groupWorkflowId, userWorkflowId } from '../../../workflows/ids';

/** One event of the feed, as the admin API returns it (docs/product-rules.md, Events feed). */
export interface EventView {
  /** Pass as `after` to read what follows this event. */
  cursor: string;
  at: string;
  kind: EventKind;
  /** Every kind the event matches, `kind` first (a user update that moved a role is also `role.changed`). */
  kinds: EventKind[];
  subject: { type: string; id: string };
  changeId: string;
  workflowId: string | null;
  summary: string;
  email?: string;
  role?: { from?: string; to: string; cause?: RoleCauseView };
  group?: { name?: string; nameBefore?: string; membersAdded?: number; membersRemoved?: number };
  failure?: { status: number; scimType?: string; message: string };
  heldBack?: string;
}

export interface RoleCauseView {
  changeId: string;
  kind?: EventKind;
  workflowId?: string | null;
  description: string;
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const int = (value: unknown) => (typeof value === 'number' ? value : undefined);

/**
 * The workflow that wrote the row: user and group rows name their entity's workflow; support's
 * writes recorded it (`details.workflowId`) or carry it in the change id (`<workflowId>:freeze`).
 */
export function workflowIdOf(row: AuditRow): string | null {
  const recorded = str(row.details.workflowId);
  if (recorded) return recorded;
  if (row.directory_id && row.subject_type === 'user') return userWorkflowId(row.directory_id, row.subject_id);
  if (row.directory_id && row.subject_type === 'group') return groupWorkflowId(row.directory_id, row.subject_id);
  if (row.subject_type === 'member') return dashboardChangeWorkflowId(row.account_id, row.change_id);
  const suffixed = /^(.+):(freeze|prepare|connected)$/.exec(row.change_id);
  return suffixed ? suffixed[1]! : null;
}

function groupName(row: AuditRow): string | undefined {
  return str(row.details.name) ?? str(obj(obj(row.outcome).group).displayName);
}

/** What the event says, in one line (the console and the CLI show it). */
function summarize(row: AuditRow, kind: EventKind, view: EventView): string {
  const who = view.email ?? `SCIM user ${row.subject_id}`;
  const group = view.group?.name ? `'${view.group.name}'` : `group ${row.subject_id}`;
  const members = view.group ? `+${view.group.membersAdded ?? 0} / -${view.group.membersRemoved ?? 0} members` : '';
  const role = view.role ? `role ${view.role.from ?? '?'} → ${view.role.to}` : '';
  switch (kind) {
    case 'user.created':
      return `${who} created${view.role ? ` as ${view.role.to}` : ''}`;
    case 'user.updated':
      return `${who} updated${view.role && view.role.from !== view.role.to ? `; ${role}` : ''}`;
    case 'user.deactivated':
      return `${who} deactivated (access revoked)`;
    case 'user.reactivated':
      return `${who} reactivated${view.role ? ` as ${view.role.to}` : ''}`;
    case 'user.deleted':
      return `${who} deleted (access revoked; member kept)`;
    case 'role.changed':
      return `${who}: ${role}${view.role?.cause ? ` (${view.role.cause.description})` : ''}${view.heldBack ? ' — held back' : ''}`;
    case 'group.created':
      return `Group ${group} created (${members})`;
    case 'group.renamed':
      return `Group '${view.group?.nameBefore}' renamed to ${group}`;
    case 'group.updated':
      return `Group ${group} updated`;
    case 'group.deleted':
      return `Group ${group} deleted`;
    case 'membership.changed':
      return `Group ${group}: ${members}`;
    case 'mappings.changed': {
      const changed = Array.isArray(row.details.changedGroups) ? row.details.changedGroups.join(', ') : '';
      return `Role mappings replaced${changed ? ` (changed: ${changed})` : ''}`;
    }
    case 'member.invited':
      return `${str(obj(obj(row.outcome).member).email) ?? 'member'} invited from the dashboard as ${str(row.details.role)}`;
    case 'member.role-set':
      return `${str(obj(obj(row.outcome).member).email) ?? 'member'}: role set to ${str(row.details.role)} from the dashboard`;
    case 'directory.pending':
      return `Directory connected by support${str(row.details.provider) ? ` (${str(row.details.provider)})` : ''}; waiting for the IdP's first request`;
    case 'directory.connected':
      return "The IdP's first authenticated request arrived: directory connected";
    case 'directory.token-rotated':
      return 'Token rotated: the old token stopped working';
    case 'directory.disconnected':
      return 'Directory disconnected: members and roles frozen';
    case 'change.failed':
      return `${row.subject_type} ${row.action} refused: ${view.failure?.status ?? ''} ${view.failure?.message ?? ''}`.trim();
  }
}

/** An audit row as a feed event; `causes` holds the rows of the changes that caused role changes. */
export function rowToEvent(row: AuditRow, causes: ReadonlyMap<string, AuditRow>): EventView | undefined {
  const kinds = eventKinds({ subjectType: row.subject_type, action: row.action, details: row.details, outcome: row.outcome });
  const kind = kinds[0];
  if (!kind) return undefined;
  const details = row.details;
  const view: EventView = {
    cursor: encodeCursor({ tx: row.feed_tx, id: String(row.id) }),
    at: row.created_at.toISOString(),
    kind,
    kinds,
    subject: { type: row.subject_type, id: row.subject_id },
    changeId: row.change_id,
    workflowId: workflowIdOf(row),
    summary: '',
  };
  const email = str(details.email) ?? str(obj(obj(row.outcome).member).email);
  if (email) view.email = email;
  const to = str(details.to) ?? str(details.role);
  if (to && (row.subject_type === 'user' || row.subject_type === 'member')) {
    const from = str(details.from) ?? str(details.roleBefore);
    view.role = { ...(from ? { from } : {}), to };
    const causeId = str(obj(details.cause).changeId);
    if (causeId) view.role.cause = describeCause(causeId, causes.get(causeId));
  }
  if (row.subject_type === 'group') {
    const name = groupName(row);
    view.group = {
      ...(name ? { name } : {}),
      ...(str(details.nameBefore) ? { nameBefore: str(details.nameBefore)! } : {}),
      ...(int(details.membersAdded) !== undefined ? { membersAdded: int(details.membersAdded)! } : {}),
      ...(int(details.membersRemoved) !== undefined ? { membersRemoved: int(details.membersRemoved)! } : {}),
    };
  }
  const failure = obj(obj(row.outcome).failure);
  if (kind === 'change.failed' && typeof failure.status === 'number') {
    view.failure = {
      status: failure.status,
      ...(str(failure.scimType) ? { scimType: str(failure.scimType)! } : {}),
      message: str(failure.message) ?? '',
    };
  }
  if (str(details.heldBack)) view.heldBack = str(details.heldBack)!;
  view.summary = summarize(row, kind, view);
  return view;
}

function describeCause(changeId: string, row: AuditRow | undefined): RoleCauseView {
  if (!row) return { changeId, description: 'cause not in the audit log' };
  const kinds = eventKinds({ subjectType: row.subject_type, action: row.action, details: row.details, outcome: row.outcome });
  const name = groupName(row);
  const description =
    row.subject_type === 'account'
      ? `role mappings changed${Array.isArray(row.details.changedGroups) ? `: ${row.details.changedGroups.join(', ')}` : ''}`
      : row.subject_type === 'group'
        ? `group ${name ? `'${name}'` : row.subject_id} ${row.action === 'delete' ? 'deleted' : kinds.includes('group.renamed') ? `renamed from '${str(row.details.nameBefore)}'` : kinds.includes('membership.changed') ? 'membership changed' : row.action === 'create' ? 'created' : 'updated'}`
        : `${row.subject_type} ${row.action}`;
  return { changeId, ...(kinds[0] ? { kind: kinds[0] } : {}), workflowId: workflowIdOf(row), description };
}
