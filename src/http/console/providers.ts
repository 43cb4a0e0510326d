/**
 * Where each IdP takes the SCIM base URL and the token (docs/runbook.md, Connect an IdP): the
 * setup page's walkthrough and the console's provider choice.
 */
export interface ProviderGuide {
  id: 'okta' | 'entra' | 'google' | 'onelogin' | 'jumpcloud' | 'rippling' | 'other';
  name: string;
  /** The steps, with the field names the IdP's screens use. */
  steps?: string[];
}

export const PROVIDERS: readonly ProviderGuide[] = [
  {
    id: 'okta',
    name: 'Okta',
    steps: [
      'Open the app integration (SCIM 2.0) → Provisioning → Integration.',
      'Paste the SCIM base URL into "SCIM connector base URL"; unique identifier field: userName.',
      'Authentication Mode: HTTP Header; paste the token into "Authorization" (Bearer).',
      'Click "Test Connector Configuration", then enable Push New Users, Push Profile Updates and Push Groups.',
    ],
  },
  {
    id: 'entra',
    name: 'Microsoft Entra ID',
    steps: [
      'Open the Enterprise application → Provisioning → Automatic.',
      'Paste the SCIM base URL into "Tenant URL" and the token into "Secret Token".',
      'Click "Test Connection", check the attribute mappings, then "Start provisioning".',
    ],
  },
  {
    id: 'google',
    name: 'Google Workspace',
    steps: [
      'Admin console → Apps → the app → Auto-provisioning.',
      'Paste the SCIM base URL into "Endpoint URL" and the token into "Access token".',
      'Google pushes users only (no groups): every member it provisions gets the support role.',
    ],
  },
  {
    id: 'onelogin',
    name: 'OneLogin',
    steps: [
      'Open the application (SCIM Provisioner, SCIM v2 Enterprise) → Configuration.',
      'Paste the SCIM base URL into "SCIM Base URL" and the token into "SCIM Bearer Token".',
      'Provisioning → enable provisioning.',
    ],
  },
  {
    id: 'jumpcloud',
    name: 'JumpCloud',
    steps: [
      'Open the SSO application → Identity Management → SCIM 2.0.',
      'Paste the SCIM base URL into "Base URL" and the token into "Token Key".',
      'Use a test user email that belongs to nobody in the account (Test Connection creates and deletes it).',
      'Click "Test Connection", then "Activate".',
    ],
  },
  { id: 'rippling', name: 'Rippling' },
  { id: 'other', name: 'Other SCIM 2.0 client' },
];

export function providerName(id: string | null | undefined): string {
  return PROVIDERS.find((p) => p.id === id)?.name ?? (id ? id : 'not set');
}
