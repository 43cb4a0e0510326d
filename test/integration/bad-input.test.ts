import { useTestEnv } from '../support/test-env';
import { oktaCreateUser } from '../fixtures/idp-requests';

const env = useTestEnv();

async function tableCounts() {
  const counts: Record<string, string> = {};
  for (const table of ['scim_users', 'members']) {
    counts[table] = String((await env().db(table).count<{ count: string }[]>('* as count'))[0]!.count);
  }
  // A refused change leaves only a record of its refusal in the audit log. (The directory's own
  // rows are no change: an authenticated request, even a refused one, marks it connected.)
  const applied = await env()
    .db('audit_log')
    .whereRaw("outcome->'failure' is null")
    .whereNot({ subject_type: 'directory' })
    .count<{ count: string }[]>('* as count');
  counts.appliedChanges = String(applied[0]!.count);
  return counts;
}

/** The refusals the audit log recorded after `afterId`: status and scimType, never the values sent. */
async function recordedRefusals(afterId: number) {
  const rows = await env()
    .db('audit_log')
    .where('id', '>', afterId)
    // The directory's connected mark (after its first authenticated request) is no change of the user's.
    .whereNot({ subject_type: 'directory' })
    .orderBy('id')
    .select<Array<{ action: string; details: unknown; outcome: { failure?: unknown } }>>('action', 'details', 'outcome');
  return rows.map((row) => ({ action: row.action, details: row.details, failed: row.outcome.failure !== undefined }));
}

async function lastAuditId(): Promise<number> {
  const row = await env().db('audit_log').max<{ max: number | null }[]>({ max: 'id' }).first();
  return row?.max ?? 0;
}

describe('bad input gets a SCIM error and changes nothing', () => {
  it('rejects malformed JSON, an unknown token and a missing userName', async () => {
    const { token } = await env().connectedAccount();
    const before = await tableCounts();

    const malformed = await env()
      .http.post('/scim/v2/Users')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/scim+json')
      .send('{"userName": "broken@example.com",');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/application\/scim\+json/);
    expect(malformed.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '400',
      scimType: 'invalidSyntax',
    });

    const forged = `${token.slice(0, -4)}AAAA`;
    const unknown = await env().scim(forged).post('/Users', oktaCreateUser('forged@example.com'));
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
    expect(unknown.headers['www-authenticate']).toMatch(/^Bearer/);
    await env().scim('not-a-token').get('/Users').expect(401);
    await env().http.get('/scim/v2/Users').expect(401);

    const { userName: _omitted, ...withoutUserName } = oktaCreateUser('nameless@example.com');
    const missing = await env().scim(token).post('/Users', withoutUserName).expect(400);
    expect(missing.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(missing.body.detail).toMatch(/userName/);

    const wrongType = await env().scim(token).post('/Users', oktaCreateUser('typed@example.com')).set('Content-Type', 'text/plain');
    expect(wrongType.status).toBe(415);
    expect(wrongType.body).toMatchObject({ status: '415' });

    const badFilter = await env()
      .scim(token)
      .get(`/Users?filter=${encodeURIComponent('userName eq')}`)
      .expect(400);
    expect(badFilter.body).toMatchObject({ scimType: 'invalidFilter' });

    expect(await tableCounts()).toEqual(before);
  });

  it('rejects a PATCH that would break the user, applying none of its operations', async () => {
    const { token } = await env().connectedAccount();
    const idp = env().scim(token);
    const created = await idp.post('/Users', oktaCreateUser('atomic.op@example.com')).expect(201);
    const id = created.body.id as string;
    const before = await tableCounts();
    const auditBefore = await lastAuditId();

    const response = await idp
      .patch(`/Users/${id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          { op: 'replace', path: 'displayName', value: 'Should Not Stick' },
          { op: 'remove', path: 'userName' },
        ],
      })
      .expect(400);
    expect(response.body).toMatchObject({ scimType: 'invalidValue' });
    const after = await idp.get(`/Users/${id}`).expect(200);
    expect(after.body.displayName).toBe(created.body.displayName);
    expect(after.body.meta.version).toBe('W/"1"');

    const readOnly = await idp
      .patch(`/Users/${id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'id', value: 'x' }],
      })
      .expect(400);
    expect(readOnly.body).toMatchObject({ scimType: 'mutability' });

    const stale = await idp
      .patch(`/Users/${id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'title', value: 'x' }],
      })
      .set('If-Match', 'W/"7"')
      .expect(412);
    expect(stale.body).toMatchObject({ status: '412' });
    expect(await tableCounts()).toEqual(before);
    expect(await recordedRefusals(auditBefore)).toEqual([
      { action: 'patch', details: { failed: { status: 400, scimType: 'invalidValue' } }, failed: true },
      { action: 'patch', details: { failed: { status: 400, scimType: 'mutability' } }, failed: true },
      { action: 'patch', details: { failed: { status: 412, scimType: null } }, failed: true },
    ]);
  });
});
