import {
  ensureConformanceTools,
  runScim2Tester,
  runScimSanity,
  scim2TesterVerdict,
  scimSanityVerdict,
  type Verdict,
} from '../../support/conformance';
import { useTestEnv } from '../../support/test-env';

/**
 * Two public SCIM conformance suites, run over real HTTP against the service as `npm start`
 * wires it, each on its own directory: scim2-tester (check_server) and scim-sanity (probe).
 * Every check must pass except the allow-listed documented choices (test/support/conformance.ts,
 * docs/scim-support.md#conformance). The tools are pinned and installed into .tools/ by
 * scripts/ensure-scim-conformance-tools.sh.
 */

// The tools send a few hundred requests in seconds and do not retry a 429: the rate limit (tested
// in http-edge.test.ts) is off here, as for one IdP that has the directory to itself.
const env = useTestEnv({ env: { SCIM_RATE_LIMIT_PER_SECOND: '0' } });

let python: string;
let scimBaseUrl: string;

beforeAll(async () => {
  python = await ensureConformanceTools();
  scimBaseUrl = `${await env().listen()}/scim/v2`;
}, 10 * 60_000);

/** One assertion, so that a failure lists everything wrong at once. */
function expectConforming(verdict: Verdict): void {
  expect(verdict).toEqual({ unexplained: [], unseen: [], missing: [] });
}

describe('SCIM conformance', () => {
  it('passes scim2-tester 0.5.2 (check_server), but for the allow-listed documented choices', async () => {
    const { token } = await env().connectedAccount('other');
    const results = await runScim2Tester(python, scimBaseUrl, token);

    expectConforming(scim2TesterVerdict(results, ['User', 'Group']));
  });

  it('passes scim-sanity 0.7.4 (probe, strict), but for the allow-listed documented choices', async () => {
    const { token } = await env().connectedAccount('other');
    const report = await runScimSanity(python, scimBaseUrl, token);

    expect(report).toMatchObject({ scim_sanity_version: '0.7.4', mode: 'strict' });
    expectConforming(scimSanityVerdict(report));
  });
});
