import { DIRECTORY_FROZEN_MESSAGE } from '../../workflows/failure-types';

/**
 * The directory fence refused a change: the directory is disconnected (docs/product-rules.md rule 6). A named
 * kind, so workflows stop and the API answers 401 without reading status codes out of messages.
 */
export class DirectoryFrozenError extends Error {
  constructor() {
    super(DIRECTORY_FROZEN_MESSAGE);
    this.name = 'DirectoryFrozenError';
  }
}
