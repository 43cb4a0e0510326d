import { ApplicationFailure } from '@temporalio/common';
import { encodeFailure } from '../../../activities/failures';
import { DirectoryFrozenError } from '../../../src/domain/directory-frozen';
import { RequestRejected } from '../../../src/domain/request-rejected';
import { changeOutcomeOf, describeChange } from '../../../src/temporal/change-observer';

describe('describeChange', () => {
  it('reads the change id and kind of user, group and dashboard changes', () => {
    expect(describeChange([{ scimUserId: 'u', change: { changeId: 'c1', command: { kind: 'patch' } } }])).toEqual({
      changeId: 'c1',
      kind: 'patch',
    });
    expect(describeChange([{ changeId: 'c2', accountId: 'a', kind: 'invite', email: 'x@y.z' }])).toEqual({
      changeId: 'c2',
      kind: 'invite',
    });
  });

  it('buckets an unknown kind and tolerates any argument', () => {
    expect(describeChange([{ change: { changeId: 'c', command: { kind: 'drop-table' } } }]).kind).toBe('other');
    expect(describeChange([{ change: { command: { kind: '__proto__' } } }])).toEqual({ kind: 'other' });
    expect(describeChange([])).toEqual({ kind: 'other' });
    expect(describeChange([null, 3])).toEqual({ kind: 'other' });
  });
});

describe('changeOutcomeOf', () => {
  it('classifies what activities/failures.ts encodes', () => {
    expect(changeOutcomeOf(encodeFailure(new DirectoryFrozenError()))).toBe('frozen');
    expect(changeOutcomeOf(encodeFailure(new RequestRejected(409, 'conflict', 'no')))).toBe('rejected');
    expect(changeOutcomeOf(ApplicationFailure.create({ type: 'DatabaseError', message: 'x', nonRetryable: false }))).toBe('failed');
    expect(changeOutcomeOf(new Error('connection reset'))).toBe('failed');
  });
});
