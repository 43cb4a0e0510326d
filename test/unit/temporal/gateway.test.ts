import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { defineUpdate } from '@temporalio/workflow';
import { TemporarilyUnavailable } from '../../../src/domain/temporarily-unavailable';
import { TemporalGateway } from '../../../src/temporal/client/gateway';

/**
 * The gateway's resend policy, which no real server can be made to trigger on demand: an update
 * the server refused unprocessed ("wasn't processed by worker", or an update-with-start refused
 * with gRPC FAILED_PRECONDITION) is sent again with the same update id, at most 5 times, and a
 * refusal that persists is a 503, never a 500. The Temporal client is the stand-in here; the
 * gateway's own code runs for real.
 */
const update = defineUpdate<string, [string]>('probe');
const start = { workflowType: 'probeWorkflow', workflowId: 'probe-1', args: [], searchAttributes: [] };

function notProcessed(): WorkflowUpdateFailedError {
  return new WorkflowUpdateFailedError(
    'Workflow Update failed',
    ApplicationFailure.create({ message: "Update wasn't processed by worker. Probably, Workflow Worker is in a broken state." }),
  );
}

function preconditionFailed(): Error {
  return Object.assign(new Error('9 FAILED_PRECONDITION: Update-with-start refused'), { code: 9, details: 'refused', metadata: {} });
}

/** A client whose update-with-start answers with `outcomes` in turn, recording each call's update id. */
function clientAnswering(outcomes: Array<() => string>) {
  const updateIds: string[] = [];
  const client = {
    withDeadline: <R>(_deadline: number, fn: () => Promise<R>) => fn(),
    workflow: {
      executeUpdateWithStart: async (_update: unknown, options: { updateId: string }) => {
        updateIds.push(options.updateId);
        const next = outcomes.shift();
        if (!next) throw new Error('no more outcomes');
        return next();
      },
    },
  };
  return { client: client as unknown as Client, updateIds };
}

describe('the Temporal gateway resends what the server refused unprocessed', () => {
  it('resends with the same update id until the update is applied', async () => {
    const { client, updateIds } = clientAnswering([
      () => {
        throw notProcessed();
      },
      () => {
        throw preconditionFailed();
      },
      () => 'applied',
    ]);
    const gateway = new TemporalGateway({ client, taskQueue: 'q', timeoutMs: 5000 });
    await expect(gateway.updateWithStart(update, { start, args: (id) => [id] })).resolves.toBe('applied');
    expect(updateIds).toHaveLength(3);
    expect(new Set(updateIds).size).toBe(1);
  });

  it('answers 503 when the refusal persists, after five attempts', async () => {
    const { client, updateIds } = clientAnswering(
      Array.from({ length: 10 }, () => () => {
        throw preconditionFailed();
      }),
    );
    const gateway = new TemporalGateway({ client, taskQueue: 'q', timeoutMs: 5000 });
    await expect(gateway.updateWithStart(update, { start, args: (id) => [id] })).rejects.toBeInstanceOf(TemporarilyUnavailable);
    expect(updateIds).toHaveLength(5);
  });

  it('never resends an update the workflow rejected: its rejection is the answer', async () => {
    const rejected = clientAnswering([
      () => {
        throw new WorkflowUpdateFailedError(
          'Workflow Update failed',
          ApplicationFailure.create({ type: 'ScimError', message: 'bad', details: [{ status: 400, scimType: 'invalidValue' }] }),
        );
      },
    ]);
    const gateway = new TemporalGateway({ client: rejected.client, taskQueue: 'q', timeoutMs: 5000 });
    await expect(gateway.updateWithStart(update, { start, args: (id) => [id] })).rejects.toMatchObject({
      status: 400,
      scimType: 'invalidValue',
    });
    expect(rejected.updateIds).toHaveLength(1);
  });
});
