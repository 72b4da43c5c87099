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
  exportBuild: 'export-build',
  statementGeneration: 'statement-generation',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/** Defaults every job gets unless its producer says otherwise: bounded retries, bounded history. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export function createQueue(name: string, connection: ConnectionOptions, prefix?: string): Queue {
  return new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
}
