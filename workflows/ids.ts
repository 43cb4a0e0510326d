/** Workflow ids are derived, never stored: any API replica finds a user's workflow by its keys. */
export function userWorkflowId(directoryId: string, scimUserId: string): string {
  return `scim-user:${directoryId}:${scimUserId}`;
}

export function connectWorkflowId(accountId: string, requestId: string): string {
  return `connect-directory:${accountId}:${requestId}`;
}

export function groupWorkflowId(directoryId: string, scimGroupId: string): string {
  return `scim-group:${directoryId}:${scimGroupId}`;
}

export function roleMappingsWorkflowId(accountId: string, requestId: string): string {
  return `role-mappings:${accountId}:${requestId}`;
}

export function dashboardChangeWorkflowId(accountId: string, changeId: string): string {
  return `dashboard-member:${accountId}:${changeId}`;
}

export function disconnectWorkflowId(accountId: string, requestId: string): string {
  return `disconnect-directory:${accountId}:${requestId}`;
}
