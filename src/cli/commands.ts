import type { AdminClient } from './admin-client';
import { startCodecProxy } from './codec-proxy';
import { record, table } from './table';

export interface CommandContext {
  api: AdminClient;
  json: boolean;
  /** Link to a workflow in the Temporal UI. */
  workflowUrl(workflowId: string): string;
  /** The Temporal UI's URL (TEMPORAL_UI_URL). */
  temporalUiUrl: string;
  out(text: string): void;
  /** Waits between polls (`events --follow`); tests pass their own. */
  sleep(ms: number): Promise<void>;
}

export class UsageError extends Error {}

interface EventLine {
  at: string;
  kind: string;
  summary: string;
  workflowId: string | null;
}

/** `events <account> [--follow] [--kind k] [--member e] [--after c]`: flags after the account, in any order. */
function parseEventArgs(args: string[]): { account: string; follow: boolean; filters: { kind?: string; member?: string; after?: string } } {
  const usage = 'usage: events <account> [--follow] [--kind <kind>] [--member <email>] [--after <cursor>]';
  const [account, ...rest] = args;
  if (!account || account.startsWith('--')) throw new UsageError(usage);
  const filters: { kind?: string; member?: string; after?: string } = {};
  let follow = false;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    if (flag === '--follow' || flag === '-f') follow = true;
    else if ((flag === '--kind' || flag === '--member' || flag === '--after') && rest[i + 1] !== undefined) {
      filters[flag.slice(2) as 'kind' | 'member' | 'after'] = rest[++i]!;
    } else throw new UsageError(usage);
  }
  return { account, follow, filters };
}

type Command = (ctx: CommandContext, args: string[]) => Promise<void>;

const print = (ctx: CommandContext, value: unknown, human: () => string) => ctx.out(ctx.json ? JSON.stringify(value, null, 2) : human());

const need = (args: string[], count: number, usage: string): string[] => {
  if (args.length < count) throw new UsageError(`usage: ${usage}`);
  return args;
};

