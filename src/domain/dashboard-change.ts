import type { Access } from './owner-guard';
import { RequestRejected } from './request-rejected';
import type { Role } from './roles';

/**
 * docs/product-rules.md rule 5: a dashboard invite or role change. While the account's directory
 * is live, members it manages keep their IdP-derived role; other members change freely; after a
 * disconnect everything does.
 */

export interface DashboardRequest {
  kind: 'invite' | 'set-role';
  email: string;
  role: Role;
}

interface ExistingMember extends Access {
  email: string;
  managed_by_directory: boolean;
}

export type DashboardDecision = { kind: 'create'; email: string; access: Access } | { kind: 'set-access'; access: Access };

export function decideDashboardChange(
  request: DashboardRequest,
  existing: ExistingMember | undefined,
  directoryLive: boolean,
): DashboardDecision {
  if (existing && existing.managed_by_directory && directoryLive) {
    throw new RequestRejected(
      409,
      'managed_by_directory',
      `${existing.email} is managed by the account's directory: its role (${existing.role}) comes from the identity provider's groups`,
    );
  }
  if (!existing) {
    if (request.kind === 'set-role') throw new RequestRejected(404, 'member_not_found', `No member ${request.email}`);
    return { kind: 'create', email: request.email.trim().toLowerCase(), access: { role: request.role, active: true } };
  }
  return { kind: 'set-access', access: { role: request.role, active: request.kind === 'invite' ? true : existing.active } };
}

/** The last-owner guard refuses a dashboard demotion outright: a person can pick another owner first. */
export function lastOwnerRefusal(email: string): RequestRejected {
  return new RequestRejected(409, 'last_owner', `${email} is the account's last active owner; make someone else owner first`);
}
