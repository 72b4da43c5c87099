import { Worker } from 'bullmq';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { createQueue, keepJobSchedulers, QUEUE_NAMES, type QueueConnection } from '@orquesta/events';
import type { Ledger } from '@orquesta/ledger';
import { createApprovalDecisionService } from './approval-decision.service';

/**
 * Expires agents' approvals nobody decided in time (the tenant's setting, 24 h by default):
 * a repeating job finds them and decides each `expired` like a rejection (hold voided, usage
 * released, transfer cancelled, `approval.expired`). Re-running finds nothing new to do.
 */
export async function startApprovalExpiryWorker(options: {
  readonly queues: QueueConnection;
  readonly systemPool: Pool;
  readonly dataSource: DataSource;
  readonly ledger: Ledger;
  /** ORQUESTA_APPROVAL_SWEEP_MS; 5 s by default (one indexed read of pending approvals past their time). */
  readonly everyMs?: number;
}): Promise<{ stop(): Promise<void> }> {
  const decisions = createApprovalDecisionService({ dataSource: options.dataSource, ledger: options.ledger });
  const worker = new Worker(QUEUE_NAMES.approvalExpiry, async () => decisions.expireDue(options.systemPool), { ...options.queues, concurrency: 1 });
  worker.on('error', () => undefined);
  const scheduler = createQueue(QUEUE_NAMES.approvalExpiry, options.queues);
  const kept = await keepJobSchedulers(scheduler, [
    { id: 'approval-expiry', repeat: { every: options.everyMs ?? 5_000 }, template: { name: 'expire', opts: { removeOnComplete: true, removeOnFail: 100 } } },
  ]);
  return {
    async stop() {
      kept.stop();
      await worker.close();
      await scheduler.close();
    },
  };
}
