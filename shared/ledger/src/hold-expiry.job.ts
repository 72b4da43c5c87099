import { Worker, type ConnectionOptions } from 'bullmq';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { createQueue, QUEUE_NAMES } from '@orquesta/events';
import { withTenantResult } from './idempotency';
import type { Ledger } from './ledger';

export interface HoldExpiryDeps {
  /** Reads due holds across tenants (the system role). */
  readonly systemPool: Pool;
  /** Releases each one as its tenant (the app role, under row-level security). */
  readonly dataSource: DataSource;
  readonly ledger: Ledger;
}

const BATCH_MAX = 200;
const SWEEP_EVERY_MS = 1_000;

/**
 * Releases holds whose `expires_at` has passed, oldest first, each in its own transaction.
 * A hold posted or voided meanwhile is skipped (the ledger refuses to expire it). Returns how
 * many it released.
 */
export async function releaseExpiredHolds(deps: HoldExpiryDeps, now = new Date()): Promise<number> {
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

/**
 * The `hold-expiry` queue: a repeating job sweeps due holds every second. Each replica may run
 * a worker; BullMQ hands a given sweep to one of them, and a sweep is idempotent anyway.
 */
export async function startHoldExpiryWorker(connection: ConnectionOptions, deps: HoldExpiryDeps): Promise<{ stop(): Promise<void> }> {
  const queue = createQueue(QUEUE_NAMES.holdExpiry, connection);
  await queue.upsertJobScheduler('sweep', { every: SWEEP_EVERY_MS }, { name: 'sweep', opts: { removeOnComplete: true, removeOnFail: 100 } });
  const worker = new Worker(QUEUE_NAMES.holdExpiry, async () => releaseExpiredHolds(deps), { connection, concurrency: 1 });
  worker.on('error', () => undefined);
  return {
    async stop() {
      await worker.close();
      await queue.close();
    },
  };
}
