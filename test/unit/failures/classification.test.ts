import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { z } from 'zod';
import { encodeFailure } from '../../../activities/failures';
import { DirectoryFrozenError } from '../../../src/domain/directory-frozen';
import { RequestRejected } from '../../../src/domain/request-rejected';
import { TemporarilyUnavailable } from '../../../src/domain/temporarily-unavailable';
import { describeDatabaseError, invalidChangeIn, isDatabaseUnavailable } from '../../../src/infra/database-errors';
import { ScimError } from '../../../src/scim/errors';
import { translateTemporalError } from '../../../src/temporal/client/failure-translation';
import { FAILURE_TYPE } from '../../../workflows/failure-types';
import { isDirectoryFrozen, toUpdateFailure } from '../../../workflows/failures';

/** What pg throws, as knex re-throws it: the query with its values interpolated, then the server's message. */
function pgError(code: string): Error {
  return Object.assign(new Error(`insert into "scim_users" ("user_name") values ('jane@acme.io') - server says 'jane@acme.io' is bad`), {
    code,
  });
}

function encoded(error: unknown): ApplicationFailure {
  const failure = encodeFailure(error);
  if (!(failure instanceof ApplicationFailure)) throw new Error(`not an ApplicationFailure: ${String(failure)}`);
  return failure;
}

describe('activities encode every failure as one named kind', () => {
  it.each([
    ['22021', 'NUL byte / invalid encoding (data exception)'],
    ['22001', 'string too long (data exception)'],
    ['23502', 'not-null violation (integrity)'],
    ['23514', 'check violation (integrity)'],
    ['42703', 'undefined column (syntax or access rule)'],
    ['54000', 'index row too large (program limit)'],
  ])('SQLSTATE %s (%s) is a non-retryable SCIM 400 that quotes no value', (code) => {
    const failure = encoded(pgError(code));
    expect(failure.type).toBe(FAILURE_TYPE.scim);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.details).toEqual([{ status: 400, scimType: 'invalidValue' }]);
    expect(failure.message).toContain(code);
    expect(failure.message).not.toContain('jane@acme.io');
  });

  it.each([
    ['23505', 'a unique violation no activity answered with 409: a race, retried'],
    ['40001', 'serialization failure'],
    ['40P01', 'deadlock'],
    ['57P01', 'admin shutdown'],
    ['08006', 'connection failure'],
  ])('SQLSTATE %s (%s) stays retryable, without the values', (code) => {
    const failure = encoded(pgError(code));
    expect(failure.nonRetryable).toBe(false);
    expect(failure.type).toBe('DatabaseError');
    expect(failure.message.startsWith(`database error SQLSTATE ${code}`)).toBe(true);
    expect(failure.message).not.toContain('jane@acme.io');
  });

  it('a connection error without a SQLSTATE stays retryable as it is', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(encodeFailure(refused)).toBe(refused);
    const bug = new TypeError('x is undefined');
    expect(encodeFailure(bug)).toBe(bug);
  });

  it('SCIM errors, admin refusals and validation errors are non-retryable rejections', () => {
    expect(encoded(ScimError.conflict('taken'))).toMatchObject({
      type: FAILURE_TYPE.scim,
      nonRetryable: true,
      details: [{ status: 409, scimType: 'uniqueness' }],
    });
    expect(encoded(new RequestRejected(404, 'account_not_found', 'No account'))).toMatchObject({
      type: FAILURE_TYPE.requestRejected,
      nonRetryable: true,
      details: [{ status: 404, code: 'account_not_found' }],
    });
    const zod = z.object({ userName: z.string() }).safeParse({ userName: 1 });
    expect(zod.success).toBe(false);
    expect(encoded(zod.error)).toMatchObject({
      type: FAILURE_TYPE.scim,
      nonRetryable: true,
      details: [{ status: 400, scimType: 'invalidValue' }],
    });
  });

  it('the fence refusal is its own kind', () => {
    expect(encoded(new DirectoryFrozenError())).toMatchObject({ type: FAILURE_TYPE.directoryFrozen, nonRetryable: true });
  });

  it('classifies database errors by SQLSTATE class only', () => {
    expect(invalidChangeIn(pgError('22P05'))).toEqual({ sqlState: '22P05', reason: 'data exception' });
    expect(invalidChangeIn(pgError('23505'))).toBeUndefined();
    expect(invalidChangeIn({ code: 'ECONNRESET' })).toBeUndefined();
    expect(invalidChangeIn(new Error('no code'))).toBeUndefined();
    expect(isDatabaseUnavailable(pgError('57P01'))).toBe(true);
    // A statement the API pool's statement_timeout cancelled outside a list: an overloaded database, 503.
    expect(isDatabaseUnavailable(pgError('57014'))).toBe(true);
    expect(isDatabaseUnavailable(pgError('22001'))).toBe(false);
    // What pg says of a pooled connection that broke while PostgreSQL restarted (seen in the chaos run).
    expect(isDatabaseUnavailable(new Error('ROLLBACK - Client has encountered a connection error and is not queryable'))).toBe(true);
    expect(describeDatabaseError(pgError('54000'))).toBe('database error SQLSTATE 54000 (program limit exceeded)');
    expect(describeDatabaseError(new Error('plain'))).toBeUndefined();
  });
});

