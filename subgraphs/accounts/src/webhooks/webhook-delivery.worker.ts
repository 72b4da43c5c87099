import { Client } from 'pg';
import { DelayedError, Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import type { DataSource } from 'typeorm';
import { batchingStream, createPool, REGISTER_EVENT_WRITER } from '@orquesta/db';
import { createLogger } from '@orquesta/context';
import { deleteExpiredEvents, keepJobSchedulers, QUEUE_NAMES, type QueueConnection } from '@orquesta/events';
import type { Resolver } from './webhook-address.policy';
import { WEBHOOK_NOTIFY_CHANNEL, type WebhookConfig } from './webhook.config';
import { abandonDelivery, fanOutSettledEvents, leaseAttempts, recordAttempts, type AttemptContext, type AttemptOutcome, type LeaseRequest } from './webhook-delivery.lifecycle';
import { microBatch } from './webhook-micro-batch';
import { disableAutomatically } from './webhook-endpoint.lifecycle';
import { nextAttemptDelayMs } from './webhook-retry.schedule';
import { openSecret, signatureHeader } from './webhook-secret';
import { sendWebhook, type SendResult } from './webhook.sender';
import { managerSql, poolSql, type Sql } from './webhook-sql';

const log = createLogger('webhooks');


/** Jobs on `webhook-delivery`: the relay's wake-up per batch of events, then one per (delivery, attempt). */
// The relay's job says "events were settled" (the ids only name the batch); the fan-out reads
// what it owes from its own position in PostgreSQL.
type FanOutJob = { readonly eventIds: readonly string[] };
type AttemptJob = { readonly deliveryId: string; readonly endpointId: string; readonly attempt: number };
type RetentionJob = { readonly task: 'retention' };
type DeliveryJobData = FanOutJob | AttemptJob | RetentionJob;

const ATTEMPT_JOB_OPTIONS: JobsOptions = {
  // Retries here are for our own failures (database down); the receiver's are the schedule's.
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  // Removed at once: a later manual retry may reuse the same (delivery, attempt) job id.
  removeOnComplete: true,
  removeOnFail: true,
};
const RETENTION_EVERY_MS = 3600_000;
const RETENTION_DELIVERIES_DAYS = 30;
const FAN_OUT_BATCH = 500;

export function attemptJobId(deliveryId: string, attempt: number): string {
  return `dlv_${deliveryId}_${attempt}`;
}

/**
 * At most `limit` attempts in flight per endpoint in this worker. A waiter gets a slot handed over
 * when one is released, or gives up after `waitMs`.
 */
function endpointSlots(limit: number) {
  const byEndpoint = new Map<string, { inFlight: number; waiters: Array<() => void> }>();
  return {
    acquire(endpointId: string, waitMs: number): Promise<boolean> {
      let slot = byEndpoint.get(endpointId);
      if (!slot) byEndpoint.set(endpointId, (slot = { inFlight: 0, waiters: [] }));
      if (slot.inFlight < limit) {
        slot.inFlight += 1;
        return Promise.resolve(true);
      }
      const waiting = slot;
      return new Promise((resolve) => {
        const grant = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          const index = waiting.waiters.indexOf(grant);
          if (index >= 0) waiting.waiters.splice(index, 1);
          resolve(false);
        }, waitMs);
        waiting.waiters.push(grant);
      });
    },
    release(endpointId: string): void {
      const slot = byEndpoint.get(endpointId);
      if (!slot) return;
      const next = slot.waiters.shift();
      // The slot passes straight to the next waiter; the count only drops when nobody waits.
      if (next) next();
      else if ((slot.inFlight -= 1) === 0) byEndpoint.delete(endpointId);
    },
  };
}

export interface WebhookWorkerOptions {
  /** The accounts schema on the system role: the worker serves every tenant. */
  readonly dataSource: DataSource;
  readonly queues: QueueConnection;
  /** Where to LISTEN for wake-ups (the system role's URL). */
  readonly listenUrl: string;
  readonly config: WebhookConfig;
  readonly resolver?: Resolver;
  readonly onError?: (error: unknown) => void;
}

export interface WebhookWorker {
  readonly queue: Queue;
  /** Enqueues every pending delivery that is due (and older than `graceMs`). */
  sweep(graceMs?: number): Promise<number>;
  /** Graceful: waits for attempts in flight. `force` drops them as a crash would (tests). */
  stop(options?: { force?: boolean }): Promise<void>;
}

