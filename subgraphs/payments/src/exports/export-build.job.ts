import { createHash } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import type { Pool, PoolClient } from 'pg';
import { inlineParameters, readForTenant, scopeStatement, SqlWhere, type TenantScope } from '@orquesta/db';
import { createQueue, DEFAULT_JOB_OPTIONS, eventSubject, keepJobSchedulers, QUEUE_NAMES, type OutboxEvent, type QueueConnection, type RelayConsumer } from '@orquesta/events';
import { convert } from '../quotes/quote.pricing';
import { LAYOUTS, type ExportRecord } from './export.formats';
import { moveExport, type SqlClient } from './export.lifecycle';
import { EXPORT_COLUMNS, exportSnapshot, storedFileOf, type ExportRow } from './export.record';
import { createExportStorage, storageFor, type ExportStorageConfig } from './export.storage';
import { signExportUrl } from './export.signing';
import type { ExportUrlOptions } from './export.service';

/** A build job names the export (through the event that announced it, or directly); the worker re-reads it. */
export type ExportBuildJob = { readonly eventId: string } | { readonly tenantId: string; readonly livemode: boolean; readonly exportId: string };

// A build that fails three times is marked FAILED (the last attempt does it, see the worker).
export const EXPORT_JOB_OPTIONS = { ...DEFAULT_JOB_OPTIONS, attempts: 3, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: true };

function startsBuild(event: OutboxEvent): boolean {
  return event.type === 'export.created' && event.entityType === 'Export';
}

export interface ExportQueue {
  /** For the relay: every committed `export.created` starts a build. */
  readonly consumer: RelayConsumer;
  close(): Promise<void>;
}

export function createExportQueue(queues: QueueConnection): ExportQueue {
  const queue = new Queue<ExportBuildJob>(QUEUE_NAMES.exportBuild, { ...queues, defaultJobOptions: EXPORT_JOB_OPTIONS });
  queue.on('error', () => undefined);
  return { consumer: { queue: queue as unknown as Queue, accepts: startsBuild }, close: () => queue.close() };
}

export interface ExportBuilderDeps {
  /** The request role (row-level security applies): builds run as the export's tenant. */
  readonly pool: Pool;
  readonly storage: ExportStorageConfig;
  readonly urls: ExportUrlOptions;
  /** Names of the tenant's accounts (accounts' exported read). */
  readonly accountNames: (pool: Pool, scope: TenantScope, ids: readonly string[]) => Promise<Map<string, string>>;
  /** The treasury's latest rate from a currency to USD, or null when none is known. */
  readonly usdRate: (currency: string) => Promise<string | null>;
  /** How long a finished export can be downloaded (default 1 hour). */
  readonly ttlMs?: number;
  /** Rows fetched from the cursor at a time. */
  readonly batchRows?: number;
}

interface SourceRow {
  id: string;
  type: string;
  status: string;
  created_at: Date;
  from_account_id: string | null;
  to_account_id: string | null;
  amount_minor: string;
  fee_minor: string;
  currency: string;
  description: string | null;
  initiated_by: { type: string; id: string };
  corridor: string | null;
  payee: string | null;
  destination_amount_minor: string | null;
  destination_currency: string | null;
  fx_rate: string | null;
}

const FLUSH_BYTES = 256 * 1024;
export const EXPORT_TTL_MS_DEFAULT = 3_600_000;

function trimRate(rate: string | null): string | null {
  return rate === null ? null : rate.includes('.') ? rate.replace(/0+$/, '').replace(/\.$/, '') : rate;
}

/** The rows an export reads, as one statement (literals inlined: it becomes a cursor). */
export function exportQuery(row: ExportRow): string {
  const { filters } = row;
  const where = new SqlWhere([row.tenant_id, row.livemode, row.period_from, row.period_to], [
    't.tenant_id = $1',
    't.livemode = $2',
    't.created_at >= $3',
    't.created_at < $4',
  ]);
  if (LAYOUTS[row.format].completedOnly) where.and((p) => `t.status = ${p}`, 'completed');
  if (filters.accountId) where.and((p) => `(t.from_account_id = ${p} OR t.to_account_id = ${p})`, filters.accountId);
  if (filters.currency) where.and((p) => `t.currency = ${p}`, filters.currency);
  if (filters.corridor) where.and((p) => `p.corridor = ${p}`, filters.corridor);
  if (!filters.include.refunds) where.and((p) => `t.type <> ${p}`, 'refund');
  if (!filters.include.payouts) where.and((p) => `t.type <> ${p}`, 'payout');
  // Streams settle no transfers yet: include.streams has nothing to leave out.
  return inlineParameters(
    `SELECT t.id, t.type, t.status, t.created_at, t.from_account_id, t.to_account_id, t.amount_minor::text AS amount_minor, t.fee_minor::text AS fee_minor,
            t.currency, t.description, t.initiated_by, p.corridor, p.destination->>'name' AS payee,
            p.target_amount_minor::text AS destination_amount_minor, p.target_currency AS destination_currency, p.rate::text AS fx_rate
       FROM payments.transfers t LEFT JOIN payments.payouts p ON p.transfer_id = t.id
      WHERE ${where.sql}
      ORDER BY t.created_at, t.id`,
    where.params,
  );
}

