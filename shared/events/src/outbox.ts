import type { EntityManager } from 'typeorm';
import type { Actor } from '@orquesta/context';
import { queryPrepared, type TenantScope } from '@orquesta/db';
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
 * or not at all. Nothing is published here; the relay does that after commit.
 */
export async function recordEvent(manager: EntityManager, scope: TenantScope, event: NewEvent): Promise<void> {
  await manager.query(
    `INSERT INTO events.events (tenant_id, livemode, type, entity_type, entity_id, entity_version, payload, actor)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
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
}

/** A data-modifying statement to run in the same round trip as the events (a CTE). */
export interface AlongsideStatement {
  /** Uses placeholders $1…$n for `params`; the events' own follow. */
  readonly sql: string;
  readonly params: readonly unknown[];
  /** Names a prepared statement for it (the SQL must then never vary). */
  readonly name?: string;
}

/**
 * Several events in one statement, in the given order, optionally with the state change they
 * describe (`alongside`): one round trip for "write the row and announce it".
 */
export async function recordEvents(manager: EntityManager, scope: TenantScope, events: readonly NewEvent[], alongside?: AlongsideStatement): Promise<void> {
  if (events.length === 0 && !alongside) return;
  const offset = alongside?.params.length ?? 0;
  const p = (n: number) => `$${offset + n}`;
  const sql =
    (alongside ? `WITH alongside AS (${alongside.sql}) ` : '') +
    `INSERT INTO events.events (tenant_id, livemode, type, entity_type, entity_id, entity_version, payload, actor)
     SELECT ${p(1)}, ${p(2)}, e.type, e.entity_type, e.entity_id, e.entity_version, e.payload, e.actor
       FROM unnest(${p(3)}::text[], ${p(4)}::text[], ${p(5)}::uuid[], ${p(6)}::int[], ${p(7)}::jsonb[], ${p(8)}::jsonb[]) WITH ORDINALITY
         AS e (type, entity_type, entity_id, entity_version, payload, actor, n)
      ORDER BY e.n`;
  const params = [
    ...(alongside?.params ?? []),
    scope.tenantId,
    scope.livemode,
    events.map((event) => event.type),
    events.map((event) => event.entityType),
    events.map((event) => event.entityId),
    events.map((event) => event.entityVersion),
    events.map((event) => JSON.stringify(event.payload)),
    events.map((event) => (event.actor ? JSON.stringify(event.actor) : null)),
  ];
  if (alongside?.name) await queryPrepared(manager, alongside.name, sql, params);
  else await manager.query(sql, params);
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
