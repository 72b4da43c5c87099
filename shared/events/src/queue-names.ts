import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';

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
