import { Context } from '@temporalio/activity';

/** The id of the workflow running this activity (recorded in audit rows for the events feed). */
export function currentWorkflowId(): string | undefined {
  return Context.current().info.workflowExecution?.workflowId;
}
