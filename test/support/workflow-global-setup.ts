import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../../src/temporal/worker';

const run = promisify(execFile);

/**
 * Jest globalSetup of the `workflows` project: the time-skipping test server's path (installed
 * once by scripts/ensure-temporal-test-server.sh, honouring $TEMPORAL_TEST_SERVER) and one
 * workflow bundle, both handed to the test files through the environment. Bundling once here
 * rather than in every Worker.create saves a second or more per test.
 */
export default async function workflowGlobalSetup(): Promise<void> {
  const script = path.resolve(__dirname, '../../scripts/ensure-temporal-test-server.sh');
  const [{ stdout }, code] = await Promise.all([
    run('bash', [script], { maxBuffer: 1024 * 1024, timeout: 10 * 60_000 }),
    bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      // As every worker runs (src/temporal/worker.ts): a prebuilt bundle must carry the interceptors.
      workflowInterceptorModules: [...WORKFLOW_INTERCEPTOR_MODULES],
      logger: { log: () => {}, trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: console.error },
    }).then((bundle) => bundle.code),
  ]);
  const server = stdout.trim().split('\n').pop();
  if (!server) throw new Error('scripts/ensure-temporal-test-server.sh printed no path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsync-workflow-tests-'));
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, code);
  process.env.TEMPORAL_TEST_SERVER = server;
  process.env.DSYNC_WORKFLOW_BUNDLE = bundlePath;
}
