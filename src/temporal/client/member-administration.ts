import { randomUUID } from 'node:crypto';
import type { RoleMapping } from '../../domain/roles';
import type { TemporalGateway } from './gateway';
import { type DashboardChange, type DashboardChangeOutcome } from '../../../workflows/contracts/change-member-from-dashboard';
import { roleMappingsSavedUpdate, type RoleMappingsSaved } from '../../../workflows/contracts/update-role-mappings';
import { dashboardChangeWorkflowId, roleMappingsWorkflowId } from '../../../workflows/ids';
import { ACCOUNT_ID } from '../../../workflows/search-attributes';

/** Support's and the dashboard's writes to members and mappings, each run as a workflow. */
export class MemberAdministration {
  constructor(private readonly gateway: TemporalGateway) {}

  /** Answers once the mappings are saved; affected members are re-resolved by the workflow after. */
  async saveRoleMappings(accountId: string, mappings: RoleMapping[]): Promise<RoleMappingsSaved & { workflowId: string }> {
    const workflowId = roleMappingsWorkflowId(accountId, randomUUID());
    const saved = await this.gateway.updateWithStart(roleMappingsSavedUpdate, {
      start: {
        workflowType: 'updateRoleMappings',
        workflowId,
        args: [{ accountId, mappings }],
        searchAttributes: [{ key: ACCOUNT_ID, value: accountId }],
      },
      args: () => [],
    });
    return { ...saved, workflowId };
  }

  async changeMember(change: Omit<DashboardChange, 'changeId'>): Promise<DashboardChangeOutcome> {
    const changeId = randomUUID();
    const input: DashboardChange = { ...change, changeId };
    return this.gateway.execute<DashboardChangeOutcome>({
      workflowType: 'changeMemberFromDashboard',
      workflowId: dashboardChangeWorkflowId(change.accountId, changeId),
      args: [input],
      searchAttributes: [{ key: ACCOUNT_ID, value: change.accountId }],
    });
  }
}