function activityFailure(cause: Error): ActivityFailure {
  return new ActivityFailure('failed', 'applyUserChange', '1', RetryState.MAXIMUM_ATTEMPTS_REACHED, undefined, cause);
}

describe('workflows decode an activity failure into the update failure', () => {
  it('keeps an encoded rejection as it is', () => {
    const rejection = encoded(ScimError.badRequest('invalidPath', 'bad path'));
    expect(toUpdateFailure(activityFailure(rejection))).toMatchObject({
      type: FAILURE_TYPE.scim,
      message: 'bad path',
      details: [{ status: 400, scimType: 'invalidPath' }],
    });
  });

  it('turns exhausted retries of anything else into ChangeUnavailable', () => {
    const database = encoded(pgError('57P01'));
    expect(toUpdateFailure(activityFailure(database)).type).toBe(FAILURE_TYPE.unavailable);
    expect(toUpdateFailure(activityFailure(new Error('timeout'))).type).toBe(FAILURE_TYPE.unavailable);
  });

  it('recognises the fence, in the named kind and as older workers encoded it (SCIM 401)', () => {
    expect(isDirectoryFrozen(activityFailure(encoded(new DirectoryFrozenError())))).toBe(true);
    const legacy = ApplicationFailure.create({
      type: FAILURE_TYPE.scim,
      message: 'frozen',
      details: [{ status: 401 }],
      nonRetryable: true,
    });
    expect(isDirectoryFrozen(activityFailure(legacy))).toBe(true);
    expect(isDirectoryFrozen(activityFailure(encoded(ScimError.conflict('taken'))))).toBe(false);
  });
});

function updateFailed(cause: Error): WorkflowUpdateFailedError {
  return new WorkflowUpdateFailedError('Workflow Update failed', cause);
}

describe('the API decodes update failures into its own errors', () => {
  it.each([
    [
      ApplicationFailure.create({ type: FAILURE_TYPE.scim, message: 'taken', details: [{ status: 409, scimType: 'uniqueness' }] }),
      ScimError,
      409,
    ],
    [
      ApplicationFailure.create({ type: FAILURE_TYPE.requestRejected, message: 'no', details: [{ status: 404, code: 'x' }] }),
      RequestRejected,
      404,
    ],
    [ApplicationFailure.create({ type: FAILURE_TYPE.directoryFrozen, message: 'frozen' }), DirectoryFrozenError, undefined],
    [ApplicationFailure.create({ type: FAILURE_TYPE.unavailable, message: 'later' }), TemporarilyUnavailable, undefined],
    [ApplicationFailure.create({ type: FAILURE_TYPE.legacyUnavailable, message: 'later' }), TemporarilyUnavailable, undefined],
  ])('%s', (failure, kind, status) => {
    const error = translateTemporalError(updateFailed(failure));
    expect(error).toBeInstanceOf(kind);
    if (status !== undefined) expect((error as ScimError | RequestRejected).status).toBe(status);
  });

  it('an unknown failure type stays an error (500), and an unreachable Temporal is a 503 without its address', () => {
    const unknown = translateTemporalError(updateFailed(ApplicationFailure.create({ type: 'Surprise', message: 'x' })));
    expect(unknown).not.toBeInstanceOf(TemporarilyUnavailable);
    const unreachable = translateTemporalError(new Error('14 UNAVAILABLE: connect ECONNREFUSED 10.1.2.3:7233'));
    expect(unreachable).toBeInstanceOf(TemporarilyUnavailable);
    expect(unreachable.message).not.toMatch(/10\.1\.2\.3|7233/);
  });
});