export const COMMANDS: Record<string, { usage: string; run: Command }> = {
  'accounts create': {
    usage: 'accounts create <id> <name...>',
    run: async (ctx, args) => {
      const [id, ...name] = need(args, 2, 'accounts create <id> <name...>');
      const account = await ctx.api.call<Record<string, unknown>>('POST', '/accounts', { id, name: name.join(' ') });
      print(ctx, account, () => record(account));
    },
  },
  connect: {
    usage: 'connect <account> [provider]',
    run: async (ctx, args) => {
      const [account, provider] = need(args, 1, 'connect <account> [provider]');
      const result = await ctx.api.call<Record<string, string>>(
        'POST',
        `/accounts/${account}/directory/connect`,
        provider ? { provider } : {},
      );
      print(ctx, result, () =>
        [
          `Directory ${result.directoryId} is ${result.status}.`,
          `SCIM base URL: ${result.scimBaseUrl}`,
          `Bearer token (shown once, paste it into the IdP now): ${result.token}`,
          `Workflow: ${ctx.workflowUrl(result.workflowId!)}`,
        ].join('\n'),
      );
    },
  },
  'rotate-token': {
    usage: 'rotate-token <account>',
    run: async (ctx, args) => {
      const [account] = need(args, 1, 'rotate-token <account>');
      const result = await ctx.api.call<Record<string, string>>('POST', `/accounts/${account}/directory/rotate-token`);
      print(ctx, result, () =>
        [
          `New bearer token (shown once; the old one no longer works): ${result.token}`,
          `Workflow: ${ctx.workflowUrl(result.workflowId!)}`,
        ].join('\n'),
      );
    },
  },
  disconnect: {
    usage: 'disconnect <account>',
    run: async (ctx, args) => {
      const [account] = need(args, 1, 'disconnect <account>');
      const result = await ctx.api.call<{
        frozenAt: string;
        alreadyDisconnected: boolean;
        stopped: Record<string, number>;
        workflowId: string;
      }>('POST', `/accounts/${account}/directory/disconnect`);
      print(ctx, result, () =>
        [
          `${result.alreadyDisconnected ? 'Already disconnected' : 'Disconnected'}; frozen at ${result.frozenAt}.`,
          `Stopped workflows: ${result.stopped.users} users, ${result.stopped.groups} groups.`,
          `Workflow: ${ctx.workflowUrl(result.workflowId)}`,
        ].join('\n'),
      );
    },
  },
  status: {
    usage: 'status <account>',
    run: async (ctx, args) => {
      const [account] = need(args, 1, 'status <account>');
      const status = await ctx.api.call<Record<string, unknown>>('GET', `/accounts/${account}/directory`);
      print(ctx, status, () => record(status));
    },
  },
  'waiting-for-email': {
    usage: 'waiting-for-email <account> [limit] [offset]   (SCIM users kept without an email, oldest first; limit 1-500, default 100)',
    run: async (ctx, args) => {
      const [account, limit, offset] = need(args, 1, 'waiting-for-email <account> [limit] [offset]');
      const query = new URLSearchParams({ ...(limit ? { limit } : {}), ...(offset ? { offset } : {}) }).toString();
      const page = await ctx.api.call<{ total: number; offset: number; limit: number; users: Array<Record<string, unknown>> }>(
        'GET',
        `/accounts/${account}/directory/users-waiting-for-email${query ? `?${query}` : ''}`,
      );
      print(ctx, page, () => {
        const shown = page.users.length === 0 ? '' : ` (${page.offset + 1}-${page.offset + page.users.length} shown)`;
        const more =
          page.offset + page.users.length < page.total
            ? `\nMore: waiting-for-email ${account} ${page.limit} ${page.offset + page.limit}`
            : '';
        return `${table(page.users, ['id', 'userName', 'externalId', 'displayName', 'active', 'created'])}\n${page.total} user(s) waiting for an email${shown}.${more}`;
      });
    },
  },
  'mappings get': {
    usage: 'mappings get <account>',
    run: async (ctx, args) => {
      const [account] = need(args, 1, 'mappings get <account>');
      const mappings = await ctx.api.call<Array<Record<string, unknown>>>('GET', `/accounts/${account}/role-mappings`);
      print(ctx, mappings, () => table(mappings, ['group', 'role']));
    },
  },
  'mappings set': {
    usage: 'mappings set <account> [<group>=<role> ...]   (replaces all custom mappings)',
    run: async (ctx, args) => {
      const [account, ...pairs] = need(args, 1, 'mappings set <account> [<group>=<role> ...]');
      const mappings = pairs.map((pair) => {
        const at = pair.lastIndexOf('=');
        if (at <= 0) throw new UsageError(`'${pair}' is not <group>=<role>`);
        return { group: pair.slice(0, at), role: pair.slice(at + 1) };
      });
      const saved = await ctx.api.call<{ mappings: Array<Record<string, unknown>>; reResolving: number }>(
        'PUT',
        `/accounts/${account}/role-mappings`,
        mappings,
      );
      print(ctx, saved, () => `${table(saved.mappings, ['group', 'role'])}\nRe-resolving the role of ${saved.reResolving} member(s).`);
    },
  },
  members: {
    usage: 'members <account>',
    run: async (ctx, args) => {
      const [account] = need(args, 1, 'members <account>');
      const members = await ctx.api.call<Array<Record<string, unknown>>>('GET', `/accounts/${account}/members`);
      print(ctx, members, () => table(members, ['email', 'name', 'role', 'active', 'managedByDirectory', 'scimUserId']));
    },
  },
  events: {
    usage:
      'events <account> [--follow] [--kind <kind>] [--member <email>] [--after <cursor>]   (oldest first; --follow keeps polling every 2 s)',
    run: async (ctx, args) => {
      const { account, follow, filters } = parseEventArgs(args);
      let after = filters.after;
      for (;;) {
        const query = new URLSearchParams({ limit: '500', ...(after ? { after } : {}) });
        if (filters.kind) query.set('kind', filters.kind);
        if (filters.member) query.set('member', filters.member);
        const page = await ctx.api.call<{ events: EventLine[]; next: string; hasMore: boolean }>(
          'GET',
          `/accounts/${account}/events?${query.toString()}`,
        );
        for (const event of page.events) {
          ctx.out(
            ctx.json
              ? JSON.stringify(event)
              : `${event.at}  ${event.kind.padEnd(24)} ${event.summary}${event.workflowId ? `  [${event.workflowId}]` : ''}`,
          );
        }
        after = page.next;
        if (page.hasMore) continue;
        if (!follow) {
          if (!ctx.json) ctx.out(`(next: events ${account} --after ${page.next})`);
          return;
        }
        await ctx.sleep(2000);
      }
    },
  },
  'codec-proxy': {
    usage: 'codec-proxy [port]   (for the Temporal UI; runs until stopped)',
    run: async (ctx, args) => {
      const port = Number(args[0] ?? '8089');
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('usage: codec-proxy [port]');
      const proxy = await startCodecProxy({ api: ctx.api, port, temporalUiUrl: ctx.temporalUiUrl });
      ctx.out(`Codec endpoint for the Temporal UI at ${ctx.temporalUiUrl}: ${proxy.url}`);
      ctx.out('Set it in the UI (Data Encoder, or TEMPORAL_CODEC_ENDPOINT). Ctrl-C to stop.');
      await new Promise<void>((resolve) => proxy.server.once('close', resolve));
    },
  },
  invite: {
    usage: 'invite <account> <email> <role>',
    run: async (ctx, args) => {
      const [account, email, role] = need(args, 3, 'invite <account> <email> <role>');
      const member = await ctx.api.call<Record<string, unknown>>('POST', `/accounts/${account}/invites`, { email, role });
      print(ctx, member, () => record(member));
    },
  },
};

/** Finds the command named by the first one or two words. */
export function findCommand(words: string[]): { run: Command; args: string[] } | undefined {
  const two = COMMANDS[words.slice(0, 2).join(' ')];
  if (two) return { run: two.run, args: words.slice(2) };
  const one = COMMANDS[words[0] ?? ''];
  return one ? { run: one.run, args: words.slice(1) } : undefined;
}
