import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { readForTenant, SqlWhere, type TenantScope } from '@orquesta/db';
import { ORIGIN, parseEventId, type EventPosition } from './event-cursor';
import { SETTLED_EVENTS_CONDITION } from './event-reader';
import { EVENT_COLUMNS, eventFromRow, type EventRow, type OutboxEvent } from './outbox';

/** How long the outbox keeps events: the Events API window, and what retention deletes. */
export const EVENT_RETENTION_DAYS = 30;

export interface EventPageFilter {
  readonly after?: EventPosition;
  readonly entityId?: string;
  readonly types?: readonly string[];
  readonly createdFrom?: Date;
  readonly createdTo?: Date;
  readonly limit: number;
}

/**
 * One tenant's settled events within the retention window, in outbox order, after a position:
 * the Events API and webhook replays read here.
 */
export async function readEventPage(source: DataSource | Pool, scope: TenantScope, filter: EventPageFilter): Promise<OutboxEvent[]> {
  const after = filter.after ?? ORIGIN;
  const where = new SqlWhere(
    [scope.tenantId, scope.livemode, after.txid, after.id, filter.limit, EVENT_RETENTION_DAYS],
    [
      'tenant_id = $1',
      'livemode = $2',
      '(txid, id) > ($3::xid8, $4::bigint)',
      SETTLED_EVENTS_CONDITION,
      "created_at > now() - make_interval(days => $6)",
    ],
  );
  if (filter.entityId) where.and((p) => `entity_id = ${p}::uuid`, filter.entityId);
  if (filter.types && filter.types.length > 0) where.and((p) => `type = ANY(${p}::text[])`, filter.types);
  if (filter.createdFrom) where.and((p) => `created_at >= ${p}::timestamptz`, filter.createdFrom);
  if (filter.createdTo) where.and((p) => `created_at < ${p}::timestamptz`, filter.createdTo);
  const rows = await readForTenant<EventRow>(
    source,
    scope,
    `SELECT ${EVENT_COLUMNS} FROM events.events WHERE ${where.sql} ORDER BY txid, id LIMIT $5`,
    where.params,
  );
  return rows.map(eventFromRow);
}

/** Events by public id (unknown, malformed, expired and other tenants' ids are simply absent). */
export async function readEventsById(source: DataSource | Pool, scope: TenantScope, ids: readonly string[]): Promise<OutboxEvent[]> {
  const positions = ids.map(parseEventId).filter((position): position is EventPosition => position !== undefined);
  if (positions.length === 0) return [];
  const rows = await readForTenant<EventRow>(
    source,
    scope,
    `SELECT ${EVENT_COLUMNS} FROM events.events
      WHERE tenant_id = $1 AND livemode = $2 AND id = ANY($3::bigint[]) AND ${SETTLED_EVENTS_CONDITION}
        AND created_at > now() - make_interval(days => $4)`,
    [scope.tenantId, scope.livemode, positions.map((position) => position.id), EVENT_RETENTION_DAYS],
  );
  const wanted = new Set(ids);
  return rows.map(eventFromRow).filter((event) => wanted.has(event.id));
}

/**
 * Deletes events past the retention window, a bounded batch at a time so no long transaction
 * holds the relay back. Returns how many went. Runs on the system role.
 */
export async function deleteExpiredEvents(dataSource: DataSource, batchSize = 5_000, retentionDays = EVENT_RETENTION_DAYS): Promise<number> {
  let deleted = 0;
  for (;;) {
    const [{ count }]: Array<{ count: number }> = await dataSource.query(
      `WITH d AS (DELETE FROM events.events WHERE id IN (
         SELECT id FROM events.events WHERE created_at < now() - make_interval(days => $1) LIMIT $2) RETURNING id)
       SELECT count(*)::int AS count FROM d`,
      [retentionDays, batchSize],
    );
    deleted += count;
    if (count < batchSize) return deleted;
  }
}
