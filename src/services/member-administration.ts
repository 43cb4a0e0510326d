import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { RoleMapping } from '../domain/roles';
import { translateTemporalError } from '../temporal/failure-translation';
import { roleMappingsSavedUpdate, type DashboardChange, type DashboardChangeOutcome, type RoleMappingsSaved } from '../../workflows/contracts';
import { dashboardChangeWorkflowId, roleMappingsWorkflowId } from '../../workflows/ids';
import { ACCOUNT_ID } from '../../workflows/search-attributes';
import type { changeMemberFromDashboard } from '../../workflows/change-member-from-dashboard';
import type { updateRoleMappings } from '../../workflows/update-role-mappings';

/** Support's and the dashboard's writes to members and mappings, each run as a workflow. */
export class MemberAdministration {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /** Answers once the mappings are saved; affected members are re-resolved by the workflow after. */
  async saveRoleMappings(accountId: string, mappings: RoleMapping[]): Promise<RoleMappingsSaved & { workflowId: string }> {
    const workflowId = roleMappingsWorkflowId(accountId, randomUUID());
    try {
      const saved = await this.client.workflow.executeUpdateWithStart(roleMappingsSavedUpdate, {
        args: [],
        startWorkflowOperation: new WithStartWorkflowOperation<typeof updateRoleMappings>('updateRoleMappings', {
          workflowId,
          taskQueue: this.taskQueue,
          workflowIdConflictPolicy: 'FAIL',
          args: [{ accountId, mappings }],
          typedSearchAttributes: [{ key: ACCOUNT_ID, value: accountId }],
        }),
      });
      return { ...saved, workflowId };
    } catch (error) {
      throw translateTemporalError(error);
    }
  }

  async changeMember(change: Omit<DashboardChange, 'changeId'>): Promise<DashboardChangeOutcome> {
    const changeId = randomUUID();
    try {
      return await this.client.workflow.execute<typeof changeMemberFromDashboard>('changeMemberFromDashboard', {
        workflowId: dashboardChangeWorkflowId(change.accountId, changeId),
        taskQueue: this.taskQueue,
        args: [{ ...change, changeId }],
        typedSearchAttributes: [{ key: ACCOUNT_ID, value: change.accountId }],
      });
    } catch (error) {
      throw translateTemporalError(error);
    }
  }
}
