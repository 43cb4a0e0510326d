import { randomUUID } from 'node:crypto';
import { ensureChromium, runBrowserFlow } from '../support/browser';
import { useTestEnv } from '../support/test-env';

const env = useTestEnv({ env: { TEMPORAL_UI_URL: 'http://ui.test:8233' } });
let chromiumPath = '';

beforeAll(() => {
  chromiumPath = ensureChromium();
}, 20 * 60_000);

describe('support console in a browser (test/browser/console-flow.ts)', () => {
  it('signs in, creates and connects an account, watches it connect, edits mappings, hands out a setup link, disconnects', async () => {
    const baseURL = await env().listen();
    const output = await runBrowserFlow(
      'console-flow.ts',
      {
        baseURL,
        adminToken: env().adminToken,
        accountId: `browser-${randomUUID().slice(0, 6)}`,
        chromiumPath,
        temporalUiUrl: 'http://ui.test:8233',
      },
      200_000,
    );
    expect(output).toMatch(/console flow passed/);
  }, 240_000);
});
