import { escapeLiteral, type Pool, type QueryResult } from 'pg';
import { DataSource } from 'typeorm';
import type { TenantScope } from './tenant-transaction';

/** Renders one trusted-shape value as an SQL literal; anything else is a programming error. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error('only safe integers are inlined');
    return String(value);
  }
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new Error('a NUL byte cannot be inlined');
    return escapeLiteral(value);
  }
  if (value instanceof Date) return escapeLiteral(value.toISOString());
  if (Array.isArray(value)) return `ARRAY[${value.map(sqlLiteral).join(', ')}]`;
  throw new Error(`cannot inline a ${typeof value}`);
}

/** Replaces $1…$n in trusted SQL text with the literals of `params`. */
export function inlineParameters(sql: string, params: readonly unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_match, index: string) => {
    const position = Number(index) - 1;
    if (position < 0 || position >= params.length) throw new Error(`no parameter $${index}`);
    return sqlLiteral(params[position]);
  });
}

/**
 * Registers the transaction as one that may write events, before it has a transaction id (the
 * events library's migration creates the function; its trigger refuses unregistered writers).
 * The relay waits only for registered transactions, so it must run before the first write.
 */
export const REGISTER_EVENT_WRITER = 'events.register_writer()';

/**
 * The statement that scopes a transaction to a tenant (row-level security reads these settings);
 * with `writer`, it also registers the transaction as a possible writer of events.
 */
export function scopeStatement(scope: TenantScope, options: { writer?: boolean } = {}): string {
  const actor = scope.actor
    ? `, set_config('app.actor_type', ${sqlLiteral(scope.actor.type)}, true)` +
      `, set_config('app.actor_id', ${sqlLiteral(scope.actor.id)}, true)` +
      `, set_config('app.actor_name', ${sqlLiteral(scope.actor.name ?? '')}, true)` +
      `, set_config('app.request_id', ${sqlLiteral(scope.requestId ?? '')}, true)`
    : '';
  return (
    `SELECT set_config('app.tenant_id', ${sqlLiteral(scope.tenantId)}, true), ` +
    `set_config('app.livemode', ${sqlLiteral(scope.livemode ? 'true' : 'false')}, true)` +
    actor +
    (options.writer ? `, ${REGISTER_EVENT_WRITER}` : '')
  );
}

/**
 * A read for one tenant in a single round trip. The scope and the query travel as one
 * simple-protocol message, which PostgreSQL runs as one implicit transaction: the
 * transaction-local `app.tenant_id` / `app.livemode` apply to the query (row-level security)
 * and vanish when the message ends, so nothing leaks through the pool. Parameters are
 * inlined as escaped literals (`pg.escapeLiteral`), which is why this takes only values of
 * the shapes `sqlLiteral` knows.
 *
 * Four round trips (BEGIN, set_config, SELECT, COMMIT) were most of the gateway's socket time.
 */
export async function readForTenant<Row>(
  source: DataSource | Pool,
  scope: TenantScope,
  sql: string,
  params: readonly unknown[] = [],
): Promise<Row[]> {
  // A TypeORM data source reads through its own pg pool and counts the statement (N+1 tests).
  const dataSource = source instanceof DataSource ? source : undefined;
  const pool = dataSource ? (dataSource.driver as unknown as { master: Pool }).master : (source as Pool);
  const query = inlineParameters(sql, params);
  const text = `${scopeStatement(scope)};\n${query}`;
  // Counted as the one statement it is for the caller (the scope rides along).
  dataSource?.logger.logQuery(query);
  const results = (await pool.query(text)) as unknown as QueryResult[];
  // The query may be several statements (a horizon, then the read): its rows are the last one's.
  return results[results.length - 1].rows as Row[];
}

const selectLists = new WeakMap<object, string>();

/**
 * `column AS "property"` for every column of an entity, so raw rows come back entity-shaped
 * without TypeORM's hydration on hot read paths.
 */
// eslint-disable-next-line @typescript-eslint/ban-types
export function entityColumns(dataSource: DataSource, entity: Function): string {
  let list = selectLists.get(entity);
  if (!list) {
    list = dataSource
      .getMetadata(entity)
      .columns.map((column) => `${column.databaseName} AS "${column.propertyName}"`)
      .join(', ');
    selectLists.set(entity, list);
  }
  return list;
}
