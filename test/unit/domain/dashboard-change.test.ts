import { decideDashboardChange, lastOwnerRefusal, type DashboardRequest } from '../../../src/domain/dashboard-change';
import { RequestRejected } from '../../../src/domain/request-rejected';
import type { Role } from '../../../src/domain/roles';

const existing = (managed: boolean, role: Role = 'member', active = true) => ({
  email: 'pat@example.com',
  managed_by_directory: managed,
  role,
  active,
});
const invite: DashboardRequest = { kind: 'invite', email: ' Pat@Example.com ', role: 'admin' };
const setRole: DashboardRequest = { kind: 'set-role', email: 'pat@example.com', role: 'billing' };

function refusal(run: () => unknown): RequestRejected {
  try {
    run();
  } catch (error) {
    if (error instanceof RequestRejected) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('dashboard changes (docs/product-rules.md rule 5)', () => {
  it.each<[string, DashboardRequest, ReturnType<typeof existing> | undefined, boolean, ReturnType<typeof decideDashboardChange>]>([
    [
      'an invite of a new email creates an active member',
      invite,
      undefined,
      true,
      { kind: 'create', email: 'pat@example.com', access: { role: 'admin', active: true } },
    ],
    [
      'an unmanaged member changes freely while the directory is live',
      setRole,
      existing(false),
      true,
      { kind: 'set-access', access: { role: 'billing', active: true } },
    ],
    [
      'a managed member changes once the directory is disconnected',
      setRole,
      existing(true),
      false,
      { kind: 'set-access', access: { role: 'billing', active: true } },
    ],
    [
      'a role change keeps an inactive member inactive',
      setRole,
      existing(false, 'member', false),
      true,
      { kind: 'set-access', access: { role: 'billing', active: false } },
    ],
    [
      'an invite reactivates an inactive member',
      invite,
      existing(false, 'member', false),
      false,
      { kind: 'set-access', access: { role: 'admin', active: true } },
    ],
  ])('%s', (_, request, member, live, expected) => {
    expect(decideDashboardChange(request, member, live)).toEqual(expected);
  });

  it.each<[string, DashboardRequest, ReturnType<typeof existing> | undefined, boolean, [number, string]]>([
    ['a member the live directory manages', setRole, existing(true), true, [409, 'managed_by_directory']],
    ['an invite of a member the live directory manages', invite, existing(true), true, [409, 'managed_by_directory']],
    ['a role change of an unknown email', setRole, undefined, true, [404, 'member_not_found']],
  ])('refuses %s', (_, request, member, live, [status, code]) => {
    const error = refusal(() => decideDashboardChange(request, member, live));
    expect([error.status, error.code]).toEqual([status, code]);
  });

  it('the last owner cannot be demoted from the dashboard', () => {
    expect([lastOwnerRefusal('pat@example.com').status, lastOwnerRefusal('pat@example.com').code]).toEqual([409, 'last_owner']);
  });
});
