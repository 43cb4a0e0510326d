import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { Knex } from 'knex';

const tracer = trace.getTracer('directory-sync-sql');

/** Statements are cut to this length: enough to recognise the query, bounded for a large IN list. */
const MAX_STATEMENT_LENGTH = 2000;

interface QueryEvent {
  __knexQueryUid?: string;
  sql?: string;
  method?: string;
}

/**
 * One client span per SQL statement, a child of whatever span is active when knex sends it (the
 * API's request span, or the activity's span inside the change transaction), from knex's own
 * query events. Only the statement with its placeholders is recorded, never the bound values
 * (they hold emails and names). Listening to knex rather than patching `pg` at require time works
 * the same under tsx, in jest and in a bundle, and costs nothing when not attached: it is
 * attached only when tracing is on.
 */
export function traceQueries(db: Knex): void {
  const open = new Map<string, Span>();
  db.on('query', (query: QueryEvent) => {
    if (!query.__knexQueryUid) return;
    const sql = query.sql ?? '';
    const operation = /^\s*([a-z]+)/i.exec(sql)?.[1]?.toUpperCase() ?? 'QUERY';
    open.set(
      query.__knexQueryUid,
      tracer.startSpan(operation, {
        kind: SpanKind.CLIENT,
        attributes: { 'db.system': 'postgresql', 'db.operation': operation, 'db.statement': sql.slice(0, MAX_STATEMENT_LENGTH) },
      }),
    );
  });
  const finish = (query: QueryEvent, error?: unknown) => {
    const span = query.__knexQueryUid ? open.get(query.__knexQueryUid) : undefined;
    if (!span) return;
    open.delete(query.__knexQueryUid!);
    // The error's code only: PostgreSQL's messages quote the values.
    if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: String((error as { code?: unknown }).code ?? 'error') });
    span.end();
  };
  db.on('query-response', (_response: unknown, query: QueryEvent) => finish(query));
  db.on('query-error', (error: unknown, query: QueryEvent) => finish(query, error));
}