async function inTenantTransaction<T>(pool: Pool, scope: TenantScope, work: (client: SqlClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(`BEGIN; ${scopeStatement(scope, { writer: true })}`);
    const value = await work(client as unknown as SqlClient);
    await client.query('COMMIT');
    return value;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Builds export files. Rows come from a server-side cursor in one read-only, repeatable-read
 * transaction (one consistent snapshot, a page at a time: memory does not grow with the export)
 * and go to storage in chunks, hashed on the way. Progress is written as it goes; READY, the
 * file's facts and `export.ready` commit together.
 */
export function createExportBuilder(deps: ExportBuilderDeps) {
  const ttlMs = deps.ttlMs ?? EXPORT_TTL_MS_DEFAULT;
  const batchRows = deps.batchRows ?? 2_000;

  async function read(scope: TenantScope, exportId: string): Promise<ExportRow | null> {
    const [row] = await readForTenant<ExportRow>(deps.pool, scope, `SELECT ${EXPORT_COLUMNS} FROM payments.exports WHERE tenant_id = $1 AND livemode = $2 AND id = $3`, [
      scope.tenantId,
      scope.livemode,
      exportId,
    ]);
    return row ?? null;
  }

  async function setProgress(scope: TenantScope, exportId: string, progress: number): Promise<void> {
    await readForTenant(deps.pool, scope, "UPDATE payments.exports SET progress = $4 WHERE tenant_id = $1 AND livemode = $2 AND id = $3 AND status = 'processing'", [
      scope.tenantId,
      scope.livemode,
      exportId,
      progress,
    ]);
  }

  async function toRecords(scope: TenantScope, rows: readonly SourceRow[], rates: Map<string, string | null>): Promise<ExportRecord[]> {
    const ids = rows.flatMap((row) => [row.from_account_id, row.to_account_id]).filter((id): id is string => id !== null);
    const names = await deps.accountNames(deps.pool, scope, ids);
    for (const row of rows) if (!rates.has(row.currency)) rates.set(row.currency, await deps.usdRate(row.currency));
    return rows.map((row) => {
      const amountMinor = BigInt(row.amount_minor);
      const usdRate = rates.get(row.currency) ?? null;
      return {
        id: row.id,
        type: row.type,
        status: row.status,
        createdAt: row.created_at,
        fromAccountId: row.from_account_id,
        fromAccountName: row.from_account_id ? names.get(row.from_account_id) ?? null : null,
        toAccountId: row.to_account_id,
        toAccountName: row.to_account_id ? names.get(row.to_account_id) ?? null : null,
        amountMinor,
        feeMinor: BigInt(row.fee_minor),
        currency: row.currency,
        description: row.description,
        initiatedBy: { type: row.initiated_by.type, id: row.initiated_by.id },
        corridor: row.corridor,
        payee: row.payee,
        destinationAmountMinor: row.destination_amount_minor === null ? null : BigInt(row.destination_amount_minor),
        destinationCurrency: row.destination_currency,
        fxRate: trimRate(row.fx_rate),
        usdEquivalentMinor: usdRate === null ? null : convert(amountMinor, row.currency, 'USD', usdRate),
      };
    });
  }

  /** Builds one export if it is still PROCESSING. Safe to run twice: the second finds it READY. */
  async function build(scope: TenantScope, exportId: string): Promise<ExportRow | null> {
    const row = await read(scope, exportId);
    if (!row || row.status !== 'processing') return row;
    const layout = LAYOUTS[row.format];
    const options = { dateFormat: row.date_format, accountId: row.filters.accountId, includeFees: row.filters.include.fees };
    const storage = createExportStorage(deps.storage, deps.pool);
    const writer = await storage.create(exportId);
    const hash = createHash('sha256');
    const rates = new Map<string, string | null>();
    let pending: string[] = [];
    let pendingBytes = 0;
    let byteSize = 0n;
    let recordCount = 0n;
    const flush = async () => {
      if (pending.length === 0) return;
      const chunk = Buffer.from(pending.join(''), 'utf8');
      pending = [];
      pendingBytes = 0;
      hash.update(chunk);
      byteSize += BigInt(chunk.length);
      await writer.write(chunk);
    };
    const push = async (line: string) => {
      pending.push(`${line}\n`);
      pendingBytes += line.length + 1;
      if (pendingBytes >= FLUSH_BYTES) await flush();
    };

    const client: PoolClient = await deps.pool.connect();
    try {
      await client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; ${scopeStatement(scope)}`);
      const query = exportQuery(row);
      const { rows: counted } = await client.query<{ total: string }>(`SELECT count(*)::text AS total FROM (${query}) AS selected`);
      const total = Number(counted[0].total);
      await client.query(`DECLARE export_rows NO SCROLL CURSOR FOR ${query}`);
      if (layout.header !== null) await push(layout.header);
      let seen = 0;
      let reported = 0;
      for (;;) {
        const { rows } = await client.query<SourceRow>(`FETCH ${batchRows} FROM export_rows`);
        if (rows.length === 0) break;
        for (const record of await toRecords(scope, rows, rates)) {
          for (const line of layout.lines(record, options)) {
            await push(line);
            recordCount += 1n;
          }
        }
        seen += rows.length;
        // Progress moves in steps of at least 5 points: a write per step, not per page.
        const progress = Math.min(99, Math.floor((seen * 100) / Math.max(total, 1)));
        if (progress >= reported + 5) {
          reported = progress;
          await setProgress(scope, exportId, progress);
        }
      }
      await client.query('CLOSE export_rows; COMMIT');
      await flush();
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      await writer.abort();
      throw error;
    } finally {
      client.release();
    }

    const stored = await writer.finish();
    const expiresAt = new Date(Date.now() + ttlMs);
    const ready = await inTenantTransaction(deps.pool, scope, (tx) =>
      moveExport<ExportRow>(
        tx,
        scope,
        exportId,
        'processing',
        'ready',
        {
          progress: 100,
          recordCount,
          byteSize,
          checksum: hash.digest('hex'),
          storage: stored.storage,
          largeObject: stored.largeObject,
          fileName: stored.fileName,
          expiresAt,
        },
        EXPORT_COLUMNS,
        // The webhook carries the download URL: the receiver fetches the file without a session.
        (updated) => ({ ...exportSnapshot(updated), downloadUrl: signExportUrl(deps.urls, exportId, scope, expiresAt) }),
      ),
    );
    // Someone else finished it first: this copy of the file is not needed.
    if (!ready) await storage.remove(stored);
    return ready ?? (await read(scope, exportId));
  }

  async function fail(scope: TenantScope, exportId: string, reason: string): Promise<void> {
    await inTenantTransaction(deps.pool, scope, (tx) =>
      moveExport<ExportRow>(tx, scope, exportId, 'processing', 'failed', { failureReason: reason.slice(0, 200) }, EXPORT_COLUMNS, exportSnapshot),
    );
  }

  /**
   * Deletes the files of exports whose window has passed and marks them EXPIRED. Finding them
   * needs every tenant (the system role); each is then expired as its own tenant.
   */
  async function expireDue(systemPool: Pool, limit = 200): Promise<number> {
    const { rows } = await systemPool.query<{ id: string; tenant_id: string; livemode: boolean }>(
      "SELECT id, tenant_id, livemode FROM payments.exports WHERE status = 'ready' AND expires_at <= now() ORDER BY expires_at LIMIT $1",
      [limit],
    );
    let expired = 0;
    for (const due of rows) {
      const scope = { tenantId: due.tenant_id, livemode: due.livemode };
      const moved = await inTenantTransaction(deps.pool, scope, (tx) =>
        moveExport<ExportRow>(tx, scope, due.id, 'ready', 'expired', {}, EXPORT_COLUMNS, exportSnapshot),
      );
      const file = moved ? storedFileOf(moved) : null;
      if (file) await storageFor(file, deps.storage, deps.pool).remove(file);
      if (moved) expired += 1;
    }
    return expired;
  }

  return { build, fail, expireDue, read };
}

export type ExportBuilder = ReturnType<typeof createExportBuilder>;

async function exportOfJob(systemPool: Pool, data: ExportBuildJob): Promise<{ scope: TenantScope; exportId: string } | null> {
  if (!('eventId' in data)) return { scope: { tenantId: data.tenantId, livemode: data.livemode }, exportId: data.exportId };
  const subject = await eventSubject(systemPool, data.eventId);
  return subject ? { scope: subject.scope, exportId: subject.entityId } : null;
}

/** The `export-build` queue's worker, and its repeating expiry sweep. */
export async function startExportBuildWorker(
  builder: ExportBuilder,
  options: { queues: QueueConnection; systemPool: Pool; concurrency?: number; expireEveryMs?: number },
): Promise<{ stop(): Promise<void> }> {
  const worker = new Worker<ExportBuildJob>(
    QUEUE_NAMES.exportBuild,
    async (job: Job<ExportBuildJob>) => {
      if (job.name === 'expire') return builder.expireDue(options.systemPool);
      const target = await exportOfJob(options.systemPool, job.data);
      if (!target) return null;
      try {
        return (await builder.build(target.scope, target.exportId))?.status ?? null;
      } catch (error) {
        // The last attempt gives up for good; earlier ones rethrow so BullMQ retries.
        if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await builder.fail(target.scope, target.exportId, 'the export could not be built');
        throw error;
      }
    },
    // Builds are long and few: two at a time per worker keeps the database free for payments.
    { ...options.queues, concurrency: options.concurrency ?? 2, lockDuration: 60_000 },
  );
  worker.on('error', () => undefined);
  const scheduler = createQueue(QUEUE_NAMES.exportBuild, options.queues);
  const schedulers = await keepJobSchedulers(scheduler, [
    { id: 'export-expiry', repeat: { every: options.expireEveryMs ?? 60_000 }, template: { name: 'expire', opts: { removeOnComplete: true, removeOnFail: 100 } } },
  ]);
  return {
    async stop() {
      schedulers.stop();
      await worker.close();
      await scheduler.close();
    },
  };
}
