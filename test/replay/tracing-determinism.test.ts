import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { WORKFLOW_INTERCEPTOR_MODULES, workflowSpanSinks } from '../../src/temporal/worker';

/**
 * Tracing must not change what a workflow computes. Inside the sandbox a span's ids come from the
 * workflow's seeded random sequence, the one `uuid4()` draws change ids from; the tracing
 * interceptors make spans only for runs whose history carries trace context. So replaying a run
 * recorded before tracing existed, with the interceptors every worker now has, must compute the
 * same change ids as the recorded run sent. The control shows the check is sharp: one extra draw
 * from the sequence (an ungated span) changes them.
 */
const HISTORIES = path.join(__dirname, 'histories');
const FILES = fs.readdirSync(HISTORIES).filter((file) => file.startsWith('update-role-mappings'));
const PROBE = require.resolve('./probes/scheduled-args');
const DRAWS_RANDOM = require.resolve('./probes/draws-random');

interface HistoryJson {
  events: Array<{
    activityTaskScheduledEventAttributes?: { activityType: { name: string }; input: { payloads: Array<{ data: string }> } };
  }>;
}

/** The change ids the recorded run sent to its activities. */
function recordedChangeIds(file: string): string[] {
  const history = JSON.parse(fs.readFileSync(path.join(HISTORIES, file), 'utf8')) as HistoryJson;
  return history.events.flatMap((event) => {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (!scheduled) return [];
    const args = JSON.parse(Buffer.from(scheduled.input.payloads[0]!.data, 'base64').toString('utf8')) as { changeId?: string };
    return args.changeId ? [args.changeId] : [];
  });
}

/** The change ids the current code computes when it replays the history with these interceptor modules. */
async function replayedChangeIds(file: string, workflowInterceptorModules: string[]): Promise<string[]> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    workflowInterceptorModules,
    logger: new DefaultLogger('ERROR'),
  });
  const ids: string[] = [];
  const events = (JSON.parse(fs.readFileSync(path.join(HISTORIES, file), 'utf8')) as HistoryJson).events;
  await Worker.runReplayHistory(
    {
      workflowBundle: { code },
      sinks: {
        ...workflowSpanSinks(),
        probe: {
          scheduled: {
            fn: (_info, _activityType: string, args: string) => {
              const changeId = (JSON.parse(args) as Array<{ changeId?: string }>)[0]?.changeId;
              if (changeId) ids.push(changeId);
            },
            callDuringReplay: true,
          },
        },
      },
    },
    historyFromJSON({ events }),
    file,
  );
  return ids;
}

beforeAll(() => {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
});

describe('tracing does not change what a workflow computes', () => {
  it('has histories whose activities carry change ids drawn by uuid4()', () => {
    expect(FILES.length).toBeGreaterThan(0);
    for (const file of FILES) expect(recordedChangeIds(file).length).toBeGreaterThan(0);
  });

  it.each(FILES)('%s: replayed with the tracing interceptors, the change ids are the recorded ones', async (file) => {
    expect(await replayedChangeIds(file, [...WORKFLOW_INTERCEPTOR_MODULES, PROBE])).toEqual(recordedChangeIds(file));
  });

  it('control: one ungated draw from the random sequence changes them', async () => {
    const file = FILES[0]!;
    const replayed = await replayedChangeIds(file, [DRAWS_RANDOM, PROBE]);
    expect(replayed).toHaveLength(recordedChangeIds(file).length);
    expect(replayed).not.toEqual(recordedChangeIds(file));
  });
});
