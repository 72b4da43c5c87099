import type { Redis } from 'ioredis';
import type { OrquestaConfig } from '@orquesta/context';
import { createPool, createSubgraphDataSource, type DatabaseUrls } from '@orquesta/db';
import { createRelay, type Relay } from '@orquesta/events';
import type { ReadinessChecks } from '@orquesta/graphql';
import { createLedger, LEDGER_SCHEMA, startLedgerMaintenanceWorker } from '@orquesta/ledger';
import { createAgentsDataSource, startKyaVerification } from '@orquesta/agents';
import { accountNames } from '@orquesta/accounts';
import {
  createExportBuilder,
  createExportQueue,
  createPayoutQueue,
  createPayoutSettlement,
  exportStorageConfig,
  exportUrlOptions,
  payoutsInFlight,
  PAYMENTS_SCHEMA,
  startApprovalExpiryWorker,
  startExportBuildWorker,
  startPayoutSettlementWorker,
  type SettlementHooks,
} from '@orquesta/payments';
import {
  createFxRateService,
  createReconciliationService,
  createRoutingService,
  createSimulatedRails,
  railCallbackSecret,
  RAILS,
  rateFeedIntervalMs,
  reconciliationIntervalMs,
  startRateFeedWorker,
  startReconciliationWorker,
} from '@orquesta/treasury';
import { redisConnection } from './infrastructure';
import { startWebhookDelivery, type WebhookDelivery } from './webhook-delivery';

export interface Workers {
  readonly relay: Relay;
  readonly webhooks: WebhookDelivery;
  /** The relay's publishing connection. */
  readonly publisher: Redis;
  /** What the worker process's `/readyz` probes. */
  readonly readiness: ReadinessChecks;
  /** Where the simulated rails send their callbacks (the gateway's /callbacks/rails). */
  setRailCallbackUrl(url: string): void;
  stop(): Promise<void>;
}

function numberFrom(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : Number(value);
}

/**
 * The platform's background side, the same in both modes (inside the all-in-one process, or
 * in `worker-main` processes): the outbox relay, which hands every event to webhook delivery
 * and payouts entering `processing` to settlement, and the BullMQ workers (webhook delivery,
 * ledger maintenance, payout settlement and its sweep, reconciliation, the simulated rate feed).
 */
/** Set by test harnesses only: steps into the workers (see SettlementHooks). */
export interface WorkerTestHooks {
  readonly payoutSettlement?: SettlementHooks;
}

