import { eventsInsert } from '@orquesta/events';

/**
 * An export's states. Only this module's service writes `status`, and only along these arrows:
 *
 *   processing → ready    the file is stored; `export.ready` announces it (and its webhook)
 *   processing → failed   the build gave up after its retries; `export.failed`
 *   ready      → expired  its download window passed; the file is deleted
 */
export type ExportStatusCode = 'processing' | 'ready' | 'failed' | 'expired';

const NEXT: Readonly<Record<ExportStatusCode, readonly ExportStatusCode[]>> = {
  processing: ['ready', 'failed'],
  ready: ['expired'],
  failed: [],
  expired: [],
};

export function canMove(from: ExportStatusCode, to: ExportStatusCode): boolean {
  return NEXT[from].includes(to);
}

/** The event a state announces, if any. */
export const EXPORT_EVENTS: Readonly<Partial<Record<ExportStatusCode, string>>> = {
  processing: 'export.created',
  ready: 'export.ready',
  failed: 'export.failed',
};

/** A ready export whose window has passed reads as expired even before the sweep deletes its file. */
export function effectiveStatus(status: ExportStatusCode, expiresAt: Date | null, now = new Date()): ExportStatusCode {
  return status === 'ready' && expiresAt !== null && expiresAt <= now ? 'expired' : status;
}

/** What a status change writes besides the status (the file's facts on READY, the reason on FAILED). */
export interface ExportChanges {
  readonly progress?: number;
  readonly recordCount?: bigint;
  readonly byteSize?: bigint;
  readonly checksum?: string;
  readonly storage?: 'postgres' | 'file';
  readonly largeObject?: number | null;
  readonly fileName?: string | null;
  readonly expiresAt?: Date;
  readonly failureReason?: string;
}

export interface SqlClient {
  query<Row = unknown>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
}

/**
 * Moves an export from `from` to `to` with its event, in the caller's transaction. Nothing
 * happens (null) when it is no longer in `from`: another worker or the sweep got there first.
 * `snapshot` turns the updated row into the event's payload.
 */
export async function moveExport<Row extends { version: number }>(
  client: SqlClient,
  scope: { tenantId: string; livemode: boolean },
  exportId: string,
  from: ExportStatusCode,
  to: ExportStatusCode,
  changes: ExportChanges,
  columns: string,
  snapshot: (row: Row) => Record<string, unknown>,
): Promise<Row | null> {
  if (!canMove(from, to)) throw new Error(`export ${exportId}: ${from} → ${to} is not a transition`);
  const { rows } = await client.query<Row>(
    `UPDATE payments.exports SET status = $4, version = version + 1,
            progress = COALESCE($5, progress), record_count = COALESCE($6, record_count), byte_size = COALESCE($7, byte_size),
            checksum = COALESCE($8, checksum), storage = COALESCE($9, storage), large_object = COALESCE($10::bigint::oid, large_object),
            file_name = COALESCE($11, file_name), expires_at = COALESCE($12, expires_at), failure_reason = COALESCE($13, failure_reason),
            completed_at = CASE WHEN $4 IN ('ready', 'failed') THEN now() ELSE completed_at END
      WHERE tenant_id = $1 AND livemode = $2 AND id = $3 AND status = $14
      RETURNING ${columns}`,
    [
      scope.tenantId, scope.livemode, exportId, to, changes.progress ?? null, changes.recordCount?.toString() ?? null, changes.byteSize?.toString() ?? null,
      changes.checksum ?? null, changes.storage ?? null, changes.largeObject ?? null, changes.fileName ?? null, changes.expiresAt ?? null,
      changes.failureReason ?? null, from,
    ],
  );
  const row = rows[0];
  if (!row) return null;
  const type = EXPORT_EVENTS[to];
  if (type) {
    const event = eventsInsert(scope, [{ type, entityType: 'Export', entityId: exportId, entityVersion: row.version, payload: snapshot(row), actor: EXPORT_ACTOR }]);
    await client.query(event.sql, [...event.params]);
  }
  return row;
}

/** Builds and expiries are the platform's own doing. */
export const EXPORT_ACTOR = { type: 'system', id: 'exports', name: 'Exports' } as const;
