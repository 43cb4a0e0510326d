import { execFile } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The public SCIM conformance suites (test/integration/conformance/): how to run them, and what
 * their answers may be. Every check must pass except the exact entries of the allow-lists below:
 * each is a documented choice of this service (docs/scim-support.md, Conformance) with the RFC
 * section that permits it. A failure not listed fails the test, and so does a listed one that no
 * longer happens (the list must be kept exact, both ways).
 */

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

/** The venv Python holding the pinned tools; installs them on first use (scripts/ensure-scim-conformance-tools.sh). */
export async function ensureConformanceTools(): Promise<string> {
  const script = path.join(ROOT, 'scripts/ensure-scim-conformance-tools.sh');
  const { stdout } = await run('bash', [script], { maxBuffer: 1024 * 1024, timeout: 10 * 60_000 });
  const python = stdout.trim().split('\n').pop();
  if (!python) throw new Error('scripts/ensure-scim-conformance-tools.sh printed no path');
  return python;
}

/** Runs a tool, and returns its stdout whatever its exit code (the verdict is ours); a crash shows its stderr. */
async function output(python: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  try {
    return (await run(python, args, { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 5 * 60_000 }))
      .stdout;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    if (failed.stdout?.trim()) return failed.stdout;
    throw new Error(`${path.basename(args[0] === '-m' ? args[1]! : args[0]!)} failed: ${failed.message}\n${failed.stderr ?? ''}`);
  }
}

// ---------------------------------------------------------------------------------------------
// scim2-tester: check_server (discovery, then create, read, list, search, replace, delete and
// PATCH add / remove / replace of every attribute, for every resource type the server publishes)

export interface Scim2TesterResult {
  status: string;
  title: string | null;
  resourceType: string | null;
  urn: string | null;
  reason: string | null;
  data: unknown;
}

export async function runScim2Tester(python: string, scimBaseUrl: string, token: string): Promise<Scim2TesterResult[]> {
  const stdout = await output(python, [path.join(ROOT, 'test/conformance/run_scim2_tester.py'), scimBaseUrl], { SCIM_TOKEN: token });
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Scim2TesterResult);
}

/** scim2-tester's statuses that meet the RFCs: MUST (SUCCESS), SHOULD (COMPLIANT), MAY (ACCEPTABLE). */
const SCIM2_TESTER_PASSING = new Set(['SUCCESS', 'COMPLIANT', 'ACCEPTABLE']);

