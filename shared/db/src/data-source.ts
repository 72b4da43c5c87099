import 'reflect-metadata';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { createLogger } from '@orquesta/context';
import { batchingStream } from './batching-socket';
import { ResilientClient } from './pg-pool';
import { CountingLogger } from './query-counter';

export interface SubgraphDataSourceOptions {
  /** The PostgreSQL schema the subgraph owns, such as "accounts". */
  readonly schema: string;
  readonly url: string;
  // eslint-disable-next-line @typescript-eslint/ban-types
  readonly entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/ban-types
  readonly migrations?: MixedList<Function | string>;
  readonly poolSize?: number;
  readonly applicationName?: string;
}

const log = createLogger('postgres');

/** One TypeORM data source per subgraph: its own schema, its own migrations, never synchronize. */
export function createSubgraphDataSource(options: SubgraphDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations ?? [],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logger: new CountingLogger(),
    logging: true,
    poolSize: options.poolSize ?? 6,
    // An idle connection that dropped: the pool already discarded it and opens a new one on demand.
    poolErrorHandler: (error: Error) => log.warn('idle PostgreSQL connection dropped; it will be replaced', { pool: options.applicationName ?? options.schema, error: error.message }),
    applicationName: options.applicationName ?? `orquesta-${options.schema}`,
    extra: {
      // Bound every statement; a stuck query must not hold a pool slot forever.
      statement_timeout: 15_000,
      idle_in_transaction_session_timeout: 30_000,
      connectionTimeoutMillis: 5_000,
      stream: batchingStream,
      Client: ResilientClient,
    },
  });
}

export function statementCounter(dataSource: DataSource): CountingLogger {
  const logger = dataSource.logger;
  if (!(logger instanceof CountingLogger)) throw new Error('data source was not created by createSubgraphDataSource');
  return logger;
}
