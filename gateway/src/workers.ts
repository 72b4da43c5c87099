import { Pool } from 'pg';
import type { OrquestaConfig } from '@orquesta/context';
import { createSubgraphDataSource, type DatabaseUrls } from '@orquesta/db';
import { createLedger, LEDGER_SCHEMA, startHoldExpiryWorker } from '@orquesta/ledger';
import { redisConnection } from './infrastructure';

export interface Workers {
  stop(): Promise<void>;
}

/**
 * The BullMQ workers, the same in both modes (inside the all-in-one process, or in
 * `worker-main` processes): hold expiry for now.
 */
export async function startWorkers(config: OrquestaConfig, urls: DatabaseUrls): Promise<Workers> {
  const connection = redisConnection(config.redisUrl, 'workers');
  const systemPool = new Pool({ connectionString: urls.system, max: 2, application_name: 'orquesta-workers' });
  const dataSource = createSubgraphDataSource({ schema: LEDGER_SCHEMA, url: urls.app, entities: [], poolSize: 4, applicationName: 'orquesta-workers' });
  await dataSource.initialize();
  const holdExpiry = await startHoldExpiryWorker(connection, { systemPool, dataSource, ledger: createLedger() });
  return {
    async stop() {
      await holdExpiry.stop();
      await dataSource.destroy();
      await systemPool.end();
      connection.disconnect();
    },
  };
}
