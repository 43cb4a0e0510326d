import { z } from 'zod';
import type { Database } from '../../db/database';
import type { AuditRow } from '../../db/rows';
import { EVENT_KINDS, type EventKind } from '../../domain/audit-events';
import { decodeCursor, encodeCursor, FEED_START } from '../../domain/feed-cursor';
import { findChanges, readFeed, type FeedSubjectFilter } from '../../stores/audit-log';
import { findMemberByEmail } from '../../stores/members';
import { rowToEvent, type EventView } from './event-view';

export const eventsQuerySchema = z.object({
  after: z.string().max(80).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  member: z.string().trim().max(320).optional(),
  kind: z.enum(EVENT_KINDS).optional(),
});
export type EventsQuery = z.infer<typeof eventsQuerySchema>;

export interface EventsPage {
  events: EventView[];
  /** Where to continue; the same value back when nothing new was found (poll it to follow). */
  next: string;
  /** More rows are readable right now (fetch `next` at once). */
  hasMore: boolean;
}

/** The rows a kind filter can match at all; the exact kinds are checked on each row after. */
function subjectsOf(kind: EventKind): FeedSubjectFilter {
  if (kind === 'change.failed') return { failedOnly: true };
  if (kind === 'role.changed') return { subjectTypes: ['user', 'member'] };
  if (kind === 'mappings.changed') return { subjectTypes: ['account'] };
  if (kind.startsWith('user.')) return { subjectTypes: ['user'], excludeActions: ['resolve-role'] };
  if (kind.startsWith('group.') || kind === 'membership.changed') return { subjectTypes: ['group'] };
  if (kind.startsWith('member.')) return { subjectTypes: ['member'] };
  return { subjectTypes: ['directory'] };
}

/**
 * One page of an account's events, oldest first. `limit` bounds the rows read; with a kind filter
 * a page may hold fewer events than that (the rest of the rows read were other kinds), and `next`
 * still moves past every row read. A member filter names the member by email.
 */
export async function readEvents(db: Database, accountId: string, query: EventsQuery): Promise<EventsPage> {
  const after = query.after ? decodeCursor(query.after) : FEED_START;
  let memberId: string | undefined;
  if (query.member) {
    const member = await findMemberByEmail(db, accountId, query.member);
    // No such member: no events, and the cursor stays where it was.
    if (!member) return { events: [], next: query.after ?? encodeCursor(after), hasMore: false };
    memberId = member.id;
  }
  const rows = await readFeed(db, {
    accountId,
    after,
    limit: query.limit + 1,
    ...(memberId ? { memberId } : {}),
    ...(query.kind ? { subjects: subjectsOf(query.kind) } : {}),
  });
  const hasMore = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const causeIds = [...new Set(page.map((row) => (row.details.cause as { changeId?: unknown } | undefined)?.changeId))].filter(
    (id): id is string => typeof id === 'string',
  );
  const causes = new Map<string, AuditRow>((await findChanges(db, causeIds)).map((row) => [row.change_id, row]));
  const events = page
    .map((row) => rowToEvent(row, causes))
    .filter((event): event is EventView => event !== undefined && (!query.kind || event.kinds.includes(query.kind)));
  const last = page.at(-1);
  return { events, next: last ? encodeCursor({ tx: last.feed_tx, id: String(last.id) }) : (query.after ?? encodeCursor(after)), hasMore };
}
