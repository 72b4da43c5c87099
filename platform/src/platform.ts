import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { createCredentialAuthenticator, jwtSecret } from '@orquesta/accounts';
import { agentDirectory } from '@orquesta/agents';
import { loadConfig, type OrquestaConfig } from '@orquesta/context';
import { batchingStream, createPool, type DatabaseUrls } from '@orquesta/db';
import type { GraphQLDataSource } from '@apollo/gateway';
import { credentialsChannel, type Relay } from '@orquesta/events';
import { createSubgraph, type Subgraph } from '@orquesta/graphql';
import { createPayoutQueue, exportStorageConfig, exportUrlOptions } from '@orquesta/payments';
import { createExportDownloadHandler } from './export-downloads';
import { railCallbackSecret } from '@orquesta/treasury';
import { createRailCallbackHandler } from './rail-callbacks';
import { REPO_ROOT } from './compose';
import { createAuthenticator, createGatewayServer, EventHub, InProcessDataSource, SUPERGRAPH_PATH, type GatewayServer } from '@orquesta/gateway';
import { assertRedisReachable, createEventSource, prepareDatabase, redisConnection, type PreparedDatabase } from './infrastructure';
import { SUBGRAPHS, type SubgraphName } from './subgraph-registry';
import { startWorkers, type WorkerTestHooks } from './workers';
import type { WebhookDelivery } from './webhook-delivery';

export interface PlatformOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly port?: number;
  readonly host?: string;
  readonly seedDemo?: boolean;
  /** Pool size per subgraph data source. */
  readonly poolSize?: number;
  readonly webDist?: string;
  readonly socketRecheckMs?: number;
  /** Test harnesses only: hooks into the workers (crash injection). */
  readonly testHooks?: WorkerTestHooks;
}

export interface Platform {
  readonly url: string;
  readonly wsUrl: string;
  readonly port: number;
  readonly database: PreparedDatabase;
  readonly dataSources: ReadonlyMap<SubgraphName, DataSource>;
  readonly relay: Relay;
  readonly gateway: GatewayServer;
  /** The gateway's Redis subscriber connection (tests drop it to simulate a Redis outage). */
  readonly redisSubscriber: Redis;
  readonly webhooks: WebhookDelivery;
  stop(): Promise<void>;
}

/**
 * All-in-one: the gateway, every subgraph in-process, the relay and the workers in one Node
 * process. The same pieces run as separate processes in distributed mode.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const env = options.env ?? process.env;
  const config = loadConfig(env);
  await assertRedisReachable(config.redisUrl);
  const database = await prepareDatabase(config.databaseUrl, {
    seedDemo: options.seedDemo ?? true,
    demoApiKey: env.ORQUESTA_DEMO_API_KEY,
    demoPassword: env.ORQUESTA_DEMO_PASSWORD,
  });

  const dataSources = new Map<SubgraphName, DataSource>();
  const subgraphs = new Map<string, Subgraph>();
  for (const module of SUBGRAPHS) {
    const dataSource = module.createDataSource(database.urls.app, options.poolSize);
    await dataSource.initialize();
    dataSources.set(module.name, dataSource);
    subgraphs.set(module.name, createSubgraph(await module.define(dataSource, env), config.contextSecret));
  }

  const workers = await startWorkers(env, config, database.urls, options.testHooks);

  const front = await startGatewayFront({
    config,
    urls: database.urls,
    buildService: (name) => new InProcessDataSource(subgraphs.get(name)!, config.contextSecret),
    webDist: options.webDist ?? env.ORQUESTA_WEB_DIST ?? join(REPO_ROOT, 'web', 'dist'),
    port: options.port ?? config.port,
    host: options.host ?? env.HOST,
    socketRecheckMs: options.socketRecheckMs,
    env,
  });
  const { gateway, port } = front;
  // The simulated rails call back into this process's own gateway unless told otherwise.
  workers.setRailCallbackUrl(env.ORQUESTA_RAIL_CALLBACK_URL || `http://127.0.0.1:${port}/callbacks/rails`);

  return {
    url: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    port,
    database,
    dataSources,
    relay: workers.relay,
    gateway,
    redisSubscriber: front.subscriber,
    webhooks: workers.webhooks,
    async stop() {
      await front.stop();
      await workers.stop();
      for (const subgraph of subgraphs.values()) await subgraph.close();
      for (const dataSource of dataSources.values()) await dataSource.destroy();
    },
  };
}

export interface GatewayFrontOptions {
  readonly config: OrquestaConfig;
  readonly urls: DatabaseUrls;
  readonly buildService: (name: string, url: string) => GraphQLDataSource;
  readonly webDist?: string;
  readonly port: number;
  readonly host?: string;
  readonly socketRecheckMs?: number;
  /** Where the rail callback and access-token secrets are read (default: process.env). */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The gateway process's own parts, the same in both modes: authentication, the Redis
 * subscriber for live events, outbox reads for resuming, and the HTTP/websocket server.
 */
export async function startGatewayFront(options: GatewayFrontOptions) {
  const { config, urls } = options;
  const systemPool = createPool({ connectionString: urls.system, max: 4, applicationName: 'orquesta-gateway-auth', stream: batchingStream });
  const appPool = createPool({ connectionString: urls.app, max: 4, applicationName: 'orquesta-gateway-events', stream: batchingStream });
  const subscriber = redisConnection(config.redisUrl, 'hub');
  const env = options.env ?? process.env;
  const publisher = redisConnection(config.redisUrl, 'gateway-publisher');
  const payoutQueue = createPayoutQueue({ connection: publisher, prefix: config.redisPrefix });
  // Downloads hold a connection while they stream a file: their own small pool, as the tenant (app role).
  const downloadPool = createPool({ connectionString: urls.app, max: 4, applicationName: 'orquesta-gateway-downloads' });
  const gateway = await createGatewayServer({
    supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
    buildService: options.buildService,
    authenticator: createAuthenticator(createCredentialAuthenticator(systemPool, jwtSecret(options.env ?? process.env, config.contextSecret), agentDirectory)),
    hub: new EventHub(subscriber, config.redisPrefix),
    events: createEventSource(appPool),
    readiness: { postgres: () => appPool.query('SELECT 1'), redis: () => subscriber.ping() },
    webDist: options.webDist,
    secureCookies: config.production,
    socketRecheckMs: options.socketRecheckMs,
    announceCredentialsChanged: (tenantId) => {
      // A fast path only: the outbox event the revocation wrote reaches every replica anyway.
      publisher.publish(credentialsChannel(config.redisPrefix), JSON.stringify({ tenantId, type: 'credentials.changed' })).catch(() => undefined);
    },
    railCallbacks: createRailCallbackHandler({ secret: railCallbackSecret(env), queue: payoutQueue }),
    exportDownloads: createExportDownloadHandler({ pool: downloadPool, storage: exportStorageConfig(env), secret: exportUrlOptions(env).secret }),
  });
  const port = await gateway.listen(options.port, options.host ?? '127.0.0.1');
  return {
    gateway,
    port,
    subscriber,
    async stop() {
      await gateway.stop();
      await Promise.all([systemPool.end(), appPool.end(), downloadPool.end()]);
      await payoutQueue.close();
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
