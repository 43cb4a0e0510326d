// The worker's workflowsPath: every workflow type the worker serves.
export { provisionUser } from './provision-user';
export { connectDirectory } from './connect-directory';
