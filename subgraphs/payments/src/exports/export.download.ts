import type { Pool } from 'pg';
import { readForTenant } from '@orquesta/db';
import { effectiveStatus } from './export.lifecycle';
import { EXPORT_COLUMNS, storedFileOf, type ExportRow } from './export.record';
import { storageFor, type ExportStorageConfig } from './export.storage';
import { verifyExportUrl } from './export.signing';

export type ExportDownload =
  | { readonly status: 200; readonly headers: Record<string, string>; readonly body: AsyncIterable<Buffer> }
  | { readonly status: 403 | 404 | 410; readonly message: string };

const CONTENT_TYPES: Record<ExportRow['format'], { type: string; extension: string }> = {
  quickbooks: { type: 'text/csv; charset=utf-8', extension: 'csv' },
  quickbooks4: { type: 'text/csv; charset=utf-8', extension: 'csv' },
  xero: { type: 'text/csv; charset=utf-8', extension: 'csv' },
  netsuite: { type: 'text/csv; charset=utf-8', extension: 'csv' },
  full_csv: { type: 'text/csv; charset=utf-8', extension: 'csv' },
  json_lines: { type: 'application/x-ndjson', extension: 'jsonl' },
};

/**
 * Answers `GET /exports/<id>/download?tenant&mode&expires&signature`: no session, only the
 * signature. A bad or expired signature is 403; an export the signed tenant does not have is
 * 404 (the read runs as that tenant, under row-level security); an expired one is 410.
 */
export async function openExportDownload(
  deps: { pool: Pool; storage: ExportStorageConfig; secret: string },
  path: string,
  search: string,
): Promise<ExportDownload> {
  const grant = verifyExportUrl(deps.secret, path, search);
  if (!grant.ok) return { status: grant.status, message: grant.status === 403 ? 'the link is invalid or has expired' : 'not found' };
  const [row] = await readForTenant<ExportRow>(deps.pool, grant.scope, `SELECT ${EXPORT_COLUMNS} FROM payments.exports WHERE tenant_id = $1 AND livemode = $2 AND id = $3`, [
    grant.scope.tenantId,
    grant.scope.livemode,
    grant.exportId,
  ]);
  if (!row) return { status: 404, message: 'not found' };
  const status = effectiveStatus(row.status, row.expires_at);
  const file = storedFileOf(row);
  if (status === 'expired') return { status: 410, message: 'this export has expired' };
  if (status !== 'ready' || !file) return { status: 404, message: 'not found' };
  const content = CONTENT_TYPES[row.format];
  return {
    status: 200,
    headers: {
      'content-type': content.type,
      'content-length': String(row.byte_size ?? 0),
      'content-disposition': `attachment; filename="orquesta-${row.format}-${row.id}.${content.extension}"`,
      'x-checksum-sha256': row.checksum ?? '',
      'cache-control': 'private, no-store',
    },
    body: storageFor(file, deps.storage, deps.pool).read(file),
  };
}
