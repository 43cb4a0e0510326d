/** The dashboard-change workflow's contract. */

export interface DashboardChange {
  changeId: string;
  accountId: string;
  kind: 'invite' | 'set-role';
  email: string;
  role: 'owner' | 'admin' | 'member' | 'billing' | 'support';
}

export interface MemberJson {
  email: string;
  name: string | null;
  role: string;
  active: boolean;
  managedByDirectory: boolean;
  scimUserId: string | null;
}

export interface DashboardChangeOutcome {
  result: 'created' | 'updated';
  member: MemberJson;
}
