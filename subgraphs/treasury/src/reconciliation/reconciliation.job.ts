import { Worker } from 'bullmq';
import type { Pool } from 'pg';
import { createQueue, keepJobSchedulers, QUEUE_NAMES, type QueueConnection } from '@orquesta/events';
import type { ReconciliationService } from './reconciliation.service';

/** ORQUESTA_RECONCILIATION_INTERVAL_MS: how often every tenant is reconciled (default 15 minutes). */
export function reconciliationIntervalMs(env: NodeJS.ProcessEnv): number {
  const configured = Number(env.ORQUESTA_RECONCILIATION_INTERVAL_MS ?? 15 * 60_000);
  return Number.isFinite(configured) && configured > 0 ? configured : 15 * 60_000;
}

/** The `reconciliation` queue: a repeatable job that reconciles every tenant with rail activity. */
export async function startReconciliationWorker(
  queues: QueueConnection,
  deps: { systemPool: Pool; reconciliation: ReconciliationService },
  intervalMs: number,
): Promise<{ stop(): Promise<void> }> {
  const queue = createQueue(QUEUE_NAMES.reconciliation, queues);
  const schedulers = await keepJobSchedulers(queue, [{ id: 'reconcile-all', repeat: { every: intervalMs }, template: { name: 'reconcile-all', opts: { removeOnComplete: true, removeOnFail: 100 } } }]);
  const worker = new Worker(QUEUE_NAMES.reconciliation, () => deps.reconciliation.runAll(deps.systemPool), { ...queues, concurrency: 1 });
  worker.on('error', () => undefined);
  return {
    async stop() {
      schedulers.stop();
      await worker.close();
      await queue.close();
    },
  };
}
