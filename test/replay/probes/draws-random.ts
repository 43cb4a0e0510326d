/**
 * The control of test/replay/tracing-determinism.test.ts: a workflow interceptor that draws one
 * number from the workflow's random sequence when the run starts, as an OpenTelemetry interceptor
 * does for every span id it makes. It shifts every later `uuid4()`.
 */
import type { WorkflowInterceptors } from '@temporalio/workflow';

export const interceptors = (): WorkflowInterceptors => ({
  inbound: [
    {
      execute: (input, next) => {
        Math.random();
        return next(input);
      },
    },
  ],
});
