import { startTestInfra, type TestInfra } from './infra';

declare global {
  var dsyncTestInfra: TestInfra | undefined;
}

/** Jest globalSetup: start the services once and hand their addresses to the test files. */
export default async function globalSetup(): Promise<void> {
  const infra = await startTestInfra();
  globalThis.dsyncTestInfra = infra;
  process.env.DSYNC_TEST_INFRA = JSON.stringify({
    postgresUrl: infra.postgresUrl,
    templateDatabase: infra.templateDatabase,
    temporalAddress: infra.temporalAddress,
    workflowBundlePath: infra.workflowBundlePath,
  });
}
