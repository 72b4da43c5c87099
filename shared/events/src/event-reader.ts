import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { readForTenant, SqlWhere, type TenantScope } from '@orquesta/db';
import { ORIGIN, type EventPosition } from './event-cursor';
import { EVENT_COLUMNS, eventFromRow, type EventRow, type OutboxEvent } from './outbox';

/** How long the outbox keeps events: the Events API window, and what retention deletes. */
export const EVENT_RETENTION_DAYS = 30;

export interface EventFilter {
  readonly after?: EventPosition;
  readonly entityId?: string;
  readonly types?: readonly string[];
  readonly createdFrom?: Date;
  readonly createdTo?: Date;
  readonly limit: number;
}

// Only events below the horizon, computed in a statement of its own just before the read (whose
// snapshot is then newer): every writer that could still commit one of them is already visible.
const HORIZON = 'SELECT events.set_horizon();\n';
const SETTLED = "txid < current_setting('events.horizon')::xid8";

/**
 * One tenant's settled events within the retention window, in outbox order, after a position:
 * subscription replays, the Events API and webhook replays all read here, under row-level
 * security like any request.
 */
export async function readEvents(source: DataSource | Pool, scope: TenantScope, filter: EventFilter): Promise<OutboxEvent[]> {
  const after = filter.after ?? ORIGIN;
  const where = new SqlWhere(
    [scope.tenantId, scope.livemode, after.txid, after.id, filter.limit, EVENT_RETENTION_DAYS],
    ['tenant_id = $1', 'livemode = $2', '(txid, id) > ($3::xid8, $4::bigint)', SETTLED, 'created_at > now() - make_interval(days => $6)'],
  );
  if (filter.entityId) where.and((p) => `entity_id = ${p}::uuid`, filter.entityId);
  if (filter.types && filter.types.length > 0) where.and((p) => `type = ANY(${p}::text[])`, filter.types);
  if (filter.createdFrom) where.and((p) => `created_at >= ${p}::timestamptz`, filter.createdFrom);
  if (filter.createdTo) where.and((p) => `created_at < ${p}::timestamptz`, filter.createdTo);
  const rows = await readForTenant<EventRow>(
    source,
    scope,
    `${HORIZON}SELECT ${EVENT_COLUMNS} FROM events.events WHERE ${where.sql} ORDER BY txid, id LIMIT $5`,
    where.params,
  );
  return rows.map(eventFromRow);
}

/** The newest settled position of a tenant's events, or the origin when it has none. */
export async function latestEventPosition(pool: Pool, scope: TenantScope): Promise<EventPosition> {
  const rows = await readForTenant<EventPosition>(
    pool,
    scope,
    `${HORIZON}SELECT txid::text AS txid, id::text AS id FROM events.events
      WHERE tenant_id = $1 AND livemode = $2 AND ${SETTLED}
      ORDER BY txid DESC, id DESC LIMIT 1`,
    [scope.tenantId, scope.livemode],
  );
  return rows[0] ?? ORIGIN;
}

/** Prefix a read with `SETTLED_EVENTS_HORIZON` (its own statement), then filter with the condition. */
export const SETTLED_EVENTS_HORIZON = HORIZON;
export const SETTLED_EVENTS_CONDITION = SETTLED;
