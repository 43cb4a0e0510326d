/**
 * Workflow interceptor module for test/replay/tracing-determinism.test.ts: reports the arguments
 * of every activity the workflow schedules through a sink that runs during replay, so the test can
 * compare what the replayed code computed (change ids drawn from the workflow's seeded random
 * sequence by `uuid4()`) with what the recorded run sent.
 */
import { proxySinks, type Sinks, type WorkflowInterceptors } from '@temporalio/workflow';

export interface ProbeSinks extends Sinks {
  probe: { scheduled(activityType: string, args: string): void };
}

const { probe } = proxySinks<ProbeSinks>();

export const interceptors = (): WorkflowInterceptors => ({
  outbound: [
    {
      scheduleActivity: (input, next) => {
        probe.scheduled(input.activityType, JSON.stringify(input.args));
        return next(input);
      },
    },
  ],
});
