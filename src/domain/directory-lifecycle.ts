import { DirectoryFrozenError } from './directory-frozen';
import { RequestRejected } from './request-rejected';

/** docs/product-rules.md rule 6 and the connect contract: a directory's life, as pure decisions. */

export type DirectoryStatus = 'pending' | 'connected' | 'disconnected';

interface DirectoryState {
  status: DirectoryStatus;
  token_id: string | null;
}

/** The fence: an IdP change applies only while its directory is live (pending or connected). */
export function requireLiveDirectory(directory: { status: DirectoryStatus } | undefined): void {
  if (!directory || directory.status === 'disconnected') throw new DirectoryFrozenError();
}

export function isLive(directory: { status: DirectoryStatus } | undefined): boolean {
  return directory !== undefined && directory.status !== 'disconnected';
}

export type PrepareDecision =
  /** The account has no directory: create one, pending, with the token. */
  | { kind: 'create' }
  /** This connect already ran (a retry): answer as then. */
  | { kind: 'unchanged' }
  /** A disconnected directory comes back to life with a new token, pending again. */
  | { kind: 'reconnect' }
  /** A live directory gets a new token; the old one stops working. */
  | { kind: 'rotate' };

export function decidePrepare(
  existing: DirectoryState | undefined,
  request: { tokenId: string; rotate: boolean; onlyIfLive?: boolean },
): PrepareDecision {
  if (existing?.token_id === request.tokenId) return { kind: 'unchanged' };
  // A rotation that must not bring a directory back (a setup link; support's rotate-token): it
  // checks the status in the same transaction that would swap the token.
  if (request.onlyIfLive && (!existing || existing.status === 'disconnected')) {
    throw new RequestRejected(
      409,
      'not_connected',
      'The directory is not connected (disconnected, or never connected); support must connect it',
    );
  }
  if (!existing) return { kind: 'create' };
  if (existing.status === 'disconnected') return { kind: 'reconnect' };
  if (!request.rotate) {
    throw new RequestRejected(
      409,
      'directory_already_connected',
      `The account's directory is already ${existing.status}; ask to rotate its token or disconnect it first`,
    );
  }
  return { kind: 'rotate' };
}

export type FreezeDecision = { kind: 'freeze' } | { kind: 'already-frozen'; frozenAt: Date };

export function decideFreeze(
  accountId: string,
  directory: { status: DirectoryStatus; frozen_at: Date | null } | undefined,
): FreezeDecision {
  if (!directory) throw new RequestRejected(404, 'directory_not_found', `Account ${accountId} has no directory`);
  if (directory.status === 'disconnected') return { kind: 'already-frozen', frozenAt: directory.frozen_at! };
  return { kind: 'freeze' };
}
