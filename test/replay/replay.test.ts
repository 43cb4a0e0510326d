import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { WORKFLOW_INTERCEPTOR_MODULES, workflowSpanSinks } from '../../src/temporal/worker';
import { historyProblems, type HistoryEvent } from './history-shape';

/**
 * Replays every committed history (test/replay/histories, captured from real runs by
 * `npm run capture-histories`) against the current workflow code. A change to workflows/ that is
 * not replay-safe fails here with a DeterminismViolationError; use patching, not a new capture.
 */
const HISTORIES = path.join(__dirname, 'histories');

/**
 * Every history, by name, with its event count. The `-vN` files are histories recorded by earlier
 * workflow code that running workflows may still have: deleting one must fail this test, so they
 * are listed rather than discovered. The count pins the file's content (a re-capture of an
 * unsuffixed file updates it here, in the same reviewed change).
 */
const EXPECTED_HISTORIES: ReadonlyArray<readonly [file: string, events: number]> = [
  ['change-member-from-dashboard-v2.json', 11],
  ['change-member-from-dashboard-v3.json', 11],
  ['change-member-from-dashboard-v4.json', 11],
  ['change-member-from-dashboard-v5.json', 11],
  ['change-member-from-dashboard-v6.json', 11],
  ['change-member-from-dashboard.json', 11],
  ['connect-directory-v1.json', 23],
  ['connect-directory-v2.json', 23],
  ['connect-directory-v3.json', 23],
  ['connect-directory-v4.json', 23],
  ['connect-directory-v5.json', 23],
  ['connect-directory-v6.json', 23],
  ['connect-directory.json', 23],
  ['disconnect-directory-v3.json', 17],
  ['disconnect-directory-v4.json', 17],
  ['disconnect-directory-v5.json', 17],
  ['disconnect-directory-v6.json', 17],
  ['disconnect-directory.json', 17],
  ['provision-group-lifecycle-v2.json', 100],
  ['provision-group-lifecycle-v3.json', 100],
  ['provision-group-lifecycle-v4.json', 74],
  ['provision-group-lifecycle-v5.json', 76],
  ['provision-group-lifecycle-v6.json', 76],
  ['provision-group-lifecycle.json', 78],
  ['provision-user-continued-as-new-v1.json', 46],
  ['provision-user-continued-as-new-v2.json', 46],
  ['provision-user-continued-as-new-v3.json', 46],
  ['provision-user-continued-as-new-v4.json', 46],
  ['provision-user-continued-as-new-v5.json', 48],
  ['provision-user-continued-as-new-v6.json', 48],
  ['provision-user-continued-as-new.json', 48],
  ['provision-user-create-v1.json', 12],
  ['provision-user-create-v2.json', 12],
  ['provision-user-create-v3.json', 12],
  ['provision-user-create-v4.json', 9],
  ['provision-user-create-v5.json', 11],
  ['provision-user-create-v6.json', 11],
  ['provision-user-create.json', 11],
  ['provision-user-deactivate-v1.json', 23],
  ['provision-user-deactivate-v2.json', 23],
  ['provision-user-deactivate-v3.json', 23],
  ['provision-user-deactivate-v4.json', 15],
  ['provision-user-deactivate-v5.json', 17],
  ['provision-user-deactivate-v6.json', 17],
  ['provision-user-deactivate.json', 17],
  ['provision-user-delete-v1.json', 24],
  ['provision-user-delete-v2.json', 24],
  ['provision-user-delete-v3.json', 24],
  ['provision-user-delete-v4.json', 16],
  ['provision-user-delete-v5.json', 18],
  ['provision-user-delete-v6.json', 18],
  ['provision-user-delete.json', 18],
  ['provision-user-idle-start-v5.json', 12],
  ['provision-user-idle-start-v6.json', 12],
  ['provision-user-idle-start.json', 12],
  ['provision-user-role-changes-v2.json', 62],
  ['provision-user-role-changes-v3.json', 62],
  ['provision-user-role-changes-v4.json', 34],
  ['provision-user-role-changes-v5.json', 36],
  ['provision-user-role-changes-v6.json', 36],
  ['provision-user-role-changes.json', 36],
  // Sent with tracing on: its headers carry trace context, so the workflow made spans as it ran.
  ['provision-user-traced.json', 23],
  ['provision-user-stopped-by-disconnect-v3.json', 50],
  ['provision-user-stopped-by-disconnect-v4.json', 32],
  ['provision-user-stopped-by-disconnect-v5.json', 34],
  ['provision-user-stopped-by-disconnect-v6.json', 34],
  ['provision-user-stopped-by-disconnect.json', 34],
  ['provision-user-update-v1.json', 45],
  ['provision-user-update-v2.json', 45],
  ['provision-user-update-v3.json', 45],
  ['provision-user-update-v4.json', 27],
  ['provision-user-update-v5.json', 29],
  ['provision-user-update-v6.json', 29],
  ['provision-user-update.json', 29],
  ['update-role-mappings-v2.json', 13],
  ['update-role-mappings-v3.json', 13],
  ['update-role-mappings-v4.json', 13],
  ['update-role-mappings-v5.json', 13],
  ['update-role-mappings-v6.json', 13],
  ['update-role-mappings.json', 13],
];

