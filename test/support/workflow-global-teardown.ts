import fs from 'node:fs';
import path from 'node:path';

export default async function workflowGlobalTeardown(): Promise<void> {
  const bundle = process.env.DSYNC_WORKFLOW_BUNDLE;
  if (bundle) fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
}
