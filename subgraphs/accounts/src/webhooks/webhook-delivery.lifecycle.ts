import { uuidv7 } from '@orquesta/db';
import type { DeliveryStatus } from './webhook-delivery.entity';
import type { Sql } from './webhook-sql';

/**
 * The only code that writes a delivery's status. Transitions:
 *   (new)     → pending                     fan-out (from the outbox) or replay creates it
 *   pending   → pending (attempt_count + 1)  an attempt failed and a retry is due later
 *   pending   → succeeded | failed           a 2xx; retries exhausted or endpoint disabled
 *   succeeded | failed → pending            manual retry or replay (same webhook-id)
 * An attempt holds a lease (leased_until) while it sends, so two workers never send the same
 * attempt at once; a worker that dies loses its lease when it expires.
 */

export interface LeasedDelivery {
  readonly id: string;
  readonly tenantId: string;
  readonly livemode: boolean;
  readonly endpointId: string;
  readonly eventId: string;
  readonly attemptCount: number;
}

/** What an attempt needs, read in the same statement that takes the lease: one round trip. */
export interface AttemptContext extends LeasedDelivery {
  readonly url: string;
  readonly endpointStatus: string;
  readonly secretSealed: Buffer;
  readonly previousSecretSealed: Buffer | null;
  readonly previousSecretExpiresAt: Date | null;
  readonly failingSince: Date | null;
  /** Null once the event is past retention. */
  readonly eventType: string | null;
  readonly payload: Record<string, unknown> | null;
  readonly eventCreatedAt: Date | null;
}

export type LeaseOutcome =
  | { readonly kind: 'leased'; readonly delivery: AttemptContext }
  /** Someone else is sending this attempt; try again once their lease ends. */
  | { readonly kind: 'busy'; readonly leasedUntil: Date }
  /** Already done, or this job is for an attempt that is no longer the next one. */
  | { readonly kind: 'stale' };

export interface LeaseRequest {
  readonly deliveryId: string;
  readonly attempt: number;
}

/**
 * Leases several attempts in one statement and reads what each needs (endpoint, secrets, event).
 * An attempt is leased only if it is still the delivery's next one, the delivery is pending and
 * nobody else holds it; the others are told whether to wait (busy) or drop the job (stale).
 */
export async function leaseAttempts(sql: Sql, requests: readonly LeaseRequest[], leaseMs: number): Promise<LeaseOutcome[]> {
  const leased = await sql<AttemptContext>(
    `WITH x AS (SELECT * FROM unnest($1::uuid[], $2::int[]) AS x (id, attempt)),
     l AS (
       UPDATE accounts.webhook_deliveries d SET leased_until = now() + make_interval(secs => $3::double precision / 1000)
         FROM x
        WHERE d.id = x.id AND d.status = 'pending' AND d.attempt_count = x.attempt AND (d.leased_until IS NULL OR d.leased_until < now())
        RETURNING d.id, d.tenant_id, d.livemode, d.endpoint_id, d.event_id, d.attempt_count)
     SELECT l.id, l.tenant_id AS "tenantId", l.livemode, l.endpoint_id AS "endpointId", l.event_id AS "eventId", l.attempt_count AS "attemptCount",
            e.url, e.status AS "endpointStatus", e.secret_sealed AS "secretSealed", e.previous_secret_sealed AS "previousSecretSealed",
            e.previous_secret_expires_at AS "previousSecretExpiresAt", e.failing_since AS "failingSince",
            ev.type AS "eventType", ev.payload, ev.created_at AS "eventCreatedAt"
       FROM l JOIN accounts.webhook_endpoints e ON e.id = l.endpoint_id
       LEFT JOIN events.by_public_id(ARRAY(SELECT event_id FROM l)) ev ON ev.event_id = l.event_id`,
    [requests.map((request) => request.deliveryId), requests.map((request) => request.attempt), leaseMs],
  );
  const byId = new Map(leased.map((row) => [row.id, row]));
  const missed = requests.filter((request) => !byId.has(request.deliveryId));
  const states = missed.length === 0
    ? []
    : await sql<{ id: string; status: DeliveryStatus; attempt_count: number; leased_until: Date | null }>(
        'SELECT id, status, attempt_count, leased_until FROM accounts.webhook_deliveries WHERE id = ANY($1::uuid[])',
        [missed.map((request) => request.deliveryId)],
      );
  const stateById = new Map(states.map((row) => [row.id, row]));
  return requests.map((request): LeaseOutcome => {
    const delivery = byId.get(request.deliveryId);
    if (delivery) return { kind: 'leased', delivery };
    const row = stateById.get(request.deliveryId);
    if (row && row.status === 'pending' && row.attempt_count === request.attempt && row.leased_until) return { kind: 'busy', leasedUntil: row.leased_until };
    return { kind: 'stale' };
  });
}