function readEvents(file: string): HistoryEvent[] {
  return (JSON.parse(fs.readFileSync(path.join(HISTORIES, file), 'utf8')) as { events: HistoryEvent[] }).events;
}

beforeAll(() => {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
});

describe('workflow replay', () => {
  it('the histories directory holds exactly the listed files (none missing, none unlisted)', () => {
    const onDisk = fs
      .readdirSync(HISTORIES)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(onDisk).toEqual(EXPECTED_HISTORIES.map(([file]) => file).sort());
  });

  it.each(EXPECTED_HISTORIES)('replays %s (%i events, whole) deterministically', async (file, count) => {
    const events = readEvents(file);
    // Checked first: the replayer passes a history cut at the end and can panic on one cut in the middle.
    expect(historyProblems(events, count)).toEqual([]);
    const history = historyFromJSON({ events });
    // With the workflow interceptors every worker runs (tracing's, gated on the history's own headers).
    await Worker.runReplayHistory(
      {
        workflowsPath: require.resolve('../../workflows'),
        interceptors: { workflowModules: [...WORKFLOW_INTERCEPTOR_MODULES] },
        // As a worker with tracing off registers it: a traced history calls it.
        sinks: workflowSpanSinks(),
      },
      history,
      file,
    );
  });
});

describe('truncated histories are caught before replay', () => {
  const [file, count] = ['provision-user-update-v3.json', 45] as const;
  const events = readEvents(file);

  it.each([1, 2, 3, 5, 20])('the last %i event(s) removed, even with the count updated to match', (cut) => {
    const kept = events.slice(0, events.length - cut);
    expect(historyProblems(kept, count)).toContain(`has ${kept.length} events, the list says ${count}`);
    // Here (the last event is an update completion) the structure alone also shows the cut.
    expect(historyProblems(kept, kept.length)).not.toEqual([]);
  });

  it('events removed from the middle', () => {
    const kept = [...events.slice(0, 20), ...events.slice(23)];
    expect(historyProblems(kept, kept.length)).toContain('event 21 has id 24: events are missing or out of order');
  });

  it('a history ending inside a workflow task or before an activity closed', () => {
    const lastIndexOf = (type: string) => events.map((e) => e.eventType).lastIndexOf(type);
    const atTaskStarted = lastIndexOf('EVENT_TYPE_WORKFLOW_TASK_STARTED');
    expect(historyProblems(events.slice(0, atTaskStarted + 1), atTaskStarted + 1).join('\n')).toMatch(
      /workflow task\(s\) scheduled at \d+ never completed/,
    );
    const atActivityStarted = lastIndexOf('EVENT_TYPE_ACTIVITY_TASK_STARTED');
    expect(historyProblems(events.slice(0, atActivityStarted + 1), atActivityStarted + 1).join('\n')).toMatch(
      /activit\(y\/ies\) scheduled at \d+ never closed/,
    );
  });

  it('a close event followed by more events, or a history not starting with the start event', () => {
    const closed = readEvents('connect-directory.json');
    expect(historyProblems([...closed, { ...closed[1]!, eventId: String(closed.length + 1) }], closed.length + 1)).toContain(
      'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED at event 23 is not the last event',
    );
    expect(historyProblems(closed.slice(1), closed.length - 1)).toContain('does not begin with WORKFLOW_EXECUTION_STARTED');
  });

  it('trailing standalone events (a local-activity marker) only through the count', () => {
    const roleChanges = readEvents('provision-user-role-changes-v5.json');
    expect(roleChanges.at(-1)?.eventType).toBe('EVENT_TYPE_MARKER_RECORDED');
    const kept = roleChanges.slice(0, -1);
    expect(historyProblems(kept, kept.length)).toEqual([]);
    expect(historyProblems(kept, roleChanges.length)).toEqual([`has ${kept.length} events, the list says ${roleChanges.length}`]);
  });
});
