import { Pool } from 'pg';
import type { Redis } from 'ioredis';
import type { OrquestaConfig } from '@orquesta/context';
import { createSubgraphDataSource, type DatabaseUrls } from '@orquesta/db';
import { createRelay, type Relay } from '@orquesta/events';
import { createLedger, LEDGER_SCHEMA, startLedgerMaintenanceWorker } from '@orquesta/ledger';
import { redisConnection } from './infrastructure';
import { startWebhookDelivery, type WebhookDelivery } from './webhook-delivery';

export interface Workers {
  readonly relay: Relay;
  readonly webhooks: WebhookDelivery;
  /** The relay's publishing connection (the worker process reports its health from it). */
  readonly publisher: Redis;
  stop(): Promise<void>;
}

/**
 * The platform's background side, the same in both modes (inside the all-in-one process, or
 * in `worker-main` processes): the outbox relay, which hands every event to webhook delivery,
 * and the BullMQ workers (webhook delivery, ledger maintenance: hold expiry, old idempotency keys).
 */
export async function startWorkers(env: NodeJS.ProcessEnv, config: OrquestaConfig, urls: DatabaseUrls): Promise<Workers> {
  const publisher = redisConnection(config.redisUrl, 'relay');
  const connection = redisConnection(config.redisUrl, 'workers');
  const webhooks = await startWebhookDelivery(env, urls, connection);
  const relay = createRelay({ systemUrl: urls.system, publisher, consumers: [webhooks.consumer] });
  await relay.start();

  const systemPool = new Pool({ connectionString: urls.system, max: 2, application_name: 'orquesta-workers' });
  const ledgerDataSource = createSubgraphDataSource({ schema: LEDGER_SCHEMA, url: urls.app, entities: [], poolSize: 4, applicationName: 'orquesta-workers' });
  await ledgerDataSource.initialize();
  const ledgerMaintenance = await startLedgerMaintenanceWorker(connection, { systemPool, dataSource: ledgerDataSource, ledger: createLedger() });

  return {
    relay,
    webhooks,
    publisher,
    async stop() {
      await ledgerMaintenance.stop();
      await relay.stop();
      await webhooks.stop();
      await ledgerDataSource.destroy();
      await systemPool.end();
      connection.disconnect();
      publisher.disconnect();
    },
  };
}
