import { Resource } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Worker } from '@temporalio/worker';
import { workflowSpanSinks } from '../../src/temporal/worker';
import { oktaCreateUser } from '../fixtures/idp-requests';
import { eventually } from '../support/eventually';
import { OtlpCollector, type ReceivedSpan } from '../support/otlp-collector';
import { TestEnv } from '../support/test-env';

/**
 * Tracing on (OTEL_EXPORTER_OTLP_ENDPOINT pointing at an in-process collector): one IdP request is
 * one trace, from the API's server span through the Temporal client's update-with-start, the
 * workflow's update handler and its activity, to the SQL of the change's transaction.
 */
let collector: OtlpCollector;
let env: TestEnv;

beforeAll(async () => {
  collector = await OtlpCollector.start();
  env = await TestEnv.start({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: 'dsync-trace-test' } });
});

afterAll(async () => {
  await env?.close();
  await collector?.close();
});

/** The span named `name` whose parent is `parent`, in the parent's trace. */
function childOf(parent: ReceivedSpan, name: string): ReceivedSpan {
  const child = collector.spans.find((span) => span.parentSpanId === parent.spanId && span.name === name);
  if (!child) throw new Error(`no ${name} under ${parent.name}`);
  expect(child.traceId).toBe(parent.traceId);
  return child;
}

/** Waits for the chain request → client → update handler → activity start → activity run, and returns it. */
async function chainFrom(http: () => ReceivedSpan | undefined, update: string): Promise<ReceivedSpan[]> {
  return eventually(async () => {
    await env.flushSpans();
    const root = http();
    if (!root) throw new Error('no request span yet');
    const client = childOf(root, `UpdateWithStartWorkflow:${update}`);
    const handler = childOf(client, `HandleUpdate:${update}`);
    const start = childOf(handler, `StartActivity:${update}`);
    const run = childOf(start, `RunActivity:${update}`);
    return [root, client, handler, start, run];
  });
}

describe('tracing', () => {
  it('follows a create from the HTTP request through the workflow and the activity to the SQL, in one trace', async () => {
    const { token } = await env.connectedAccount('okta');
    const email = 'traced.user@trace.test';
    const created = await env.scim(token).post('/Users', oktaCreateUser(email)).expect(201);
    const id = created.body.id as string;

    const chain = await chainFrom(
      () => collector.spans.find((span) => span.name === 'POST /scim/v2/Users' && span.parentSpanId === undefined),
      'applyUserChange',
    );
    const [root, , , , run] = chain;
    expect(new Set(chain.map((span) => span.traceId)).size).toBe(1);
    expect(root!.attributes).toMatchObject({ 'http.route': '/scim/v2/Users', 'http.response.status_code': 201 });
    expect(root!.serviceName).toBe('dsync-trace-test');

    // The change's transaction: statements as children of the activity, with placeholders, never the values.
    const sql = await eventually(async () => {
      await env.flushSpans();
      const statements = collector.spans.filter(
        (span) => span.parentSpanId === run!.spanId && span.attributes['db.system'] === 'postgresql',
      );
      expect(statements.length).toBeGreaterThan(0);
      return statements;
    });
    expect(sql.some((span) => /insert into "?scim_users/i.test(String(span.attributes['db.statement'])))).toBe(true);
    // The API's own reads (the token's directory) hang under the request span.
    expect(collector.spans.some((span) => span.parentSpanId === root!.spanId && span.attributes['db.system'] === 'postgresql')).toBe(true);
    for (const span of collector.spans) expect(JSON.stringify(span.attributes)).not.toContain(email);

    // A later change to the same (running) workflow joins its own request's trace, not the create's.
    await env
      .scim(token)
      .patch(`/Users/${id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'title', value: 'Engineer' }],
      })
      .expect(200);
    const patchChain = await chainFrom(
      () => collector.spans.find((span) => span.name === 'PATCH /scim/v2/Users/:id' && span.parentSpanId === undefined),
      'applyUserChange',
    );
    expect(new Set(patchChain.map((span) => span.traceId)).size).toBe(1);
    expect(patchChain[0]!.traceId).not.toBe(root!.traceId);
  });

  it("replays the traced workflow's history deterministically (spans are made from the history's headers, whatever the worker's setting)", async () => {
    const { token } = await env.connectedAccount('okta');
    const created = await env.scim(token).post('/Users', oktaCreateUser('replayed@trace.test')).expect(201);
    const root = await eventually(async () => {
      await env.flushSpans();
      const span = collector.spans.find(
        (candidate) =>
          candidate.name === 'UpdateWithStartWorkflow:applyUserChange' &&
          String(candidate.attributes['temporalWorkflowId']).endsWith(created.body.id),
      );
      if (!span) throw new Error('no client span yet');
      return span;
    });
    const workflowId = String(root.attributes['temporalWorkflowId']);
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    // The history itself carries the trace context (the update's and the start's headers).
    expect(JSON.stringify(history)).toContain('_tracer-data');
    const infra = JSON.parse(process.env.DSYNC_TEST_INFRA!) as { workflowBundlePath: string };
    // The bundle carries the interceptors. Replayed by a worker with tracing off (its sink drops
    // spans) and by one with tracing on: both must reproduce the recorded commands.
    const workflowBundle = { codePath: infra.workflowBundlePath };
    await Worker.runReplayHistory({ workflowBundle, sinks: workflowSpanSinks() }, history, workflowId);
    const exporter = new InMemorySpanExporter();
    const tracingOn = { spanProcessor: new SimpleSpanProcessor(exporter), resource: Resource.empty(), shutdown: async () => undefined };
    await Worker.runReplayHistory({ workflowBundle, sinks: workflowSpanSinks(tracingOn) }, history, workflowId);
    // Spans made during a replay are not exported again (the sink is not called on replay).
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
