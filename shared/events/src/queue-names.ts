import { Queue, type ConnectionOptions, type JobSchedulerTemplateOptions, type JobsOptions, type RepeatOptions } from 'bullmq';

/** Every BullMQ queue the platform runs, in one place. */
export const QUEUE_NAMES = {
  webhookDelivery: 'webhook-delivery',
  payoutSettlement: 'payout-settlement',
  scheduledTransfers: 'scheduled-transfers',
  streamLiquidation: 'stream-liquidation',
  linkExpiry: 'link-expiry',
  reconciliation: 'reconciliation',
  ledgerMaintenance: 'ledger-maintenance',
  rateFeed: 'rate-feed',
  kyaVerification: 'kya-verification',
  approvalExpiry: 'approval-expiry',
  exportBuild: 'export-build',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/** Defaults every job gets unless its producer says otherwise: bounded retries, bounded history. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * Where a deployment's queues live: a Redis connection, and the deployment's namespace as
 * BullMQ's key prefix (see redisNamespace). Every Queue, Worker, QueueEvents and FlowProducer
 * takes both (`{ ...queues }`), so two deployments on one Redis never take each other's jobs.
 */
export interface QueueConnection {
  readonly connection: ConnectionOptions;
  readonly prefix: string;
}

export function createQueue(name: string, queues: QueueConnection): Queue {
  const queue = new Queue(name, { connection: queues.connection, prefix: queues.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  queue.on('error', () => undefined);
  return queue;
}

/** How often job schedulers are written again: a FLUSHALL empties Redis without any reconnect. */
export const SCHEDULER_REFRESH_MS = 10_000;

export interface KeptScheduler {
  readonly id: string;
  readonly repeat: RepeatOptions;
  readonly template: { readonly name: string; readonly data?: unknown; readonly opts?: JobSchedulerTemplateOptions };
}

/**
 * Keeps BullMQ job schedulers in a Redis that may lose them (a restart without persistence, a
 * FLUSHALL): each is upserted now, again whenever the queue's connection is ready after a
 * reconnect, and every `refreshMs`. Upserting an unchanged scheduler keeps its next run (BullMQ
 * reuses the previous time when the interval is the same), so refreshing never delays a job.
 */
export async function keepJobSchedulers(
  queue: Queue,
  schedulers: readonly KeptScheduler[],
  options: { refreshMs?: number; onError?: (error: unknown) => void } = {},
): Promise<{ stop(): void }> {
  const onError = options.onError ?? (() => undefined);
  const upsertAll = async () => {
    for (const scheduler of schedulers) await queue.upsertJobScheduler(scheduler.id, scheduler.repeat, scheduler.template as never);
  };
  await upsertAll();
  const refresh = () => void upsertAll().catch(onError);
  const client = await queue.client;
  client.on('ready', refresh);
  const timer = setInterval(refresh, options.refreshMs ?? SCHEDULER_REFRESH_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      client.off('ready', refresh);
    },
  };
}