/**
 * The webhook delivery worker. The relay enqueues one job per batch of events; the fan-out writes one
 * delivery per matching endpoint (unique per endpoint and event) and enqueues an attempt job
 * for each, so a slow endpoint only ever holds its own deliveries. An attempt leases its
 * delivery, reads the endpoint's secret at send time, signs, sends, logs the attempt and
 * schedules the next one. Job ids are (delivery, attempt): whoever enqueues an attempt (this
 * worker, the sweeper, a manual retry) enqueues it once.
 */
export async function startWebhookWorker(options: WebhookWorkerOptions): Promise<WebhookWorker> {
  const { dataSource, config } = options;
  const onError = options.onError ?? ((error) => log.error('webhook worker failed', { error: error instanceof Error ? error.message : String(error) }));
  // The hot path talks to pg directly (fewer layers than TypeORM's query runner); transactions
  // that record events go through the data source.
  const pool = createPool({ connectionString: options.listenUrl, max: 8, applicationName: 'orquesta-webhooks', stream: batchingStream });
  const sql: Sql = poolSql(pool);
  const queue = new Queue(QUEUE_NAMES.webhookDelivery, { ...options.queues });
  queue.on('error', onError);
  const slots = endpointSlots(config.perEndpointConcurrency);
  let stopped = false;
  // Recent attempt latency per endpoint (moving average): how long a job that found its endpoint
  // busy should step aside. A hanging endpoint's backlog then sleeps for about a timeout instead of
  // bouncing through Redis several times a second.
  const latencyByEndpoint = new Map<string, number>();
  const abort = new AbortController();
  // An attempt's lease outlives its HTTP timeout, so a live attempt is never sent twice at once.
  const leaseMs = config.timeoutMs + 2_000;
  const leaseAttempt = microBatch((requests: LeaseRequest[]) => leaseAttempts(sql, requests, leaseMs));
  const recordAttempt = microBatch((outcomes: AttemptOutcome[]) => recordAttempts(sql, outcomes));

  async function enqueueAttempts(rows: ReadonlyArray<{ id: string; endpointId: string; attemptCount: number }>, delayMs = 0): Promise<void> {
    if (rows.length === 0) return;
    await queue.addBulk(
      rows.map((row) => ({
        name: 'attempt',
        data: { deliveryId: row.id, endpointId: row.endpointId, attempt: row.attemptCount } satisfies AttemptJob,
        opts: { ...ATTEMPT_JOB_OPTIONS, jobId: attemptJobId(row.id, row.attemptCount), delay: delayMs },
      })),
    );
  }

  // One fan-out at a time in this process; a wake-up during one makes it go round once more.
  let fanOutRun: Promise<void> | undefined;
  let fanOutAgain = false;
  /**
   * A relay wake-up job. While a run is going it only asks for one more round and completes:
   * waiting on the run would hold one of the worker's slots per wake-up, and a burst of
   * wake-ups during a slow run (after a Redis restart, each batch of events is one) took every
   * slot, so attempt jobs sat in `wait` with nobody taking them.
   */
  function wakeFanOut(): Promise<void> {
    if (!fanOutRun) return fanOut();
    fanOutAgain = true;
    return Promise.resolve();
  }
  async function fanOutBatch(): Promise<number> {
    const client = await pool.connect();
    let batch;
    try {
      batch = await fanOutSettledEvents(client, FAN_OUT_BATCH);
    } finally {
      client.release();
    }
    // After the commit: the deliveries exist, the jobs are the fast path (the sweep is the slow one).
    await enqueueAttempts(batch.deliveries);
    return batch.events;
  }
  function fanOut(): Promise<void> {
    if (fanOutRun) {
      fanOutAgain = true;
      return fanOutRun;
    }
    fanOutRun = (async () => {
      try {
        do {
          fanOutAgain = false;
          while ((await fanOutBatch()) === FAN_OUT_BATCH && !stopped) {
            // a full batch: there is probably more
          }
        } while (fanOutAgain && !stopped);
      } finally {
        fanOutRun = undefined;
      }
    })();
    return fanOutRun;
  }

  function signingSecrets(delivery: AttemptContext, now: Date): string[] {
    const secrets = [openSecret(config.secretKey, delivery.endpointId, delivery.secretSealed)];
    // During a rotation the old secret signs too, so receivers can switch at their own pace.
    if (delivery.previousSecretSealed && delivery.previousSecretExpiresAt && delivery.previousSecretExpiresAt > now) {
      secrets.push(openSecret(config.secretKey, delivery.endpointId, delivery.previousSecretSealed));
    }
    return secrets;
  }

  async function send(delivery: AttemptContext, now: Date): Promise<SendResult> {
    const body = JSON.stringify({ type: delivery.eventType, timestamp: delivery.eventCreatedAt!.toISOString(), data: delivery.payload });
    const timestamp = Math.floor(now.getTime() / 1000);
    const headers = {
      'webhook-id': delivery.eventId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(signingSecrets(delivery, now), delivery.eventId, timestamp, body),
    };
    return sendWebhook(delivery.url, headers, body, {
      policy: config.addressPolicy,
      timeoutMs: config.timeoutMs,
      responseBytesMax: config.responseBytesMax,
      resolver: options.resolver,
      signal: abort.signal,
    });
  }

  /** After an attempt: 410 disables at once; a failure streak of 5 days disables; a success ends the streak. */
  async function updateEndpointHealth(delivery: AttemptContext, result: SendResult, succeeded: boolean, at: Date): Promise<boolean> {
    if (succeeded && delivery.failingSince === null) return false;
    if (succeeded) {
      await sql('WITH u AS (UPDATE accounts.webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL RETURNING id) SELECT id FROM u', [delivery.endpointId]);
      return false;
    }
    return dataSource.transaction(async (manager) => {
      // Disabling records an event: registered before the first write.
      await manager.query(`SELECT ${REGISTER_EVENT_WRITER}`);
      if (result.statusCode === 410) return disableAutomatically(manager, delivery.endpointId, 'gone');
      const [row] = await managerSql(manager)<{ failingSince: Date }>(
        `WITH u AS (UPDATE accounts.webhook_endpoints SET failing_since = COALESCE(failing_since, $2) WHERE id = $1 RETURNING failing_since)
         SELECT failing_since AS "failingSince" FROM u`,
        [delivery.endpointId, at],
      );
      if (row && at.getTime() - row.failingSince.getTime() >= config.disableAfterMs) return disableAutomatically(manager, delivery.endpointId, 'failing');
      return false;
    });
  }

  async function attemptDelivery(job: Job<AttemptJob>, token: string | undefined): Promise<void> {
    const { deliveryId, endpointId, attempt } = job.data;
    // Wait briefly for one of the endpoint's slots (a healthy endpoint frees one in milliseconds);
    // if none frees up, step aside for about as long as this endpoint takes to answer.
    const typicalMs = Math.min(latencyByEndpoint.get(endpointId) ?? 0, config.timeoutMs);
    if (!(await slots.acquire(endpointId, Math.min(1_000, 50 + 2 * typicalMs)))) {
      await job.moveToDelayed(Date.now() + 100 + typicalMs + Math.floor(Math.random() * (100 + typicalMs / 2)), token);
      throw new DelayedError();
    }
    try {
      const lease = await leaseAttempt({ deliveryId, attempt });
      if (lease.kind === 'stale') return;
      if (lease.kind === 'busy') {
        await job.moveToDelayed(lease.leasedUntil.getTime() + 50, token);
        throw new DelayedError();
      }
      const delivery = lease.delivery;
      if (delivery.endpointStatus !== 'enabled' || delivery.eventType === null) {
        await abandonDelivery(sql, deliveryId);
        return;
      }
      const attemptedAt = new Date();
      const result = await send(delivery, attemptedAt);
      latencyByEndpoint.set(endpointId, 0.8 * (latencyByEndpoint.get(endpointId) ?? result.latencyMs) + 0.2 * result.latencyMs);
      // A worker stopped by force behaves like one that crashed: it records nothing.
      if (abort.signal.aborted) throw new Error('worker stopped during the attempt');
      const succeeded = result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300;
      const disabled = await updateEndpointHealth(delivery, result, succeeded, attemptedAt);
      const endpointGone = disabled || result.statusCode === 410;
      const delayMs = succeeded || endpointGone ? null : nextAttemptDelayMs(attempt + 1, config.retryDelaysMs, config.retryJitterRatio, result.retryAfterMs);
      const nextAttemptAt = delayMs === null ? null : new Date(Date.now() + delayMs);
      const status = await recordAttempt({
        delivery,
        attempt: {
          attemptedAt,
          statusCode: result.statusCode ?? null,
          latencyMs: result.latencyMs,
          responseExcerpt: result.responseExcerpt,
          error: result.error ?? (succeeded ? null : result.statusCode !== undefined ? `HTTP ${result.statusCode}` : 'no response'),
          succeeded,
        },
        nextAttemptAt,
      });
      if (status === 'pending' && delayMs !== null) {
        await enqueueAttempts([{ id: deliveryId, endpointId, attemptCount: attempt + 1 }], delayMs);
      }
    } finally {
      slots.release(endpointId);
    }
  }

  async function retention(): Promise<void> {
    await deleteExpiredEvents(dataSource);
    await sql(
      `WITH d AS (DELETE FROM accounts.webhook_deliveries WHERE id IN (
         SELECT id FROM accounts.webhook_deliveries WHERE created_at < now() - make_interval(days => $1) LIMIT 5000) RETURNING id)
       SELECT count(*) FROM d`,
      [RETENTION_DELIVERIES_DAYS],
    );
  }

  const worker = new Worker<DeliveryJobData>(
    QUEUE_NAMES.webhookDelivery,
    async (job, token) => {
      const data = job.data;
      if ('deliveryId' in data) return attemptDelivery(job as Job<AttemptJob>, token);
      if ('eventIds' in data) return wakeFanOut();
      if ('task' in data && data.task === 'retention') return retention();
      throw new Error(`unknown webhook job ${job.name}`);
    },
    {
      ...options.queues,
      concurrency: config.concurrency,
      lockDuration: config.lockMs,
      stalledInterval: config.lockMs,
      maxStalledCount: 3,
    },
  );
  worker.on('error', onError);
  worker.on('failed', (job, error) => {
    if (!(error instanceof DelayedError)) onError(new Error(`job ${job?.id ?? '?'}: ${error.message}`));
  });
  const schedulers = await keepJobSchedulers(queue, [{ id: 'events-retention', repeat: { every: RETENTION_EVERY_MS }, template: { name: 'retention', data: { task: 'retention' } } }], { onError });

  async function sweep(graceMs = 10_000): Promise<number> {
    const due = await sql<{ id: string; endpointId: string; attemptCount: number }>(
      `SELECT id, endpoint_id AS "endpointId", attempt_count AS "attemptCount" FROM accounts.webhook_deliveries
        WHERE status = 'pending' AND next_attempt_at <= now() - make_interval(secs => $1::double precision / 1000)
          AND (leased_until IS NULL OR leased_until < now())
        ORDER BY next_attempt_at LIMIT 1000`,
      [graceMs],
    );
    await enqueueAttempts(due);
    return due.length;
  }

  // Wake-ups at commit of a manual retry or replay; polling catches what a lost job left behind.
  let listener: Client | undefined;
  async function listen(): Promise<void> {
    if (stopped) return;
    const client = new Client({ connectionString: options.listenUrl, application_name: 'orquesta-webhooks' });
    client.on('error', (error) => {
      onError(error);
      listener = undefined;
      setTimeout(() => void listen().catch(onError), 1_000).unref();
    });
    client.on('notification', () => void sweep(0).catch(onError));
    await client.connect();
    await client.query(`LISTEN ${WEBHOOK_NOTIFY_CHANNEL}`);
    listener = client;
  }
  await listen();
  const timer = setInterval(() => void sweep().catch(onError), config.sweepIntervalMs);
  timer.unref();
  // The relay's wake-ups are Redis jobs; this catches up on whatever a lost one would have owed.
  const fanOutTimer = setInterval(() => void fanOut().catch(onError), config.fanOutIntervalMs);
  fanOutTimer.unref();

  return {
    queue,
    sweep,
    async stop(stopOptions = {}) {
      stopped = true;
      clearInterval(timer);
      clearInterval(fanOutTimer);
      schedulers.stop();
      if (stopOptions.force) abort.abort();
      await worker.close(stopOptions.force ?? false);
      await fanOutRun?.catch(() => undefined);
      await queue.close();
      await listener?.end().catch(() => undefined);
      await pool.end();
    },
  };
}
