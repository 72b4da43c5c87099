import type { DateFormatCode, ExportFormatCode } from './export.formats';
import type { ExportStatusCode } from './export.lifecycle';
import type { StoredFile } from './export.storage';

/** What an export was asked to contain, besides format and period. */
export interface ExportFilters {
  readonly accountId: string | null;
  readonly corridor: string | null;
  readonly currency: string | null;
  readonly include: { readonly refunds: boolean; readonly streams: boolean; readonly fees: boolean; readonly payouts: boolean };
}

/** An export row as PostgreSQL returns it (snake_case, bigint as string). */
export interface ExportRow {
  id: string;
  tenant_id: string;
  livemode: boolean;
  format: ExportFormatCode;
  date_format: DateFormatCode;
  period_from: Date;
  period_to: Date;
  filters: ExportFilters;
  status: ExportStatusCode;
  progress: number;
  record_count: string | null;
  byte_size: string | null;
  checksum: string | null;
  storage: StoredFile['storage'] | null;
  large_object: string | null;
  file_name: string | null;
  failure_reason: string | null;
  version: number;
  expires_at: Date | null;
  created_at: Date;
  completed_at: Date | null;
}

export const EXPORT_COLUMNS =
  'id, tenant_id, livemode, format, date_format, period_from, period_to, filters, status, progress, record_count::text AS record_count, ' +
  'byte_size::text AS byte_size, checksum, storage, large_object::bigint::text AS large_object, file_name, failure_reason, version, expires_at, created_at, completed_at';

export function storedFileOf(row: ExportRow): StoredFile | null {
  if (!row.storage) return null;
  return { storage: row.storage, largeObject: row.large_object === null ? null : Number(row.large_object), fileName: row.file_name };
}

/** The event payload: what a webhook receiver sees of an export (never its download URL). */
export function exportSnapshot(row: ExportRow): Record<string, unknown> {
  return {
    id: row.id,
    status: row.status,
    format: row.format,
    from: row.period_from.toISOString(),
    to: row.period_to.toISOString(),
    recordCount: row.record_count === null ? null : Number(row.record_count),
    byteSize: row.byte_size === null ? null : Number(row.byte_size),
    checksum: row.checksum,
    expiresAt: row.expires_at?.toISOString() ?? null,
    failureReason: row.failure_reason,
  };
}
