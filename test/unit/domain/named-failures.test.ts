import { DirectoryFrozenError } from '../../../src/domain/directory-frozen';
import { RequestRejected } from '../../../src/domain/request-rejected';
import { TemporarilyUnavailable } from '../../../src/domain/temporarily-unavailable';
import { DIRECTORY_FROZEN_MESSAGE } from '../../../workflows/failure-types';

/** The named failure kinds the API renders; their names and bodies are what callers see. */
describe('named failures', () => {
  it('RequestRejected renders the admin API error body', () => {
    const error = new RequestRejected(409, 'already_connected', 'The account already has a directory');
    expect(error.name).toBe('RequestRejected');
    expect(error.message).toBe('The account already has a directory');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      error: { status: 409, code: 'already_connected', message: 'The account already has a directory' },
    });
  });

  it('DirectoryFrozenError carries the message workflows decode (docs/product-rules.md rule 6)', () => {
    const error = new DirectoryFrozenError();
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DirectoryFrozenError');
    expect(error.message).toBe(DIRECTORY_FROZEN_MESSAGE);
  });

  it('TemporarilyUnavailable asks the caller to retry after 5 s unless told otherwise', () => {
    const error = new TemporarilyUnavailable('Temporal did not answer');
    expect(error).toMatchObject({ name: 'TemporarilyUnavailable', message: 'Temporal did not answer', retryAfterSeconds: 5 });
    expect(new TemporarilyUnavailable('x', 30).retryAfterSeconds).toBe(30);
  });
});
