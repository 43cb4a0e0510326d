import type { Knex } from 'knex';
import { DirectoryFrozenError } from '../../src/domain/directory-frozen';
import { lockDirectoryForChange } from '../../src/stores/directories';

/**
 * The fence of rule 6 for an IdP change: holds the directory's share lock for the transaction
 * and refuses the change (which also tells the workflow to stop) once it is disconnected.
 */
export async function requireLiveDirectory(trx: Knex.Transaction, directoryId: string): Promise<void> {
  const directory = await lockDirectoryForChange(trx, directoryId);
  if (!directory || directory.status === 'disconnected') throw new DirectoryFrozenError();
}
