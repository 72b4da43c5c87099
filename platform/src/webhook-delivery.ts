import type { DataSource } from 'typeorm';
import { ACCOUNTS_SCHEMA, loadWebhookConfig, startWebhookWorker, type WebhookWorker } from '@orquesta/accounts';
import { createSubgraphDataSource, type DatabaseUrls } from '@orquesta/db';
import { createQueue, QUEUE_NAMES, type QueueConnection, type RelayConsumer } from '@orquesta/events';

export interface WebhookDelivery {
  /** For the relay: every event goes to the fan-out, which knows the endpoints. */
  readonly consumer: RelayConsumer;
  readonly worker: WebhookWorker;
  /** Stops the worker (by force: as if it crashed mid-delivery) and starts a new one. */
  restartWorker(options?: { force?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The webhook side of a worker process: the queue the relay fills and the delivery worker, on
 * the system role (it serves every tenant). The same in all-in-one and distributed mode.
 */
export async function startWebhookDelivery(env: NodeJS.ProcessEnv, urls: DatabaseUrls, queues: QueueConnection): Promise<WebhookDelivery> {
  const config = loadWebhookConfig(env);
  const dataSource: DataSource = createSubgraphDataSource({ schema: ACCOUNTS_SCHEMA, url: urls.system, entities: [], migrations: [], poolSize: 6 });
  await dataSource.initialize();
  const queue = createQueue(QUEUE_NAMES.webhookDelivery, queues);
  const start = () => startWebhookWorker({ dataSource, queues, listenUrl: urls.system, config });
  let worker = await start();
  return {
    consumer: { queue, accepts: () => true, perBatch: true },
    get worker() {
      return worker;
    },
    async restartWorker(options = {}) {
      await worker.stop(options);
      worker = await start();
    },
    async stop() {
      await worker.stop();
      await queue.close();
      await dataSource.destroy();
    },
  };
}
