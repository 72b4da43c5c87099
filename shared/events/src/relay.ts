import { Client } from 'pg';
import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import { createLogger, redisKey } from '@orquesta/context';
import type { EventPosition } from './event-cursor';
import { EVENT_COLUMNS, eventFromRow, type EventRow, type OutboxEvent } from './outbox';

const log = createLogger('relay');

/** The Redis channel carrying one tenant's events to every gateway replica of a deployment (its namespace). */
export function tenantChannel(namespace: string, tenantId: string): string {
  return redisKey(namespace, 'events', tenantId);
}

/**
 * Credential events also go out on one channel every gateway replica holds, whatever tenants
 * its clients belong to: each forgets its cached verdicts and re-checks its open sockets.
 */
export function credentialsChannel(namespace: string): string {
  return redisKey(namespace, 'credentials');
}
export const CREDENTIAL_EVENT_TYPES: ReadonlySet<string> = new Set(['api_key.revoked', 'session.revoked', 'agent_token.revoked', 'agent.updated', 'member.role_changed']);

/**
 * Subscribes a Redis connection to a tenant's channel once the connection is ready. ioredis
 * lets SUBSCRIBE through during its handshake; the ready check that follows is then refused in
 * subscriber mode and the connection never recovers its subscription, so we wait.
 */
export async function subscribeToTenant(redis: Redis, namespace: string, tenantId: string): Promise<void> {
  await subscribeWhenReady(redis, tenantChannel(namespace, tenantId));
}

export async function subscribeWhenReady(redis: Redis, channel: string): Promise<void> {
  if (redis.status === 'end') throw new Error('the Redis connection is closed');
  if (redis.status !== 'ready') await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  await redis.subscribe(channel);
}

/**
 * A BullMQ queue that wants some events: the relay enqueues one job per event it accepts
 * (`{ eventId }`, job id = event id), or with `perBatch` one job per hand-over carrying the
 * ids of every accepted event (`{ eventIds }`), for consumers that work in batches anyway.
 */
export interface RelayConsumer {
  readonly queue: Queue;
  accepts(event: OutboxEvent): boolean;
  readonly perBatch?: boolean;
}

export interface RelayOptions {
  /** A connection string for a role that reads every tenant's events (orquesta_system). */
  readonly systemUrl: string;
  readonly publisher: Redis;
  /** The deployment's Redis namespace (see redisNamespace): its channels carry it. */
  readonly namespace: string;
  readonly consumers?: readonly RelayConsumer[];
  readonly batchSize?: number;
  /** How often an idle relay looks for new events; a busy one drains batch after batch. */
  readonly pollIntervalMs?: number;
  readonly onError?: (error: unknown) => void;
  /** Several independent relays may run on one database (tests do); each keeps its own position. */
  readonly name?: string;
  /** Where a relay with no saved position starts: every event ever written, or from now on. */
  readonly startFrom?: 'origin' | 'now';
}

export interface Relay {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once every event committed before the call has been handed over. */
  drained(): Promise<void>;
  readonly isLeader: boolean;
}

// Advisory lock namespace for relay leadership; the second key is derived from the relay name.
const RELAY_LOCK_CLASS = 7303;

/**
 * Moves committed outbox events to Redis (one channel per tenant) and to BullMQ consumers,
 * in outbox order, at least once. One relay leads at a time (a session advisory lock); the
 * others wait to take over. The position is saved after the hand-over, so a crash repeats
 * a batch rather than losing it; receivers dedupe by event id.
 */
