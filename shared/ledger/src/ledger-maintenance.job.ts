import { Worker } from 'bullmq';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { createQueue, keepJobSchedulers, QUEUE_NAMES, type QueueConnection } from '@orquesta/events';
import { withTenantResult } from './idempotency';
import type { Ledger } from './ledger';

export interface LedgerMaintenanceDeps {
  /** Reads due holds across tenants (the system role). */
  readonly systemPool: Pool;
  /** Releases each one as its tenant (the app role, under row-level security). */
  readonly dataSource: DataSource;
  readonly ledger: Ledger;
}

const BATCH_MAX = 200;
const SWEEP_EVERY_MS = 1_000;
// Keys are kept a week: well past the promised 24 hours, and the table stays small.
export const IDEMPOTENCY_KEY_RETENTION_DAYS = 7;
const FORGET_EVERY_MS = 3600 * 1000;
const FORGET_BATCH_MAX = 5_000;

/**
 * Releases holds whose `expires_at` has passed, oldest first, each in its own transaction.
 * A hold posted or voided meanwhile is skipped (the ledger refuses to expire it). Returns how
 * many it released.
 */
export async function releaseExpiredHolds(deps: LedgerMaintenanceDeps, now = new Date()): Promise<number> {
  const due = await deps.systemPool.query<{ id: string; tenant_id: string; livemode: boolean }>(
    "SELECT id, tenant_id, livemode FROM ledger.transfers WHERE state = 'pending' AND expires_at <= $1 ORDER BY expires_at LIMIT $2",
    [now, BATCH_MAX],
  );
  let released = 0;
  for (const hold of due.rows) {
    const scope = { tenantId: hold.tenant_id, livemode: hold.livemode };
    const result = await withTenantResult(deps.dataSource, scope, (manager) =>
      deps.ledger.execute(manager, scope, [{ kind: 'expire', pendingId: hold.id }], { now, actor: { type: 'system', id: 'hold-expiry' } }),
    );
    if (result.ok) released += 1;
  }
  return released;
}

/** Deletes idempotency keys older than the retention, a batch at a time; returns how many. */
export async function forgetExpiredIdempotencyKeys(systemPool: Pool, now = new Date()): Promise<number> {
  const { rows } = await systemPool.query<{ forgotten: number }>(
    `WITH gone AS (
       DELETE FROM ledger.idempotency_keys WHERE ctid IN (
         SELECT ctid FROM ledger.idempotency_keys WHERE created_at < $1::timestamptz - make_interval(days => $2) LIMIT $3)
       RETURNING 1)
     SELECT count(*)::int AS forgotten FROM gone`,
    [now, IDEMPOTENCY_KEY_RETENTION_DAYS, FORGET_BATCH_MAX],
  );
  return rows[0].forgotten;
}

/**
 * The `ledger-maintenance` queue: a repeating job releases due holds every second, another
 * forgets old idempotency keys every hour. Each replica may run a worker; BullMQ hands a given
 * run to one of them, and both jobs are idempotent anyway.
 */
export async function startLedgerMaintenanceWorker(queues: QueueConnection, deps: LedgerMaintenanceDeps): Promise<{ stop(): Promise<void> }> {
  const queue = createQueue(QUEUE_NAMES.ledgerMaintenance, queues);
  const keep = { removeOnComplete: true, removeOnFail: 100 };
  const schedulers = await keepJobSchedulers(queue, [
    { id: 'release-expired-holds', repeat: { every: SWEEP_EVERY_MS }, template: { name: 'release-expired-holds', opts: keep } },
    { id: 'forget-idempotency-keys', repeat: { every: FORGET_EVERY_MS }, template: { name: 'forget-idempotency-keys', opts: keep } },
  ]);
  const worker = new Worker(
    QUEUE_NAMES.ledgerMaintenance,
    async (job) => (job.name === 'forget-idempotency-keys' ? forgetExpiredIdempotencyKeys(deps.systemPool) : releaseExpiredHolds(deps)),
    { ...queues, concurrency: 1 },
  );
  worker.on('error', () => undefined);
  return {
    async stop() {
      schedulers.stop();
      await worker.close();
      await queue.close();
    },
  };
}
