import type { Knex } from 'knex';
import type { ListQuery } from '../scim/list-query';
import { filterToSql, sortExpression, type AttributeResolver } from './filter-sql/to-sql';
import { withReadTimeout } from './read-timeout';

export interface ListResult<Row> {
  totalResults: number;
  rows: Row[];
}

/**
 * Runs a SCIM list query on the database: the filter as a parameterised WHERE, the sort with
 * (created_at, id) as tie-breakers so paging never skips or repeats a row, and the page as
 * OFFSET/LIMIT. Counting never loads rows; `count=0` loads none. Both queries run under
 * `timeoutMs` (the filter and sort come from the client, so their cost does too).
 */
export async function runListQuery<Row extends object>(
  db: Knex,
  base: (reader: Knex) => Knex.QueryBuilder<Row, Row[]>,
  query: Pick<ListQuery, 'filter' | 'sort' | 'page'>,
  resolve: AttributeResolver,
  timeoutMs: number,
): Promise<ListResult<Row>> {
  return withReadTimeout(db, timeoutMs, (reader) => runList(() => base(reader), query, resolve));
}

async function runList<Row extends object>(
  base: () => Knex.QueryBuilder<Row, Row[]>,
  query: Pick<ListQuery, 'filter' | 'sort' | 'page'>,
  resolve: AttributeResolver,
): Promise<ListResult<Row>> {
  const filtered = () => {
    const builder = base();
    if (query.filter) {
      const { sql, bindings } = filterToSql(query.filter, resolve);
      builder.whereRaw(sql, bindings);
    }
    return builder;
  };
  const countRow = (await filtered().clearSelect().count({ count: '*' }).first()) as { count: number | string } | undefined;
  const totalResults = Number(countRow?.count ?? 0);
  if (query.page.count === 0 || totalResults < query.page.startIndex) return { totalResults, rows: [] };

  const builder = filtered();
  if (query.sort) {
    const { sql } = sortExpression(query.sort.path, resolve);
    builder.orderByRaw(`${sql} ${query.sort.descending ? 'desc nulls first' : 'asc nulls last'}`);
  }
  const rows = (await builder
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .offset(query.page.startIndex - 1)
    .limit(query.page.count)) as Row[];
  return { totalResults, rows };
}