// A UUIDv7 made in SQL (millisecond time, then randomness), for rows the fan-out inserts in bulk.
const SQL_UUIDV7 = `encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
  substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid`;

export interface FanOutBatch {
  /** Settled events read after the position (the position moved past all of them). */
  readonly events: number;
  /** The deliveries they created, to enqueue. */
  readonly deliveries: Array<{ id: string; endpointId: string; attemptCount: number }>;
}

interface Transactional {
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
}

/**
 * The fan-out of the settled events after the fan-out position, in one transaction: a pending
 * delivery for every enabled endpoint of each event's tenant and mode whose filter matches
 * (`webhook.test` only to its own endpoint), and the position moved past the batch. The
 * position's row lock makes concurrent fan-outs (several workers) take turns; existing
 * deliveries are left alone, so nothing is owed twice. Events come from the events library's
 * reader (`events.settled_after`): below its horizon, nothing can commit behind the position.
 */
export async function fanOutSettledEvents(client: Transactional, batchSize: number): Promise<FanOutBatch> {
  await client.query('BEGIN');
  try {
    const [position] = (await client.query<{ txid: string; eventId: string }>(
      `SELECT txid::text, event_id::text AS "eventId", events.set_horizon() FROM accounts.webhook_fan_out WHERE name = 'default' FOR UPDATE`,
    )).rows;
    // A new statement, so a new snapshot: newer than the horizon, and than the previous holder's commit.
    const [batch] = (await client.query<FanOutBatch>(
      `WITH ev AS MATERIALIZED (
         SELECT id, txid, tenant_id, livemode, type, entity_id FROM events.settled_after($1::xid8, $2::bigint, $3)),
       d AS (
         INSERT INTO accounts.webhook_deliveries (id, tenant_id, livemode, endpoint_id, event_id, event_type, status, attempt_count, next_attempt_at)
         SELECT ${SQL_UUIDV7}, ev.tenant_id, ev.livemode, e.id, 'evt_' || ev.txid::text || '_' || ev.id::text, ev.type, 'pending', 0, now()
           FROM ev JOIN accounts.webhook_endpoints e ON e.tenant_id = ev.tenant_id AND e.livemode = ev.livemode AND e.status = 'enabled'
          WHERE CASE WHEN ev.type = 'webhook.test' THEN e.id = ev.entity_id
                     ELSE ev.type = ANY(e.event_types) OR '*' = ANY(e.event_types) OR split_part(ev.type, '.', 1) || '.*' = ANY(e.event_types) END
         ON CONFLICT (endpoint_id, event_id) DO NOTHING
         RETURNING id, endpoint_id, attempt_count),
       last AS (SELECT txid, id FROM ev ORDER BY txid DESC, id DESC LIMIT 1),
       moved AS (
         UPDATE accounts.webhook_fan_out f SET txid = last.txid, event_id = last.id, updated_at = now()
           FROM last WHERE f.name = 'default' RETURNING 1)
       SELECT (SELECT count(*) FROM ev)::int AS events, (SELECT count(*) FROM moved)::int AS moved,
              coalesce((SELECT json_agg(json_build_object('id', id, 'endpointId', endpoint_id, 'attemptCount', attempt_count)) FROM d), '[]') AS deliveries`,
      [position.txid, position.eventId, batchSize],
    )).rows;
    await client.query('COMMIT');
    return { events: batch.events, deliveries: batch.deliveries };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export interface AttemptRecord {
  readonly attemptedAt: Date;
  readonly statusCode: number | null;
  readonly latencyMs: number;
  readonly responseExcerpt: string | null;
  readonly error: string | null;
  readonly succeeded: boolean;
}

export interface AttemptOutcome {
  readonly delivery: LeasedDelivery;
  readonly attempt: AttemptRecord;
  /** When the next attempt is due; null when there is none (success, or no retry left). */
  readonly nextAttemptAt: Date | null;
}

/**
 * Logs attempts and moves their deliveries on, in one statement for the batch: succeeded,
 * failed (no next attempt), or pending with the next attempt due at `nextAttemptAt`.
 */
export async function recordAttempts(sql: Sql, outcomes: readonly AttemptOutcome[]): Promise<DeliveryStatus[]> {
  const statuses = outcomes.map(({ attempt, nextAttemptAt }): DeliveryStatus => (attempt.succeeded ? 'succeeded' : nextAttemptAt ? 'pending' : 'failed'));
  const column = <T>(pick: (outcome: AttemptOutcome, index: number) => T) => outcomes.map(pick);
  await sql(
    `WITH r AS (
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::boolean[], $4::uuid[], $5::timestamptz[], $6::int[], $7::int[], $8::text[], $9::text[],
                            $10::boolean[], $11::text[], $12::timestamptz[])
         AS r (id, tenant_id, livemode, delivery_id, attempted_at, status_code, latency_ms, response_excerpt, error, succeeded, status, next_attempt_at)),
     a AS (
       INSERT INTO accounts.webhook_attempts (id, tenant_id, livemode, delivery_id, attempted_at, status_code, latency_ms, response_excerpt, error, succeeded)
       SELECT id, tenant_id, livemode, delivery_id, attempted_at, status_code, latency_ms, response_excerpt, error, succeeded FROM r RETURNING 1),
     d AS (
       UPDATE accounts.webhook_deliveries w
          SET status = r.status, attempt_count = w.attempt_count + 1, last_attempt_at = r.attempted_at, last_status_code = r.status_code,
              next_attempt_at = r.next_attempt_at, leased_until = NULL, updated_at = now()
         FROM r WHERE w.id = r.delivery_id RETURNING 1)
     SELECT (SELECT count(*) FROM a) AS attempts, (SELECT count(*) FROM d) AS deliveries`,
    [
      column((o) => uuidv7(o.attempt.attemptedAt.getTime())),
      column((o) => o.delivery.tenantId),
      column((o) => o.delivery.livemode),
      column((o) => o.delivery.id),
      column((o) => o.attempt.attemptedAt),
      column((o) => o.attempt.statusCode),
      column((o) => o.attempt.latencyMs),
      column((o) => o.attempt.responseExcerpt),
      column((o) => o.attempt.error),
      column((o) => o.attempt.succeeded),
      statuses,
      column((o) => o.nextAttemptAt),
    ],
  );
  return statuses;
}

/** The endpoint is gone or disabled: nothing more will be tried. */
export async function abandonDelivery(sql: Sql, deliveryId: string): Promise<void> {
  await sql(
    `WITH d AS (UPDATE accounts.webhook_deliveries SET status = 'failed', next_attempt_at = NULL, leased_until = NULL, updated_at = now()
       WHERE id = $1 AND status = 'pending' RETURNING id) SELECT count(*) FROM d`,
    [deliveryId],
  );
}

/** Manual retry and replay: owed again, due now, under the same event (same webhook-id). */
export async function requeueDelivery(sql: Sql, deliveryId: string): Promise<boolean> {
  const rows = await sql(
    `WITH d AS (UPDATE accounts.webhook_deliveries SET status = 'pending', next_attempt_at = now(), updated_at = now()
       WHERE id = $1 AND status <> 'pending' RETURNING id) SELECT id FROM d`,
    [deliveryId],
  );
  return rows.length > 0;
}

export interface Owed {
  readonly endpointId: string;
  readonly eventId: string;
  readonly eventType: string;
}

/**
 * Creates deliveries (event × endpoint), due now. Existing ones are left as they are unless
 * `requeue` (a replay), which makes finished ones pending again. Returns the deliveries that are
 * pending because of this call, to be enqueued.
 */
export async function owe(
  sql: Sql,
  scope: { tenantId: string; livemode: boolean },
  owed: readonly Owed[],
  requeue: boolean,
): Promise<Array<{ id: string; endpointId: string; attemptCount: number }>> {
  if (owed.length === 0) return [];
  const now = Date.now();
  return sql<{ id: string; endpointId: string; attemptCount: number }>(
    `WITH d AS (
       INSERT INTO accounts.webhook_deliveries (id, tenant_id, livemode, endpoint_id, event_id, event_type, status, attempt_count, next_attempt_at)
       SELECT e.id, $1, $2, e.endpoint_id, e.event_id, e.event_type, 'pending', 0, now()
         FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[]) AS e (id, endpoint_id, event_id, event_type)
       ON CONFLICT (endpoint_id, event_id) DO UPDATE SET status = 'pending', next_attempt_at = now(), updated_at = now()
         WHERE $7 AND webhook_deliveries.status <> 'pending'
       RETURNING id, endpoint_id, attempt_count)
     SELECT id, endpoint_id AS "endpointId", attempt_count AS "attemptCount" FROM d`,
    [
      scope.tenantId,
      scope.livemode,
      owed.map(() => uuidv7(now)),
      owed.map((row) => row.endpointId),
      owed.map((row) => row.eventId),
      owed.map((row) => row.eventType),
      requeue,
    ],
  );
}
