import 'reflect-metadata';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { batchingStream } from './batching-socket';
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
    applicationName: options.applicationName ?? `orquesta-${options.schema}`,
    extra: {
      // Bound every statement; a stuck query must not hold a pool slot forever.
      statement_timeout: 15_000,
      idle_in_transaction_session_timeout: 30_000,
      connectionTimeoutMillis: 5_000,
      stream: batchingStream,
    },
  });
}

export function statementCounter(dataSource: DataSource): CountingLogger {
  const logger = dataSource.logger;
  if (!(logger instanceof CountingLogger)) throw new Error('data source was not created by createSubgraphDataSource');
  return logger;
}
