/**
 * Measures how a group of N members (default 10,000) behaves: adding members in Okta-sized chunks,
 * reading the group with and without members, counting groups, and one-member PATCHes on the
 * full group. Real Temporal + PostgreSQL, through HTTP. Prints figures; asserts nothing.
 *   npx tsx scripts/bench/large-group.ts [members]
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { startTestInfra } from '../../test/support/infra';
import { TestEnv } from '../../test/support/test-env';
import { PATCH_OP, oktaCreateGroup } from '../../test/fixtures/idp-requests';

async function main(): Promise<void> {
  const size = Number(process.argv[2] ?? 10_000);
  const infra = await startTestInfra();
  process.env.DSYNC_TEST_INFRA = JSON.stringify(infra);
  const env = await TestEnv.start();
  const time = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const start = performance.now();
    const result = await work();
    return [result, performance.now() - start];
  };
  try {
    const { directoryId, token } = await env.connectedAccount();
    const idp = env.scim(token);
    // The users themselves are not what is measured: insert them directly.
    const ids = Array.from({ length: size }, () => randomUUID());
    for (let i = 0; i < size; i += 1000) {
      await env.db('scim_users').insert(
        ids.slice(i, i + 1000).map((id, j) => ({
          id,
          directory_id: directoryId,
          user_name: `member${i + j}@bench.io`,
          active: true,
          email: `member${i + j}@bench.io`,
          attributes: JSON.stringify({ userName: `member${i + j}@bench.io`, active: true }),
        })),
      );
    }
    const { account_id: accountId } = (await env.db('directories').where({ id: directoryId }).first('account_id'))!;
    for (let i = 0; i < size; i += 1000) {
      await env.db('members').insert(
        ids.slice(i, i + 1000).map((id, j) => ({
          id: randomUUID(),
          account_id: accountId,
          email: `member${i + j}@bench.io`,
          role: 'support',
          active: true,
          managed_by_directory: true,
          scim_user_id: id,
        })),
      );
    }
    const groupId = (await idp.post('/Groups', oktaCreateGroup('Everyone')).expect(201)).body.id as string;
    const chunk = 500;
    const [, addMs] = await time(async () => {
      for (let i = 0; i < size; i += chunk) {
        await idp
          .patch(`/Groups/${groupId}`, {
            schemas: [PATCH_OP],
            Operations: [{ op: 'add', path: 'members', value: ids.slice(i, i + chunk).map((value) => ({ value })) }],
          })
          .expect(204);
      }
    });
    const samples = async (label: string, n: number, call: () => Promise<unknown>) => {
      const durations: number[] = [];
      for (let i = 0; i < n; i += 1) durations.push((await time(call))[1]);
      durations.sort((a, b) => a - b);
      return { label, p50: durations[Math.floor(n / 2)]!, max: durations[n - 1]! };
    };
    const rows = [
      await samples(`GET /Groups/:id (${size} members)`, 5, () => idp.get(`/Groups/${groupId}`).expect(200)),
      await samples('GET /Groups/:id?excludedAttributes=members', 20, () =>
        idp.get(`/Groups/${groupId}?excludedAttributes=members`).expect(200),
      ),
      await samples('GET /Groups?filter=displayName eq (no members)', 20, () =>
        idp.get(`/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Everyone"')}`).expect(200),
      ),
      await samples('PATCH remove one member by filter', 10, async () => {
        const id = ids[Math.floor(Math.random() * size)]!;
        await idp
          .patch(`/Groups/${groupId}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${id}"]` }] })
          .expect(204);
        await idp
          .patch(`/Groups/${groupId}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }] })
          .expect(204);
      }),
    ];
    // The group's mapped role changes: every member's workflow re-resolves, in batches of 500.
    const [, convergeMs] = await time(async () => {
      await idp
        .patch(`/Groups/${groupId}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { displayName: 'knock-role-admin' } }] })
        .expect(204);
      for (;;) {
        const [row] = await env.db('members').where({ account_id: accountId, role: 'admin' }).count<{ count: string }[]>('* as count');
        if (Number(row?.count) === size) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    });
    process.stdout.write(`\nGroup of ${size} members (2 cores, real Temporal dev server + PostgreSQL 15)\n`);
    process.stdout.write(
      `  add all members in PATCHes of ${chunk}: ${(addMs / 1000).toFixed(1)} s (${Math.round(size / (addMs / 1000))} members/s)\n`,
    );
    process.stdout.write(
      `  rename to knock-role-admin until all ${size} members are admin: ${(convergeMs / 1000).toFixed(1)} s (${Math.round(size / (convergeMs / 1000))} members/s)\n`,
    );
    for (const row of rows)
      process.stdout.write(
        `  ${row.label.padEnd(50)} p50 ${row.p50.toFixed(1).padStart(7)} ms   max ${row.max.toFixed(1).padStart(7)} ms\n`,
      );
  } finally {
    await env.close();
    await infra.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
