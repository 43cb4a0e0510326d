import {
  scim2TesterVerdict,
  scimSanityVerdict,
  SCIM2_TESTER_ALLOWED,
  SCIM_SANITY_ALLOWED,
  type Scim2TesterResult,
  type ScimSanityReport,
} from '../../support/conformance';

/**
 * The verdicts of the conformance suites (test/integration/conformance/) fail on what they must:
 * a failure not allow-listed, an allow-listed check failing in another way, a stale allowance,
 * a check that never ran.
 */

const REQUIRED = [
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

const success = (resourceType: string | null, title: string): Scim2TesterResult => ({
  status: 'SUCCESS',
  title,
  resourceType,
  urn: null,
  reason: null,
  data: null,
});

const member = { value: 'u1', $ref: 'http://127.0.0.1/scim/v2/Users/u1', type: 'User' };
const memberCheck = (title: string, actual: unknown[]): Scim2TesterResult => ({
  status: 'ERROR',
  title,
  resourceType: 'Group',
  urn: 'members',
  reason: "Attribute 'members' was not added or has unexpected value",
  data: { urn: 'members', expected: [member], actual },
});
const activeRemoved: Scim2TesterResult = {
  status: 'ERROR',
  title: 'check_remove_attribute',
  resourceType: 'User',
  urn: 'active',
  reason: "PATCH modify() did not remove attribute 'active'",
  data: { urn: 'active', initial_value: false, modify_actual: true },
};

/** A run as the service answers today: every required check passed, and each allowance seen once. */
const conformingRun = (): Scim2TesterResult[] => [
  ...['User', 'Group'].flatMap((type) => REQUIRED.map((title) => success(type, title))),
  activeRemoved,
  memberCheck('check_add_attribute', [{ ...member, display: 'jane@acme.io' }]),
  memberCheck('check_replace_attribute', [{ ...member, display: 'jane@acme.io' }]),
];

describe('scim2TesterVerdict', () => {
  it('passes a run whose only failures are the allow-listed ones', () => {
    expect(SCIM2_TESTER_ALLOWED).toHaveLength(3);
    expect(scim2TesterVerdict(conformingRun(), ['User', 'Group'])).toEqual({ unexplained: [], unseen: [], missing: [] });
  });

  it('reports a failure not allow-listed, a CRITICAL and a SKIPPED as unexplained, and a DEVIATION too', () => {
    const run = [
      ...conformingRun(),
      { ...success('User', 'check_add_attribute'), status: 'ERROR', urn: 'title', reason: 'boom' },
      { ...success(null, 'random_url'), status: 'CRITICAL', reason: 'leak' },
      { ...success('Group', 'object_deletion'), status: 'SKIPPED', reason: 'Skipped due to tag filtering' },
      { ...success('Group', 'object_query'), status: 'DEVIATION', reason: 'should' },
    ];
    expect(scim2TesterVerdict(run, ['User', 'Group']).unexplained).toEqual([
      'ERROR User check_add_attribute title: boom',
      'CRITICAL - random_url: leak',
      'SKIPPED Group object_deletion: Skipped due to tag filtering',
      'DEVIATION Group object_query: should',
    ]);
  });

  it('does not let an allow-listed check fail in another way', () => {
    const run = conformingRun().filter(
      (r) => r.status === 'SUCCESS' || (r.resourceType === 'Group' && r.title === 'check_replace_attribute'),
    );
    const otherMember = memberCheck('check_add_attribute', [{ ...member, value: 'u2', display: 'jane@acme.io' }]);
    const droppedMember = memberCheck('check_add_attribute', []);
    const activeFalse = { ...activeRemoved, data: { urn: 'active', initial_value: true, modify_actual: false } };
    const verdict = scim2TesterVerdict([...run, otherMember, droppedMember, activeFalse], ['User', 'Group']);
    expect(verdict.unexplained).toEqual([
      expect.stringMatching(/^ERROR Group check_add_attribute members: /),
      expect.stringMatching(/^ERROR Group check_add_attribute members: /),
      "ERROR User check_remove_attribute active: PATCH modify() did not remove attribute 'active'",
    ]);
    expect(verdict.unseen).toEqual(['ERROR User check_remove_attribute active', 'ERROR Group check_add_attribute members']);
  });

  it('reports required checks that never passed, and a run with no resource checks at all', () => {
    const run = conformingRun().filter((r) => !(r.resourceType === 'Group' && r.title === 'object_replacement'));
    expect(scim2TesterVerdict(run, ['User', 'Group']).missing).toEqual(['Group object_replacement']);
    expect(scim2TesterVerdict([], ['User', 'Group']).missing).toHaveLength(2 * REQUIRED.length);
  });
});

const sanityRun = (extra: ScimSanityReport['results'] = []): ScimSanityReport => ({
  scim_sanity_version: '0.7.4',
  mode: 'strict',
  summary: {},
  results: [
    ...[
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
    ].map((name) => ({ name, status: 'pass' })),
    ...SCIM_SANITY_ALLOWED.map(({ name, status, message }) => ({ name, status, message })),
    ...extra,
  ],
});

describe('scimSanityVerdict', () => {
  it('passes a run whose only failures and skips are the allow-listed ones', () => {
    expect(scimSanityVerdict(sanityRun())).toEqual({ unexplained: [], unseen: [], missing: [] });
  });

  it('reports a new failure, an error, a warning and a skip; the same name with another message is not allowed', () => {
    const report = sanityRun([
      { name: 'GET /Users (ListResponse)', status: 'fail', message: 'totalResults missing' },
      { name: 'POST /Groups', status: 'error', message: 'timed out' },
      { name: 'GET /Users/{id}', status: 'warn', message: 'application/json' },
      { name: 'GET /Groups/{id}', status: 'skip', message: 'No id returned from POST' },
    ]);
    report.results = report.results.map((r) =>
      r.name === 'PATCH /Groups/{id} add member' ? { ...r, message: 'Expected 200, got 400' } : r,
    );
    const verdict = scimSanityVerdict(report);
    expect(verdict.unexplained).toEqual([
      'fail PATCH /Groups/{id} add member: Expected 200, got 400',
      'fail GET /Users (ListResponse): totalResults missing',
      'error POST /Groups: timed out',
      'warn GET /Users/{id}: application/json',
      'skip GET /Groups/{id}: No id returned from POST',
    ]);
    expect(verdict.unseen).toEqual(['fail PATCH /Groups/{id} add member: Expected 200, got 204']);
  });

  it('reports required checks that did not pass', () => {
    const report = sanityRun();
    report.results = report.results.filter((r) => r.name !== 'DELETE /Groups/{id}');
    expect(scimSanityVerdict(report).missing).toEqual(['DELETE /Groups/{id}']);
  });
});
