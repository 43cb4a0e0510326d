// The worker's workflowsPath: every workflow type the worker serves.
export { provisionUser } from './provision-user';
export { provisionGroup } from './provision-group';
export { connectDirectory } from './connect-directory';
export { updateRoleMappings } from './update-role-mappings';
export { changeMemberFromDashboard } from './change-member-from-dashboard';
export { disconnectDirectory } from './disconnect-directory';
