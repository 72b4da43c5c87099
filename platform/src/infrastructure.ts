import type { Pool } from 'pg';
import { Redis } from 'ioredis';
import { assertReachable, createPool, databaseName, databaseUrls, ensureDatabase, migrateSchema, type DatabaseUrls } from '@orquesta/db';
import { createLogger } from '@orquesta/context';
import { createSubgraphDataSource } from '@orquesta/db';
import { eventsMigrations, EVENTS_SCHEMA, latestEventPosition, readEvents } from '@orquesta/events';
import { createAccountsDataSource, seedDemoBalances, seedDemoTenant } from '@orquesta/accounts';
import { ledgerMigrations, LEDGER_SCHEMA } from '@orquesta/ledger';
import { seedDemoAgents } from '@orquesta/agents';
import { SUBGRAPHS } from './subgraph-registry';
import type { EventSource } from '@orquesta/gateway';

/** Stops with a message a person can act on when Redis is not there. */
export async function assertRedisReachable(redisUrl: string): Promise<void> {
  const probe = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 3_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Redis is not reachable at ${redisUrl.replace(/\/\/[^@]*@/, '//')} (${reason}).\n` +
        'Start it, for example: redis-server --daemonize yes --port 6379\nor set REDIS_URL to a running server.',
    );
  } finally {
    probe.disconnect();
  }
}

const log = createLogger('redis');

export function redisConnection(redisUrl: string, name: string): Redis {
  // BullMQ and subscribers need commands to wait across reconnects rather than fail fast.
  const redis = new Redis(redisUrl, { connectionName: `orquesta-${name}-${process.pid}`, maxRetriesPerRequest: null, enableReadyCheck: true });
  // ioredis reconnects by itself and repeats the error on every attempt: say it once per outage.
  let reported = false;
  redis.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    log.warn('Redis connection lost; reconnecting', { connection: name, error: error.message });
  });
  redis.on('ready', () => {
    if (reported) log.info('Redis connection back', { connection: name });
    reported = false;
  });
  return redis;
}

export interface PreparedDatabase {
  readonly urls: DatabaseUrls;
  readonly demo?: { readonly tenantId: string; readonly newApiKey?: string; readonly newOwnerPassword?: string };
}

/**
 * Creates the database and roles if missing, runs every schema's migrations (the outbox first),
 * and seeds the demo tenant. Safe to run from several processes at once.
 */
export async function prepareDatabase(databaseUrl: string, options: { seedDemo: boolean; demoApiKey?: string; demoPassword?: string }): Promise<PreparedDatabase> {
  const urls = databaseUrls(databaseUrl);
  await assertReachable(urls.admin);
  await ensureDatabase(urls);
  const schemas = [
    { schema: EVENTS_SCHEMA, migrations: eventsMigrations },
    { schema: LEDGER_SCHEMA, migrations: ledgerMigrations },
    ...SUBGRAPHS.map((module) => ({ schema: module.schema, migrations: module.createDataSource(urls.admin).options.migrations })),
  ];
  for (const { schema, migrations } of schemas) {
    const admin = createSubgraphDataSource({ schema, url: urls.admin, entities: [], migrations: migrations as never, poolSize: 1 });
    try {
      await migrateSchema(admin, schema);
    } finally {
      if (admin.isInitialized) await admin.destroy();
    }
  }
  if (!options.seedDemo) return { urls };
  const pool = createPool({ connectionString: urls.system, max: 2, applicationName: 'orquesta-setup' });
  try {
    const demo = await seedDemoTenant(pool, databaseName(databaseUrl), options.demoApiKey, options.demoPassword);
    await seedDemoAgents(pool, demo.tenantId, demo.accountIds);
    const accounts = createAccountsDataSource(urls.app, 1);
    await accounts.initialize();
    try {
      await seedDemoBalances(accounts, demo.tenantId, demo.accountIds);
    } finally {
      await accounts.destroy();
    }
    return { urls, demo };
  } finally {
    await pool.end();
  }
}

/** Outbox reads for subscriptions, under row-level security as the app role. */
export function createEventSource(appPool: Pool): EventSource {
  return {
    read: (scope, filter) => readEvents(appPool, scope, filter),
    latest: (scope) => latestEventPosition(appPool, scope),
  };
}
