import { Queue } from 'bullmq';
import { DEFAULT_JOB_OPTIONS, QUEUE_NAMES, type OutboxEvent, type QueueConnection, type RelayConsumer } from '@orquesta/events';
import type { TenantScope } from '@orquesta/db';

/**
 * A settlement job names the payout and nothing else; the worker re-reads everything. From the
 * relay it carries the `transfer.processing` event's id; from a sweep or a rail callback, the
 * payout itself.
 */
export type PayoutSettlementJob = { readonly eventId: string } | { readonly tenantId: string; readonly livemode: boolean; readonly transferId: string };

export interface PayoutQueue {
  /** Best effort: a payout whose job is lost is picked up by the sweep. */
  enqueue(scope: TenantScope, transferId: string): Promise<void>;
  /** For the relay: payouts entering `processing` start settling. */
  readonly consumer: RelayConsumer;
  close(): Promise<void>;
}

// Soft rail failures are retried by BullMQ itself (exponential from 500 ms); the attempts bound
// the retries of one job, the payout's own counters bound retries across jobs.
export const SETTLEMENT_JOB_OPTIONS = { ...DEFAULT_JOB_OPTIONS, attempts: 5, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true };

function startsSettlement(event: OutboxEvent): boolean {
  return event.type === 'transfer.processing' && event.entityType === 'Transfer' && event.payload.type === 'payout';
}

export function createPayoutQueue(queues: QueueConnection): PayoutQueue {
  const queue = new Queue<PayoutSettlementJob>(QUEUE_NAMES.payoutSettlement, { ...queues, defaultJobOptions: SETTLEMENT_JOB_OPTIONS });
  queue.on('error', () => undefined);
  return {
    async enqueue(scope, transferId) {
      await queue.add('settle', { tenantId: scope.tenantId, livemode: scope.livemode, transferId }).catch(() => undefined);
    },
    consumer: { queue: queue as unknown as Queue, accepts: startsSettlement },
    close: () => queue.close(),
  };
}