interface Scim2TesterAllowance {
  /** `<resource type> <check> <attribute path>`: one check of one attribute. */
  check: string;
  status: string;
  /** The RFC section that permits it, and why this service answers so (also in docs/scim-support.md). */
  because: string;
  /** The exact failure allowed: any other failure of the same check is not. */
  matches: (result: Scim2TesterResult) => boolean;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/** `members` as returned, less the server-set `display` of each member. */
const withoutDisplay = (members: unknown): unknown =>
  Array.isArray(members)
    ? members.map((member) => Object.fromEntries(Object.entries(record(member)).filter(([key]) => key !== 'display')))
    : members;

/** The group member came back as patched, plus the `display` the server derives from the user. */
const membersDifferOnlyByDisplay = (result: Scim2TesterResult): boolean => {
  const data = record(result.data);
  const sentDisplay = Array.isArray(data.expected) && data.expected.some((member) => 'display' in record(member));
  return !sentDisplay && Array.isArray(data.actual) && isDeepStrictEqual(withoutDisplay(data.actual), data.expected);
};

export const SCIM2_TESTER_ALLOWED: readonly Scim2TesterAllowance[] = [
  {
    // RFC 7643 §4.1.1 leaves the meaning of `active` to the service provider, and RFC 7644 §3.5.1
    // lets it assign a default value to an attribute a PUT leaves out. Here `active` always has a
    // value: none (omitted, null, or removed by PATCH) means true, so removing it answers
    // `active: true` where RFC 7644 §3.5.2.2 has the attribute unassigned. Deactivation is always
    // an explicit false.
    check: 'User check_remove_attribute active',
    status: 'ERROR',
    because: 'active defaults to true (RFC 7643 §4.1.1, RFC 7644 §3.5.1)',
    matches: (result) => result.reason === "PATCH modify() did not remove attribute 'active'" && record(result.data).modify_actual === true,
  },
  {
    // RFC 7643 §2.4: `display` is a sub-attribute of multi-valued attributes, a human-readable
    // name; /Schemas declares the group member's `display` readOnly (RFC 7643 §7): the server sets
    // it from the user (displayName, else userName). scim2-tester compares the members it patched
    // with the ones returned, read-only sub-attributes included.
    check: 'Group check_add_attribute members',
    status: 'ERROR',
    because: 'members[].display is read-only, set by the server (RFC 7643 §2.4, §7)',
    matches: membersDifferOnlyByDisplay,
  },
  {
    check: 'Group check_replace_attribute members',
    status: 'ERROR',
    because: 'members[].display is read-only, set by the server (RFC 7643 §2.4, §7)',
    matches: membersDifferOnlyByDisplay,
  },
];

/** The checks that must have run and passed for each resource type: a run that skipped them proves nothing. */
const SCIM2_TESTER_REQUIRED = [
  'object_creation',
  'object_query',
  'object_query_without_id',
  'object_list_with_attributes',
  'search_with_attributes',
  'object_replacement',
  'object_deletion',
  'check_add_attribute',
  'check_remove_attribute',
  'check_replace_attribute',
];

export interface Verdict {
  /** Failures no allowance explains, with their reasons. */
  unexplained: string[];
  /** Allowances that matched nothing: the list is stale. */
  unseen: string[];
  /** Checks that should have passed and did not run or never passed. */
  missing: string[];
}

export function scim2TesterVerdict(results: readonly Scim2TesterResult[], resourceTypes: readonly string[]): Verdict {
  const seen = new Set<Scim2TesterAllowance>();
  const unexplained: string[] = [];
  for (const result of results) {
    if (SCIM2_TESTER_PASSING.has(result.status)) continue;
    const check = [result.resourceType ?? '-', result.title ?? '-', result.urn ?? ''].join(' ').trim();
    const allowance = SCIM2_TESTER_ALLOWED.find((a) => a.check === check && a.status === result.status && a.matches(result));
    if (allowance) seen.add(allowance);
    else unexplained.push(`${result.status} ${check}: ${result.reason ?? ''}`);
  }
  const passed = new Set(results.filter((r) => SCIM2_TESTER_PASSING.has(r.status)).map((r) => `${r.resourceType} ${r.title}`));
  return {
    unexplained,
    unseen: SCIM2_TESTER_ALLOWED.filter((a) => !seen.has(a)).map((a) => `${a.status} ${a.check}`),
    missing: resourceTypes.flatMap((type) => SCIM2_TESTER_REQUIRED.map((title) => `${type} ${title}`)).filter((c) => !passed.has(c)),
  };
}

// ---------------------------------------------------------------------------------------------
// scim-sanity: probe (discovery, the User and Group lifecycles, search, errors), strict mode

export interface ScimSanityResult {
  name: string;
  status: string;
  message?: string;
  phase?: string;
}

export interface ScimSanityReport {
  scim_sanity_version: string;
  mode: string;
  summary: Record<string, number>;
  results: ScimSanityResult[];
}

export async function runScimSanity(python: string, scimBaseUrl: string, token: string): Promise<ScimSanityReport> {
  const stdout = await output(python, [
    '-m',
    'scim_sanity',
    'probe',
    scimBaseUrl,
    '--token',
    token,
    '--i-accept-side-effects',
    '--json-output',
    '--strict',
    '--timeout',
    '30',
  ]);
  return JSON.parse(stdout) as ScimSanityReport;
}

interface ScimSanityAllowance {
  name: string;
  status: string;
  message: string;
  because: string;
}

const GROUP_PATCH_204 = 'group PATCH answers 204 No Content (RFC 7644 §3.5.2)';
const AGENT_EXTENSION = 'the draft agent extension is not served (draft-abbey-scim-agent-extension-00, not RFC 7643/7644)';

export const SCIM_SANITY_ALLOWED: readonly ScimSanityAllowance[] = [
  // RFC 7644 §3.5.2: "the server either MUST return a 200 OK response code and the entire
  // resource within the response body ... or MAY return HTTP status code 204 (No Content) and the
  // appropriate response headers for a successful PATCH request". A group PATCH answers 204 with
  // its ETag (what Entra ID prefers; a large group is never loaded to answer); it answers 200 with
  // the group when the request asks for `attributes`. scim-sanity expects 200.
  {
    name: 'PATCH /Groups/{id}',
    status: 'fail',
    message: 'Expected HTTP 200, got 204 (RFC 7644 §3.3); Response body is empty',
    because: GROUP_PATCH_204,
  },
  { name: 'PATCH /Groups/{id} add member', status: 'fail', message: 'Expected 200, got 204', because: GROUP_PATCH_204 },
  { name: 'PATCH /Groups/{id} remove members', status: 'fail', message: 'Expected 200, got 204', because: GROUP_PATCH_204 },
  // Not SCIM: scim-sanity probes them only when /ResourceTypes advertises them.
  { name: 'Agent CRUD Lifecycle', status: 'skip', message: 'Agent not supported by server', because: AGENT_EXTENSION },
  {
    name: 'AgenticApplication CRUD Lifecycle',
    status: 'skip',
    message: 'AgenticApplication not supported by server',
    because: AGENT_EXTENSION,
  },
  { name: 'Agent Rapid Lifecycle', status: 'skip', message: 'Agent not supported or not in scope', because: AGENT_EXTENSION },
];

/** Checks that must have run and passed: a probe that stopped early proves nothing. */
const SCIM_SANITY_REQUIRED = [
  'GET /ServiceProviderConfig',
  'GET /Schemas',
  'GET /ResourceTypes',
  'POST /Users',
  'PUT /Users/{id}',
  'PATCH /Users/{id}',
  'DELETE /Users/{id}',
  'GET /Users/{id} after DELETE (expect 404)',
  'POST /Groups',
  'PUT /Groups/{id}',
  'DELETE /Groups/{id}',
  'GET /Groups/{id} after DELETE (expect 404)',
  'GET /Users?filter (no match)',
  'GET /Users?count=0 (boundary)',
  'POST /Users missing userName (expect 400)',
];

export function scimSanityVerdict(report: ScimSanityReport): Verdict {
  const seen = new Set<ScimSanityAllowance>();
  const unexplained: string[] = [];
  for (const result of report.results) {
    if (result.status === 'pass') continue;
    const allowance = SCIM_SANITY_ALLOWED.find((a) => a.name === result.name && a.status === result.status && a.message === result.message);
    if (allowance) seen.add(allowance);
    else unexplained.push(`${result.status} ${result.name}: ${result.message ?? ''}`);
  }
  const passed = new Set(report.results.filter((r) => r.status === 'pass').map((r) => r.name));
  return {
    unexplained,
    unseen: SCIM_SANITY_ALLOWED.filter((a) => !seen.has(a)).map((a) => `${a.status} ${a.name}: ${a.message}`),
    missing: SCIM_SANITY_REQUIRED.filter((name) => !passed.has(name)),
  };
}
