import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { ensureNamespace } from '../../src/temporal/namespace';
import { ensureSearchAttributes } from '../../src/temporal/search-attributes';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

/**
 * The worker registers its namespace and search attributes on a cluster that lacks them (a real
 * server has neither; docker-compose and npm run cluster rely on it), from every replica at once.
 */
let connection: Connection;
beforeAll(async () => {
  const infra = JSON.parse(process.env.DSYNC_TEST_INFRA ?? 'null') as { temporalAddress: string } | null;
  if (!infra) throw new Error('Integration tests need the jest globalSetup (run them with npm test)');
  connection = await Connection.connect({ address: infra.temporalAddress });
});
afterAll(async () => {
  await connection?.close();
});

it('registers a missing namespace once, with its retention, when three replicas start at once', async () => {
  const namespace = `dsync-test-${randomUUID()}`;
  const results = await Promise.all([1, 2, 3].map(() => ensureNamespace(connection, namespace, 3)));
  expect(results.filter((r) => r.created).length).toBeLessThanOrEqual(1);
  expect(results.every((r) => r.retentionSeconds === 3 * 86400)).toBe(true);
  // An existing namespace is left as it is: its retention is the operator's.
  expect(await ensureNamespace(connection, namespace, 30)).toEqual({ created: false, retentionSeconds: 3 * 86400 });

  await Promise.all([ensureSearchAttributes(connection, namespace), ensureSearchAttributes(connection, namespace)]);
  const listed = await connection.operatorService.listSearchAttributes({ namespace });
  expect(Object.keys(listed.customAttributes ?? {})).toEqual(expect.arrayContaining(ALL_SEARCH_ATTRIBUTES.map((key) => key.name)));
}, 120_000);

it('leaves an existing namespace alone (the dev server creates its own)', async () => {
  expect(await ensureNamespace(connection, 'default', 7)).toMatchObject({ created: false });
});
