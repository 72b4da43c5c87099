import { Pool, type PoolConfig } from 'pg';
import { createLogger } from '@orquesta/context';

const log = createLogger('postgres');

export interface PoolOptions extends Omit<PoolConfig, 'application_name'> {
  /** Shown in pg_stat_activity, and in the log line when one of its connections drops. */
  readonly applicationName: string;
}

/**
 * A pg Pool that survives its connections dropping (pg_terminate_backend, a PostgreSQL
 * restart, a network cut). pg-pool emits 'error' for an idle client whose connection died;
 * without a listener that event ends the process. The pool has already discarded the client,
 * so the next checkout opens a fresh connection: logging is all there is to do. Queries in
 * flight on the dead connection reject, and reach clients as a retryable SERVICE_UNAVAILABLE.
 */
export function createPool(options: PoolOptions): Pool {
  const { applicationName, ...config } = options;
  const pool = new Pool({ connectionTimeoutMillis: 5_000, ...config, application_name: applicationName });
  pool.on('error', (error) => log.warn('idle PostgreSQL connection dropped; it will be replaced', { pool: applicationName, error: error.message }));
  // A checked-out client has no pool listener: its own 'error' (emitted besides rejecting the
  // query in flight) must not end the process either. Released with the error, pg-pool drops it.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
