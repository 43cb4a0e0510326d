import type { Knex } from 'knex';
import type { ListQuery } from '../scim/list-query';
import { filterToSql, sortExpression, type AttributeResolver } from './filter-sql/to-sql';
import { cancelledAsTooMany } from './read-timeout';

export interface ListResult<Row> {
  totalResults: number;
  rows: Row[];
}

/** The window column that carries the filter's total on every row of the page. */
const TOTAL = '__total_results';

/**
 * Runs a SCIM list query on the database (`base` selects the columns): the filter as a parameterised WHERE, the sort with
 * (created_at, id) as tie-breakers so paging never skips or repeats a row, and the page as
 * OFFSET/LIMIT. The total rides on the page's rows (`count(*) over ()`), so a lookup is one
 * statement; a separate count runs only when the page is empty past the first row (`count=0`, or
 * `startIndex` beyond the end). On the API's pool PostgreSQL cancels a statement that runs past
 * SCIM_READ_TIMEOUT_MS (the filter and sort come from the client, so their cost does too).
 */
export async function runListQuery<Row extends object>(
  db: Knex,
  base: (reader: Knex) => Knex.QueryBuilder<Row>,
  query: Pick<ListQuery, 'filter' | 'sort' | 'page'>,
  resolve: AttributeResolver,
): Promise<ListResult<Row>> {
  return cancelledAsTooMany(() => runList(db, () => base(db), query, resolve));
}

async function runList<Row extends object>(
  db: Knex,
  base: () => Knex.QueryBuilder<Row>,
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
  const count = async () => {
    const row = (await filtered().clearSelect().count({ count: '*' }).first()) as { count: number | string } | undefined;
    return Number(row?.count ?? 0);
  };
  if (query.page.count === 0) return { totalResults: await count(), rows: [] };

  const builder = filtered().select(db.raw(`count(*) over () as ${TOTAL}`));
  if (query.sort) {
    const { sql } = sortExpression(query.sort.path, resolve);
    builder.orderByRaw(`${sql} ${query.sort.descending ? 'desc nulls first' : 'asc nulls last'}`);
  }
  const page = (await builder
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .offset(query.page.startIndex - 1)
    .limit(query.page.count)) as Array<Row & { [TOTAL]?: number | string }>;
  if (page.length === 0) return { totalResults: query.page.startIndex === 1 ? 0 : await count(), rows: [] };
  const totalResults = Number(page[0]![TOTAL]);
  return {
    totalResults,
    rows: page.map((withTotal) => {
      const row = { ...withTotal };
      delete row[TOTAL];
      return row;
    }),
  };
}
