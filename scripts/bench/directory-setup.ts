import type { RoleMapping } from '../../src/domain/roles';

export interface BenchDirectory {
  accountId: string;
  directoryId: string;
  /** The directory's SCIM bearer token, as the IdP is given it. */
  token: string;
}

/**
 * What an operator does before an IdP connects, through the admin API: an account, an owner from
 * outside the directory (so the last-owner guard never holds back IdP changes), the role mappings,
 * and an Okta directory whose SCIM token the IdP simulator uses.
 */
export async function connectBenchDirectory(
  baseUrl: string,
  adminToken: string,
  mappings: RoleMapping[],
  accountId = 'bench',
): Promise<BenchDirectory> {
  const admin = async (method: string, urlPath: string, body?: unknown) => {
    // The worker may still be starting (bundling workflows) after the API is healthy; with the
    // short chaos deadline the first calls can answer 503, which support would simply retry.
    for (let attempt = 1; ; attempt += 1) {
      const response = await fetch(`${baseUrl}/admin${urlPath}`, {
        method,
        headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (response.status === 503 && attempt < 30) {
        await response.text();
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      if (!response.ok) throw new Error(`admin ${method} ${urlPath}: ${response.status} ${await response.text()}`);
      return response.json() as Promise<Record<string, unknown>>;
    }
  };
  await admin('POST', '/accounts', { id: accountId, name: accountId });
  await admin('POST', `/accounts/${accountId}/invites`, { email: 'owner@bench.io', role: 'owner' });
  await admin('PUT', `/accounts/${accountId}/role-mappings`, mappings);
  const connected = await admin('POST', `/accounts/${accountId}/directory/connect`, { provider: 'okta' });
  return { accountId, directoryId: connected.directoryId as string, token: connected.token as string };
}
