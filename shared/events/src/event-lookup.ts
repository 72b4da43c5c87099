import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { readForTenant, type TenantScope } from '@orquesta/db';
import { parseEventId, type EventPosition } from './event-cursor';
import { EVENT_RETENTION_DAYS, SETTLED_EVENTS_CONDITION, SETTLED_EVENTS_HORIZON } from './event-reader';
import { EVENT_COLUMNS, eventFromRow, type EventRow, type OutboxEvent } from './outbox';

/** Events by public id (unknown, malformed, expired and other tenants' ids are simply absent). */
export async function readEventsById(source: DataSource | Pool, scope: TenantScope, ids: readonly string[]): Promise<OutboxEvent[]> {
  const positions = ids.map(parseEventId).filter((position): position is EventPosition => position !== undefined);
  if (positions.length === 0) return [];
  const rows = await readForTenant<EventRow>(
    source,
    scope,
    `${SETTLED_EVENTS_HORIZON}SELECT ${EVENT_COLUMNS} FROM events.events
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

/** Whose event an id names and what it is about, read as the system role (a job that carries only the id); null when unknown. */
export async function eventSubject(systemPool: Pool, eventId: string): Promise<{ scope: TenantScope; type: string; entityId: string } | null> {
  const position = parseEventId(eventId);
  if (!position) return null;
  const { rows } = await systemPool.query<{ tenant_id: string; livemode: boolean; type: string; entity_id: string }>(
    'SELECT tenant_id, livemode, type, entity_id FROM events.events WHERE id = $1',
    [position.id],
  );
  return rows[0] ? { scope: { tenantId: rows[0].tenant_id, livemode: rows[0].livemode }, type: rows[0].type, entityId: rows[0].entity_id } : null;
}
