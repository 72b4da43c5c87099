import { Client, Pool, type ClientConfig, type PoolConfig } from 'pg';
import { createLogger } from '@orquesta/context';

const log = createLogger('postgres');

/**
 * A pg Client that always has an 'error' listener. pg emits 'error' on a client whose
 * connection dies while no query is running on it, and pg-pool only listens while the client
 * sits idle in the pool: one checked out between statements, or being removed and ended when
 * the server's "terminating connection" message arrives, would otherwise raise an unhandled
 * 'error' event and end the process. Queries in flight still reject, so callers see the failure.
 */
export class ResilientClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

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
  const pool = new Pool({ connectionTimeoutMillis: 10_000, ...config, application_name: applicationName, Client: ResilientClient });
  pool.on('error', (error) => log.warn('idle PostgreSQL connection dropped; it will be replaced', { pool: applicationName, error: error.message }));
  return pool;
}
