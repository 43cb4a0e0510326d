import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { DashboardChange, DashboardChangeOutcome } from './contracts/change-member-from-dashboard';

const { applyDashboardChange } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '5 seconds', maximumAttempts: 20 },
});

/** A dashboard invite or role change, as a durable write like every other (rule 5 in the activity). */
export async function changeMemberFromDashboard(change: DashboardChange): Promise<DashboardChangeOutcome> {
  return applyDashboardChange(change);
}