export async function startWorkers(env: NodeJS.ProcessEnv, config: OrquestaConfig, urls: DatabaseUrls, testHooks: WorkerTestHooks = {}): Promise<Workers> {
  const publisher = redisConnection(config.redisUrl, 'relay');
  const connection = redisConnection(config.redisUrl, 'workers');
  const payoutConnection = redisConnection(config.redisUrl, 'payouts');
  const queues = { connection, prefix: config.redisPrefix };
  const payoutQueues = { connection: payoutConnection, prefix: config.redisPrefix };
  const webhooks = await startWebhookDelivery(env, urls, queues);
  const payoutQueue = createPayoutQueue(payoutQueues);
  const systemPool = createPool({ connectionString: urls.system, max: 3, applicationName: 'orquesta-workers' });
  // Agents: the simulated KYA verifier starts from the outbox, like payout settlement.
  const agentsDataSource = createAgentsDataSource(urls.app, 2);
  await agentsDataSource.initialize();
  const kya = await startKyaVerification({ queues, systemPool, dataSource: agentsDataSource, latencyMs: numberFrom(env, 'ORQUESTA_KYA_LATENCY_MS') });
  const exportQueue = createExportQueue(queues);
  const relay = createRelay({ systemUrl: urls.system, publisher, namespace: config.redisPrefix, consumers: [webhooks.consumer, payoutQueue.consumer, kya.consumer, exportQueue.consumer] });
  await relay.start();

  const ledgerDataSource = createSubgraphDataSource({ schema: LEDGER_SCHEMA, url: urls.app, entities: [], poolSize: 4, applicationName: 'orquesta-workers' });
  await ledgerDataSource.initialize();
  const ledger = createLedger();
  const ledgerMaintenance = await startLedgerMaintenanceWorker(queues, { systemPool, dataSource: ledgerDataSource, ledger });

  // Payouts: settlement works as each tenant (the app role, under row-level security).
  const payoutsDataSource = createSubgraphDataSource({ schema: PAYMENTS_SCHEMA, url: urls.app, entities: [], poolSize: 6, applicationName: 'orquesta-payouts' });
  await payoutsDataSource.initialize();
  let railCallbackUrl: string | null = env.ORQUESTA_RAIL_CALLBACK_URL || null;
  const rails = createSimulatedRails(
    RAILS.map((rail) => rail.code),
    {
      dataSource: payoutsDataSource,
      callbackSecret: railCallbackSecret(env),
      callbackUrl: () => railCallbackUrl,
      latencyMs: numberFrom(env, 'ORQUESTA_RAIL_SIM_LATENCY_MS'),
      randomFailureRate: numberFrom(env, 'ORQUESTA_RAIL_SIM_FAILURE_RATE'),
    },
  );
  const settlement = createPayoutSettlement({
    dataSource: payoutsDataSource,
    ledger,
    rails,
    routing: createRoutingService({ dataSource: payoutsDataSource }),
    hooks: testHooks.payoutSettlement,
  });
  const payoutWorker = await startPayoutSettlementWorker(settlement, {
    queues: payoutQueues,
    systemPool,
    queue: payoutQueue,
    sweepEveryMs: numberFrom(env, 'ORQUESTA_PAYOUT_SWEEP_MS'),
    stuckAfterMs: numberFrom(env, 'ORQUESTA_PAYOUT_STUCK_MS'),
  });
  const approvalExpiry = await startApprovalExpiryWorker({
    queues: payoutQueues,
    systemPool,
    dataSource: payoutsDataSource,
    ledger,
    everyMs: numberFrom(env, 'ORQUESTA_APPROVAL_SWEEP_MS'),
  });
  const reconciliation = await startReconciliationWorker(
    queues,
    { systemPool, reconciliation: createReconciliationService({ dataSource: payoutsDataSource, payouts: payoutsInFlight }) },
    reconciliationIntervalMs(env),
  );
  const rateFeed = await startRateFeedWorker(queues, systemPool, rateFeedIntervalMs(env));

  // Exports: built as each tenant (the app role), from a cursor, into large objects or files.
  const exportPool = createPool({ connectionString: urls.app, max: 4, applicationName: 'orquesta-exports' });
  const fxRates = createFxRateService({ dataSource: payoutsDataSource });
  const exportWorker = await startExportBuildWorker(
    createExportBuilder({
      pool: exportPool,
      storage: exportStorageConfig(env),
      urls: exportUrlOptions(env),
      accountNames,
      usdRate: async (currency) => {
        const rate = await fxRates.latest(currency, 'USD');
        return rate.ok && rate.value ? rate.value.rate : null;
      },
      ttlMs: numberFrom(env, 'ORQUESTA_EXPORT_TTL_MS'),
    }),
    { queues, systemPool, expireEveryMs: numberFrom(env, 'ORQUESTA_EXPORT_EXPIRY_SWEEP_MS') },
  );

  return {
    relay,
    webhooks,
    publisher,
    readiness: { postgres: () => systemPool.query('SELECT 1'), redis: () => publisher.ping() },
    setRailCallbackUrl(url) {
      if (!env.ORQUESTA_RAIL_CALLBACK_URL) railCallbackUrl = url;
    },
    async stop() {
      await exportWorker.stop();
      await exportQueue.close();
      await rateFeed.stop();
      await reconciliation.stop();
      await payoutWorker.stop();
      await approvalExpiry.stop();
      await kya.stop();
      await ledgerMaintenance.stop();
      await relay.stop();
      await payoutQueue.close();
      await webhooks.stop();
      await payoutsDataSource.destroy();
      await agentsDataSource.destroy();
      await ledgerDataSource.destroy();
      await systemPool.end();
      await exportPool.end();
      payoutConnection.disconnect();
      connection.disconnect();
      publisher.disconnect();
    },
  };
}
