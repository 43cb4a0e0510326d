import { RequestStats, runPool } from './request-stats';

/**
 * An IdP driving the service over HTTP the way Okta does: look up before create, create, push
 * groups then their memberships in chunks, then steady profile/active/membership traffic. It
 * retries what an IdP retries (5xx, 429, timeouts, refused connections, honouring Retry-After),
 * serialises the operations on one user or group, and keeps a model of everything it was told
 * succeeded, which `verify` compares with the database.
 */
export interface ModelUser {
  email: string;
  id?: string;
  active: boolean;
  title: string;
  groups: Set<string>;
}

export interface ModelGroup {
  name: string;
  id?: string;
  members: Set<string>;
}

export interface SimulatorOptions {
  scimBaseUrl: string;
  /**
   * More SCIM base URLs of the same service (several API processes behind no load balancer): each
   * request goes to the next one in turn, and a retry goes to another one, so a dead API process
   * costs a retry, as behind a load balancer.
   */
  moreScimBaseUrls?: string[];
  token: string;
  concurrency: number;
  timeoutMs?: number;
  random?: () => number;
}

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export class IdpSimulator {
  readonly stats = new RequestStats();
  readonly users = new Map<string, ModelUser>();
  readonly groups = new Map<string, ModelGroup>();
  /** When the last request got its answer (convergence is measured from here). */
  lastResponseAt = 0;
  /** Logical operations finished (succeeded or given up), across phases: where chaos places its faults. */
  operationsDone = 0;
  private readonly busy = new Set<string>();
  private readonly random: () => number;
  private readonly baseUrls: string[];
  private nextBase = 0;

  constructor(private readonly options: SimulatorOptions) {
    this.random = options.random ?? Math.random;
    this.baseUrls = [options.scimBaseUrl, ...(options.moreScimBaseUrls ?? [])];
  }

  async createUsers(emails: string[]): Promise<void> {
    await runPool(emails, this.options.concurrency, async (email) => {
      const user: ModelUser = { email, active: true, title: 'New hire', groups: new Set() };
      const found = await this.findUser(email);
      user.id = found === undefined ? undefined : (found ?? (await this.postUser(user)));
      // Only what the IdP was told succeeded enters the model.
      if (user.id !== undefined) this.users.set(email, user);
      this.operationsDone += 1;
    });
  }

  async pushGroups(assignments: Map<string, string[]>, chunkSize = 100): Promise<void> {
    await runPool([...assignments.keys()], this.options.concurrency, async (name) => {
      const group: ModelGroup = { name, members: new Set() };
      const found = await this.findGroup(name);
      group.id = found === undefined ? undefined : (found ?? (await this.postGroup(name)));
      if (group.id !== undefined) this.groups.set(name, group);
      this.operationsDone += 1;
    });
    const chunks: Array<{ group: ModelGroup; emails: string[] }> = [];
    for (const [name, emails] of assignments) {
      const group = this.groups.get(name);
      // A group or user the IdP could not create is not pushed (its failure is already counted).
      const known = emails.filter((email) => this.users.has(email));
      if (group) for (let i = 0; i < known.length; i += chunkSize) chunks.push({ group, emails: known.slice(i, i + chunkSize) });
    }
    await runPool(chunks, this.options.concurrency, async ({ group, emails }) => {
      await this.exclusive(`group:${group.name}`, async () => {
        const value = emails.map((email) => ({ value: this.users.get(email)!.id, display: email }));
        const pushed = await this.send(
          'group-patch',
          'PATCH',
          `/Groups/${group.id}`,
          { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value }] },
          [204],
        );
        if (pushed) {
          for (const email of emails) {
            group.members.add(email);
            this.users.get(email)!.groups.add(group.name);
          }
        }
      });
      this.operationsDone += 1;
    });
  }

  /** Mixed steady traffic: PUT, PATCH title, deactivate/reactivate, membership add/remove. */
  async steady(operations: number): Promise<void> {
    const emails = [...this.users.keys()];
    const groupNames = [...this.groups.keys()];
    const pick = <T>(items: readonly T[]) => items[Math.floor(this.random() * items.length)]!;
    const plan = Array.from({ length: operations }, (_, i) => ({
      i,
      kind: pick(['put', 'patch', 'patch', 'active', 'membership', 'membership'] as const),
      email: pick(emails),
      group: pick(groupNames),
    }));
    await runPool(plan, this.options.concurrency, async (op) => {
      await this.steadyOperation(op);
      this.operationsDone += 1;
    });
  }

  private async steadyOperation(op: {
    i: number;
    kind: 'put' | 'patch' | 'active' | 'membership';
    email: string;
    group: string;
  }): Promise<void> {
    const user = this.users.get(op.email)!;
    if (op.kind === 'membership') {
      await this.exclusive(`group:${op.group}`, async () => {
        const group = this.groups.get(op.group)!;
        const remove = group.members.has(user.email);
        const operation = remove
          ? { op: 'remove', path: `members[value eq "${user.id}"]` }
          : { op: 'add', path: 'members', value: [{ value: user.id }] };
        if (!(await this.send('group-patch', 'PATCH', `/Groups/${group.id}`, { schemas: [PATCH_OP], Operations: [operation] }, [204])))
          return;
        if (remove) {
          group.members.delete(user.email);
          user.groups.delete(group.name);
        } else {
          group.members.add(user.email);
          user.groups.add(group.name);
        }
      });
      return;
    }
    await this.exclusive(`user:${user.email}`, async () => {
      if (op.kind === 'put') {
        const current = await this.send('get', 'GET', `/Users/${user.id}`, undefined, [200]);
        const title = `Title ${op.i}`;
        if (current && (await this.send('put', 'PUT', `/Users/${user.id}`, { ...(current.body as object), title }, [200])))
          user.title = title;
      } else if (op.kind === 'patch') {
        await this.patchTitle(user, `Patched ${op.i}`);
      } else {
        await this.setActive(user, !user.active);
      }
    });
  }

  /**
   * Day-to-day changes to existing users: a title PATCH or a deactivation/reactivation of a random
   * user, up to `count` of them, at most `concurrency` at a time and `perSecond` started per second
   * (an open loop, as an IdP's day-to-day traffic; 0: as fast as answers come), stopping early once
   * `stop()` says so. Returns each change's latency as the IdP saw it, retries (429, 5xx) included.
   */
  async ordinaryChanges(count: number, options: { concurrency: number; perSecond?: number; stop?: () => boolean }): Promise<number[]> {
    const emails = [...this.users.keys()];
    const plan = Array.from({ length: count }, (_, i) => ({ i, email: emails[Math.floor(this.random() * emails.length)]! }));
    const latencies: number[] = [];
    const spacingMs = options.perSecond ? 1000 / options.perSecond : 0;
    const first = performance.now();
    let started = 0;
    await runPool(plan, options.concurrency, async ({ i, email }) => {
      const due = first + started++ * spacingMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (options.stop?.()) return;
      const user = this.users.get(email)!;
      const begun = performance.now();
      await this.exclusive(`user:${email}`, () =>
        i % 3 === 2 ? this.setActive(user, !user.active) : this.patchTitle(user, `Changed ${i}`),
      );
      latencies.push(performance.now() - begun);
    });
    return latencies;
  }

  /** Lookups of users the IdP already created (`userName eq`, as before every Okta push). */
  async lookupUsers(emails: string[]): Promise<void> {
    await runPool(emails, this.options.concurrency, async (email) => {
      const found = await this.findUser(email);
      // undefined: the lookup itself was given up on (recorded as such), not a wrong answer.
      if (found !== undefined && found !== this.users.get(email)?.id) throw new Error(`lookup of ${email} found ${found ?? 'nobody'}`);
    });
  }

  /** One title PATCH per user (`request type: patch`). */
  async patchTitles(emails: string[], title: string): Promise<void> {
    await runPool(emails, this.options.concurrency, (email) =>
      this.exclusive(`user:${email}`, () => this.patchTitle(this.users.get(email)!, title)),
    );
  }

  /** One `active: false` PATCH per user (`request type: deactivate`), as an unassignment in Okta sends. */
  async deactivateUsers(emails: string[]): Promise<void> {
    await runPool(emails, this.options.concurrency, (email) =>
      this.exclusive(`user:${email}`, () => this.setActive(this.users.get(email)!, false)),
    );
  }

  private async patchTitle(user: ModelUser, title: string): Promise<void> {
    if (
      await this.send(
        'patch',
        'PATCH',
        `/Users/${user.id}`,
        { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: title }] },
        [200],
      )
    )
      user.title = title;
  }

  private async setActive(user: ModelUser, active: boolean): Promise<void> {
    if (
      await this.send(
        active ? 'reactivate' : 'deactivate',
        'PATCH',
        `/Users/${user.id}`,
        { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active } }] },
        [200],
      )
    )
      user.active = active;
  }

  /** The user's id, null when there is none, undefined when the lookup itself failed. */
  private async findUser(email: string): Promise<string | null | undefined> {
    const found = await this.send(
      'lookup',
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}&startIndex=1&count=100`,
      undefined,
      [200],
    );
    return found && ((found.body as { Resources: Array<{ id: string }> }).Resources[0]?.id ?? null);
  }

  private async postUser(user: ModelUser): Promise<string | undefined> {
    const [given, family] = user.email.split('@')[0]!.split('.');
    const response = await this.send(
      'create',
      'POST',
      '/Users',
      {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: user.email,
        name: { givenName: given, familyName: family ?? 'x' },
        emails: [{ primary: true, value: user.email, type: 'work' }],
        title: user.title,
        active: true,
        password: 'never-kept',
      },
      [201, 409],
    );
    if (!response) return undefined;
    // 409: an earlier attempt was applied although its answer was lost; Okta looks it up.
    if (response.status === 409) return (await this.findUser(user.email)) ?? undefined;
    return (response.body as { id: string }).id;
  }

  /** The group's id, null when there is none, undefined when the lookup itself failed. */
  private async findGroup(name: string): Promise<string | null | undefined> {
    const found = await this.send(
      'lookup',
      'GET',
      `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "${name}"`)}`,
      undefined,
      [200],
    );
    return found && ((found.body as { Resources: Array<{ id: string }> }).Resources[0]?.id ?? null);
  }

  private async postGroup(name: string): Promise<string | undefined> {
    const response = await this.send(
      'group-create',
      'POST',
      '/Groups',
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: name, members: [] },
      [201, 409],
    );
    if (!response) return undefined;
    if (response.status === 409) return (await this.findGroup(name)) ?? undefined;
    return (response.body as { id: string }).id;
  }

  private async exclusive(key: string, work: () => Promise<void>): Promise<void> {
    while (this.busy.has(key)) await new Promise((resolve) => setTimeout(resolve, 5));
    this.busy.add(key);
    try {
      await work();
    } finally {
      this.busy.delete(key);
    }
  }

  /**
   * One logical request, retried like an IdP retries. An answer it does not expect (and would not
   * retry) is recorded as a non-retryable error and gives undefined: the caller leaves its model
   * unchanged and the run goes on, so the verdict counts the error instead of the run aborting.
   */
  private async send(
    type: string,
    method: string,
    path: string,
    body: unknown,
    expected: number[],
  ): Promise<{ status: number; body: unknown } | undefined> {
    const first = this.nextBase++;
    for (let attempt = 1; attempt <= 200; attempt += 1) {
      const started = performance.now();
      const baseUrl = this.baseUrls[(first + attempt - 1) % this.baseUrls.length]!;
      let response: Response;
      try {
        response = await fetch(`${baseUrl}${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${this.options.token}`,
            ...(body === undefined ? {} : { 'Content-Type': 'application/scim+json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
      } catch {
        this.stats.record(type, 'network', performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * attempt)));
        continue;
      }
      const text = await response.text();
      this.stats.record(type, response.status, performance.now() - started);
      this.lastResponseAt = Date.now();
      if (response.status >= 500 || response.status === 429) {
        const retryAfter = Number(response.headers.get('retry-after') ?? '1');
        // Honour Retry-After, capped at 2 s so a run does not stall behind one long outage.
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, Math.max(100, retryAfter * 1000))));
        continue;
      }
      if (!expected.includes(response.status)) {
        this.stats.recordGiveUp(type, response.status);
        return undefined;
      }
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    }
    this.stats.recordGiveUp(type, 'retries exhausted');
    return undefined;
  }
}
