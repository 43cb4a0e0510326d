import { randomUUID } from 'node:crypto';
import type { Database, Tx } from '../db/database';
import type { DirectoryRow } from '../db/rows';
import type { DirectoryStatus } from '../domain/directory-lifecycle';
import '../db/tables';

const TABLE = 'directories';

export async function findDirectoryByAccount(db: Database | Tx, accountId: string): Promise<DirectoryRow | undefined> {
  return db(TABLE).where({ account_id: accountId }).first();
}

export async function findDirectoryByTokenId(db: Database, tokenId: string): Promise<DirectoryRow | undefined> {
  return db(TABLE).where({ token_id: tokenId }).first();
}

export async function findConnectWorkflowId(db: Database, directoryId: string): Promise<string | null> {
  const row = await db(TABLE).where({ id: directoryId }).first('connect_workflow_id');
  return row?.connect_workflow_id ?? null;
}

/**
 * The fence of docs/product-rules.md rule 6: every apply transaction holds a share lock on its
 * directory row and checks the status, so a disconnect (which takes the row exclusively) either
 * waits for the change to commit or makes it fail; no change commits after the freeze.
 */
export async function lockDirectoryForChange(tx: Tx, directoryId: string): Promise<DirectoryRow | undefined> {
  return tx(TABLE).where({ id: directoryId }).forShare().first();
}

/** The account's directory, locked exclusively (connect, rotate, freeze). */
export async function lockDirectoryOfAccount(tx: Tx, accountId: string): Promise<DirectoryRow | undefined> {
  return tx(TABLE).where({ account_id: accountId }).forUpdate().first();
}

export interface DirectoryToken {
  tokenId: string;
  tokenHash: string;
}

function tokenColumns(tx: Tx, token: DirectoryToken) {
  return { token_id: token.tokenId, token_hash: token.tokenHash, token_issued_at: tx.fn.now() };
}

export async function insertDirectory(
  tx: Tx,
  directory: { accountId: string; provider: string | null; connectWorkflowId: string; token: DirectoryToken },
): Promise<string> {
  const id = randomUUID();
  await tx(TABLE).insert({
    id,
    account_id: directory.accountId,
    provider: directory.provider,
    status: 'pending',
    connect_workflow_id: directory.connectWorkflowId,
    ...tokenColumns(tx, directory.token),
  });
  return id;
}

/** A disconnected directory comes back pending, with a new token. */
export async function reconnectDirectory(
  tx: Tx,
  id: string,
  changes: { provider: string | null; connectWorkflowId: string; token: DirectoryToken },
): Promise<void> {
  await tx(TABLE)
    .where({ id })
    .update({
      ...tokenColumns(tx, changes.token),
      status: 'pending',
      provider: changes.provider,
      connect_workflow_id: changes.connectWorkflowId,
      connected_at: null,
      updated_at: tx.fn.now(),
    });
}

export async function replaceToken(tx: Tx, id: string, token: DirectoryToken): Promise<void> {
  await tx(TABLE)
    .where({ id })
    .update({ ...tokenColumns(tx, token), updated_at: tx.fn.now() });
}

/** Idempotent: only a pending directory becomes connected. Returns its account when this call moved it. */
export async function markConnected(tx: Tx, id: string): Promise<string | undefined> {
  const [row] = await tx(TABLE)
    .where({ id, status: 'pending' })
    .update({ status: 'connected', connected_at: tx.fn.now(), updated_at: tx.fn.now() })
    .returning('account_id');
  return row?.account_id;
}

export async function freezeDirectory(tx: Tx, id: string): Promise<Date> {
  const [frozen] = await tx(TABLE)
    .where({ id })
    .update({ status: 'disconnected', frozen_at: tx.fn.now(), updated_at: tx.fn.now() })
    .returning('frozen_at');
  return frozen!.frozen_at!;
}

/** How many directories are in each status (the metrics' `dsync_directories` gauge). */
export async function countDirectoriesByStatus(db: Database): Promise<Map<DirectoryStatus, number>> {
  const rows = await db(TABLE)
    .select('status')
    .count<Array<{ status: DirectoryStatus; count: number | string }>>({ count: '*' })
    .groupBy('status');
  return new Map(rows.map((row) => [row.status, Number(row.count)]));
}