export function createRelay(options: RelayOptions): Relay {
  const batchSize = options.batchSize ?? 500;
  // Polling, not LISTEN/NOTIFY: PostgreSQL serializes the commits of notifying transactions,
  // which every money movement would pay for. A 25 ms poll is one index probe.
  const pollIntervalMs = options.pollIntervalMs ?? 25;
  const consumers = options.consumers ?? [];
  const name = options.name ?? 'default';
  const onError = options.onError ?? ((error) => log.error('relay failed', { relay: name, error: String(error) }));

  let client: Client | undefined;
  let leader = false;
  let stopped = false;
  let position: EventPosition = { txid: '0', id: '0' };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const waiters: Array<{ target: bigint; resolve: () => void }> = [];

  async function connect(): Promise<void> {
    const next = new Client({ connectionString: options.systemUrl, application_name: 'orquesta-relay' });
    next.on('error', (error) => {
      onError(error);
      leader = false;
      client = undefined;
    });
    await next.connect();
    client = next;
  }

  async function tryLead(): Promise<boolean> {
    if (!client) await connect();
    const db = client!;
    const { rows } = await db.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [RELAY_LOCK_CLASS, name]);
    if (!rows[0].locked) return false;
    // A new relay starts at the origin, or just past every settled event when asked to.
    const start = options.startFrom === 'now'
      ? "((events.horizon()::text::numeric - 1)::text::xid8, 9223372036854775807)"
      : "('0'::xid8, 0)";
    await db.query(`INSERT INTO events.relay_state (name, txid, event_id) SELECT $1, s.txid, s.event_id FROM (VALUES ${start}) AS s (txid, event_id) ON CONFLICT (name) DO NOTHING`, [name]);
    const state = await db.query<{ txid: string; event_id: string }>(
      'SELECT txid::text AS txid, event_id::text AS event_id FROM events.relay_state WHERE name = $1',
      [name],
    );
    position = { txid: state.rows[0].txid, id: state.rows[0].event_id };
    return true;
  }

  async function handOver(events: OutboxEvent[]): Promise<void> {
    const pipeline = options.publisher.pipeline();
    for (const event of events) {
      const message = JSON.stringify(event);
      pipeline.publish(tenantChannel(options.namespace, event.tenantId), message);
      if (CREDENTIAL_EVENT_TYPES.has(event.type)) pipeline.publish(credentialsChannel(options.namespace), message);
    }
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
    for (const consumer of consumers) {
      const accepted = events.filter((event) => consumer.accepts(event));
      if (accepted.length === 0) continue;
      if (consumer.perBatch) {
        // A batch repeated after a crash may be cut differently: such consumers must be idempotent per event.
        const eventIds = accepted.map((event) => event.id);
        await consumer.queue.add('events', { eventIds }, { jobId: `${eventIds[0]}..${eventIds[eventIds.length - 1]}` });
        continue;
      }
      // The job id is the event id: a batch repeated after a crash adds nothing twice.
      await consumer.queue.addBulk(
        accepted.map((event) => ({ name: event.type, data: { eventId: event.id }, opts: { jobId: event.id } })),
      );
    }
  }

  // One batch after the position, below the horizon (computed first, in its own statement: the
  // read's snapshot must be newer). Once a batch is short, every event under it has been handed over.
  async function drainOnce(): Promise<{ count: number; horizon: bigint }> {
    const db = client!;
    const [{ horizon }] = (await db.query<{ horizon: string }>('SELECT events.horizon()::text AS horizon')).rows;
    const { rows: events } = await db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events.events
        WHERE (txid, id) > ($1::xid8, $2::bigint) AND txid < $4::xid8
        ORDER BY txid, id LIMIT $3`,
      [position.txid, position.id, batchSize, horizon],
    );
    if (events.length > 0) {
      await handOver(events.map(eventFromRow));
      const last = events[events.length - 1];
      position = { txid: last.txid, id: last.id };
      await db.query('UPDATE events.relay_state SET txid = $1::xid8, event_id = $2, updated_at = now() WHERE name = $3', [
        position.txid,
        position.id,
        name,
      ]);
    }
    return { count: events.length, horizon: BigInt(horizon) };
  }

  async function cycle(): Promise<void> {
    try {
      if (!leader) leader = await tryLead();
      if (!leader) return;
      let batch = await drainOnce();
      // A full batch: there is probably more.
      while (!stopped && batch.count === batchSize) batch = await drainOnce();
      if (batch.count < batchSize) settleWaiters(batch.horizon);
    } catch (error) {
      onError(error);
      if (client) {
        const broken = client;
        client = undefined;
        leader = false;
        await broken.end().catch(() => undefined);
      }
    }
  }

  function settleWaiters(horizon: bigint): void {
    for (let i = waiters.length - 1; i >= 0; i -= 1) {
      if (waiters[i].target <= horizon) {
        waiters[i].resolve();
        waiters.splice(i, 1);
      }
    }
  }

  function schedule(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = cycle().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        schedule();
      }
    });
  }

  return {
    get isLeader() {
      return leader;
    },
    async start() {
      stopped = false;
      schedule();
      timer = setInterval(schedule, pollIntervalMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
      const db = client;
      client = undefined;
      leader = false;
      if (db) await db.end().catch(() => undefined);
    },
    async drained() {
      const probe = new Client({ connectionString: options.systemUrl, application_name: 'orquesta-relay' });
      probe.on('error', onError);
      await probe.connect();
      let target: bigint;
      try {
        const { rows } = await probe.query<{ next: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next');
        target = BigInt(rows[0].next);
      } finally {
        await probe.end();
      }
      await new Promise<void>((resolve) => {
        waiters.push({ target, resolve });
        schedule();
      });
    },
  };
}

