import { ScimError } from '../../src/scim/errors';

/** The ScimError that `run` throws; fails the test if it throws nothing or something else. */
export function scimErrorOf(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError');
}
