import { isGrpcServiceError, type Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';

const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;

/**
 * Registers the namespace on a Temporal cluster that lacks it, with a retention period for closed
 * workflow runs (a real server has no namespace but `temporal-system` until one is registered; the
 * dev server creates its own). Safe to call from every replica at once: an existing namespace is left
 * as it is (its retention included: changing it is an operator's decision), and a registration that
 * loses a race to another replica counts as done. Returns once the namespace answers a describe.
 */
export async function ensureNamespace(
  connection: Connection,
  namespace: string,
  retentionDays: number,
): Promise<{ created: boolean; retentionSeconds: number | undefined }> {
  const existing = await describe(connection, namespace);
  if (existing) return { created: false, retentionSeconds: existing };
  let created = true;
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      description: 'directory-sync: SCIM provisioning workflows',
      workflowExecutionRetentionPeriod: msToTs(retentionDays * 24 * 60 * 60 * 1000),
    });
  } catch (error) {
    if (!(isGrpcServiceError(error) && error.code === ALREADY_EXISTS)) throw error;
    created = false;
  }
  // The frontend's namespace cache may not know it yet: wait until it answers (bounded).
  const deadline = Date.now() + 30_000;
  for (;;) {
    const retentionSeconds = await describe(connection, namespace).catch(() => undefined);
    if (retentionSeconds !== undefined) return { created, retentionSeconds };
    if (Date.now() > deadline) throw new Error(`namespace ${namespace} was registered but does not answer`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The namespace's retention in seconds (0 when it has none), undefined when it does not exist. */
async function describe(connection: Connection, namespace: string): Promise<number | undefined> {
  try {
    const described = await connection.workflowService.describeNamespace({ namespace });
    return Number(described.config?.workflowExecutionRetentionTtl?.seconds ?? 0);
  } catch (error) {
    if (isGrpcServiceError(error) && error.code === NOT_FOUND) return undefined;
    throw error;
  }
}
