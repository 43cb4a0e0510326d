import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';

/**
 * Replays every committed history (test/replay/histories, captured from real runs by
 * `npm run capture-histories`) against the current workflow code. A change to workflows/ that is
 * not replay-safe fails here with a DeterminismViolationError; use patching, not a new capture.
 */
const HISTORIES = path.join(__dirname, 'histories');
const files = fs.readdirSync(HISTORIES).filter((f) => f.endsWith('.json')).sort();

beforeAll(() => {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
});

describe('workflow replay', () => {
  it('has histories for every workflow and scenario', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'change-member-from-dashboard.json',
        'connect-directory.json',
        'disconnect-directory.json',
        'provision-group-lifecycle.json',
        'provision-user-continued-as-new.json',
        'provision-user-role-changes.json',
        'provision-user-stopped-by-disconnect.json',
        'provision-user-create.json',
        'provision-user-deactivate.json',
        'provision-user-delete.json',
        'provision-user-update.json',
        'update-role-mappings.json',
      ]),
    );
  });

  it.each(files)('replays %s deterministically', async (file) => {
    const history = historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES, file), 'utf8')));
    expect(history.events?.length).toBeGreaterThan(3);
    await Worker.runReplayHistory({ workflowsPath: require.resolve('../../workflows') }, history, file);
  });
});
