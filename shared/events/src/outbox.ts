import type { EntityManager } from 'typeorm';
import type { Actor } from '@orquesta/context';
import type { TenantScope } from '@orquesta/db';
import { formatEventId, parseEventId, type EventPosition } from './event-cursor';

/** An event as it leaves the outbox: what the relay publishes and subscribers receive. */
export interface OutboxEvent {
  /** The public id, also the resume cursor: `evt_<txid>_<id>`. */
  readonly id: string;
  readonly tenantId: string;
  readonly livemode: boolean;
  readonly type: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly entityVersion: number;
  readonly payload: Record<string, unknown>;
  readonly actor: Actor | null;
  readonly createdAt: string;
}

export interface NewEvent {
  readonly type: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly entityVersion: number;
  readonly payload: Record<string, unknown>;
  readonly actor?: Actor;
}

/**
 * Writes an event in the caller's transaction: it commits with the state change it describes
 * or not at all. Nothing is published here; the relay does that after commit. Returns the
 * event's public id.
 */
export async function recordEvent(manager: EntityManager, scope: TenantScope, event: NewEvent): Promise<string> {
  const [row]: Array<{ id: string; txid: string }> = await manager.query(
    `INSERT INTO events.events (tenant_id, livemode, type, entity_type, entity_id, entity_version, payload, actor)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text AS id, txid::text AS txid`,
    [
      scope.tenantId,
      scope.livemode,
      event.type,
      event.entityType,
      event.entityId,
      event.entityVersion,
      JSON.stringify(event.payload),
      event.actor ? JSON.stringify(event.actor) : null,
    ],
  );
  return formatEventId(row);
}

/** A data-modifying statement another statement can carry as a CTE (one round trip, all or nothing). */
export interface AlongsideStatement {
  /** Fixed SQL text with placeholders $1…$n for `params`. */
  readonly sql: string;
  readonly params: readonly unknown[];
  /** Names it in prepared-statement names, so the text must never vary. */
  readonly name: string;
}

/** Shifts the placeholders of trusted SQL by `offset` ($1 → $(1 + offset)), to combine statements. */
export function shiftPlaceholders(sql: string, offset: number): string {
  return sql.replace(/\$(\d+)/g, (_match, index: string) => `$${Number(index) + offset}`);
}

/** The INSERT of several events, in the given order, as a statement to run or to combine. */
export function eventsInsert(scope: TenantScope, events: readonly NewEvent[]): AlongsideStatement {
  return {
    name: 'events_insert',
    sql: `INSERT INTO events.events (tenant_id, livemode, type, entity_type, entity_id, entity_version, payload, actor)
          SELECT $1, $2, e.type, e.entity_type, e.entity_id, e.entity_version, e.payload, e.actor
            FROM unnest($3::text[], $4::text[], $5::uuid[], $6::int[], $7::jsonb[], $8::jsonb[]) WITH ORDINALITY
              AS e (type, entity_type, entity_id, entity_version, payload, actor, n)
           ORDER BY e.n`,
    params: [
      scope.tenantId,
      scope.livemode,
      events.map((event) => event.type),
      events.map((event) => event.entityType),
      events.map((event) => event.entityId),
      events.map((event) => event.entityVersion),
      events.map((event) => JSON.stringify(event.payload)),
      events.map((event) => (event.actor ? JSON.stringify(event.actor) : null)),
    ],
  };
}

export interface EventRow {
  id: string;
  txid: string;
  tenant_id: string;
  livemode: boolean;
  type: string;
  entity_type: string;
  entity_id: string;
  entity_version: number;
  payload: Record<string, unknown>;
  actor: Actor | null;
  created_at: Date;
}

export const EVENT_COLUMNS =
  'id::text AS id, txid::text AS txid, tenant_id, livemode, type, entity_type, entity_id, entity_version, payload, actor, created_at';

export function eventFromRow(row: EventRow): OutboxEvent {
  return {
    id: formatEventId({ txid: row.txid, id: row.id }),
    tenantId: row.tenant_id,
    livemode: row.livemode,
    type: row.type,
    entityType: row.entity_type,
    entityId: row.entity_id,
    entityVersion: row.entity_version,
    payload: row.payload,
    actor: row.actor,
    createdAt: row.created_at.toISOString(),
  };
}

export function positionOf(event: Pick<OutboxEvent, 'id'>): EventPosition {
  const position = parseEventId(event.id);
  if (!position) throw new Error(`malformed event id ${event.id}`);
  return position;
}
