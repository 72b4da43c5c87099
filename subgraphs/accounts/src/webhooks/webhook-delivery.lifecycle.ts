import { uuidv7 } from '@orquesta/db';
import type { DeliveryStatus } from './webhook-delivery.entity';
import type { Sql } from './webhook-sql';

/**
 * The only code that writes a delivery's status. Transitions:
 *   (new)     → pending                     fan-out or replay creates it
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

export async function leaseAttempt(sql: Sql, deliveryId: string, attempt: number, leaseMs: number): Promise<LeaseOutcome> {
  const leased = await sql<AttemptContext>(
    `WITH l AS (
       UPDATE accounts.webhook_deliveries SET leased_until = now() + make_interval(secs => $3::double precision / 1000)
        WHERE id = $1 AND status = 'pending' AND attempt_count = $2 AND (leased_until IS NULL OR leased_until < now())
        RETURNING id, tenant_id, livemode, endpoint_id, event_id, attempt_count)
     SELECT l.id, l.tenant_id AS "tenantId", l.livemode, l.endpoint_id AS "endpointId", l.event_id AS "eventId", l.attempt_count AS "attemptCount",
            e.url, e.status AS "endpointStatus", e.secret_sealed AS "secretSealed", e.previous_secret_sealed AS "previousSecretSealed",
            e.previous_secret_expires_at AS "previousSecretExpiresAt", e.failing_since AS "failingSince",
            ev.type AS "eventType", ev.payload, ev.created_at AS "eventCreatedAt"
       FROM l JOIN accounts.webhook_endpoints e ON e.id = l.endpoint_id
       LEFT JOIN events.events ev ON ev.id = split_part(l.event_id, '_', 3)::bigint AND ev.txid = split_part(l.event_id, '_', 2)::xid8`,
    [deliveryId, attempt, leaseMs],
  );
  if (leased[0]) return { kind: 'leased', delivery: leased[0] };
  const [row] = await sql<{ status: DeliveryStatus; attempt_count: number; leased_until: Date | null }>(
    'SELECT status, attempt_count, leased_until FROM accounts.webhook_deliveries WHERE id = $1',
    [deliveryId],
  );
  if (row && row.status === 'pending' && row.attempt_count === attempt && row.leased_until) return { kind: 'busy', leasedUntil: row.leased_until };
  return { kind: 'stale' };
}

// A UUIDv7 made in SQL (millisecond time, then randomness), for rows the fan-out inserts in bulk.
const SQL_UUIDV7 = `encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
  substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid`;

/**
 * The fan-out of one event, in one statement: a pending delivery for every enabled endpoint of
 * the event's tenant and mode whose filter matches (`webhook.test` only to its own endpoint).
 * Existing deliveries are left alone, so a repeated fan-out owes nothing twice.
 */
export async function oweEvent(sql: Sql, eventId: string, txid: string, id: string): Promise<Array<{ id: string; endpointId: string; attemptCount: number }>> {
  return sql(
    `WITH ev AS (SELECT tenant_id, livemode, type, entity_id FROM events.events WHERE id = $1 AND txid = $2::xid8),
     d AS (
       INSERT INTO accounts.webhook_deliveries (id, tenant_id, livemode, endpoint_id, event_id, event_type, status, attempt_count, next_attempt_at)
       SELECT ${SQL_UUIDV7}, ev.tenant_id, ev.livemode, e.id, $3, ev.type, 'pending', 0, now()
         FROM ev JOIN accounts.webhook_endpoints e ON e.tenant_id = ev.tenant_id AND e.livemode = ev.livemode AND e.status = 'enabled'
        WHERE CASE WHEN ev.type = 'webhook.test' THEN e.id = ev.entity_id
                   ELSE ev.type = ANY(e.event_types) OR '*' = ANY(e.event_types) OR split_part(ev.type, '.', 1) || '.*' = ANY(e.event_types) END
       ON CONFLICT (endpoint_id, event_id) DO NOTHING
       RETURNING id, endpoint_id, attempt_count)
     SELECT id, endpoint_id AS "endpointId", attempt_count AS "attemptCount" FROM d`,
    [id, txid, eventId],
  );
}

export interface AttemptRecord {
  readonly attemptedAt: Date;
  readonly statusCode: number | null;
  readonly latencyMs: number;
  readonly responseExcerpt: string | null;
  readonly error: string | null;
  readonly succeeded: boolean;
}

/**
 * Logs an attempt and moves the delivery on: succeeded, failed (`nextAttemptAt` null), or
 * pending with the next attempt due at `nextAttemptAt`.
 */
export async function recordAttempt(sql: Sql, delivery: LeasedDelivery, attempt: AttemptRecord, nextAttemptAt: Date | null): Promise<DeliveryStatus> {
  const status: DeliveryStatus = attempt.succeeded ? 'succeeded' : nextAttemptAt ? 'pending' : 'failed';
  await sql(
    `WITH a AS (
       INSERT INTO accounts.webhook_attempts (id, tenant_id, livemode, delivery_id, attempted_at, status_code, latency_ms, response_excerpt, error, succeeded)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id),
     d AS (
       UPDATE accounts.webhook_deliveries
          SET status = $11, attempt_count = attempt_count + 1, last_attempt_at = $5, last_status_code = $6,
              next_attempt_at = $12, leased_until = NULL, updated_at = now()
        WHERE id = $4 RETURNING id)
     SELECT (SELECT count(*) FROM a) AS attempts, (SELECT count(*) FROM d) AS deliveries`,
    [
      uuidv7(attempt.attemptedAt.getTime()),
      delivery.tenantId,
      delivery.livemode,
      delivery.id,
      attempt.attemptedAt,
      attempt.statusCode,
      attempt.latencyMs,
      attempt.responseExcerpt,
      attempt.error,
      attempt.succeeded,
      status,
      nextAttemptAt,
    ],
  );
  return status;
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
