import 'reflect-metadata';

export { uuidv7 } from './ids';
export { APP_ROLE, SYSTEM_ROLE, databaseUrls, databaseName, type DatabaseUrls } from './database-urls';
export { createSubgraphDataSource, statementCounter, type SubgraphDataSourceOptions } from './data-source';
export { CountingLogger } from './query-counter';
export { withTenant, lockEntities, queryPrepared, tenantRlsStatements, auditTriggerStatements, auditTriggersMigration, type TenantPrelude, type TenantScope } from './tenant-transaction';
export { ensureDatabase, migrateSchema, assertReachable } from './database-setup';
export { loadChildPages, type PagedChildrenQuery } from './paged-children';
export { batchingStream } from './batching-socket';
export { readForTenant, sqlLiteral, inlineParameters, entityColumns, scopeStatement, REGISTER_EVENT_WRITER } from './tenant-read';
export { SqlWhere, readNewestFirst, type NewestFirstPage } from './sql-where';
export { createPool, ResilientClient, type PoolOptions } from './pg-pool';
