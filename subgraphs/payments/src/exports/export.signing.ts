import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TenantScope } from '@orquesta/db';

/** Where exports are downloaded: `GET /exports/<id>/download?…` on the gateway. */
export const EXPORT_DOWNLOAD_PATH = '/exports/';

/**
 * The key download URLs are signed with: ORQUESTA_EXPORT_URL_SECRET, or derived from the
 * context secret (a separate purpose, so one key never signs two kinds of thing).
 */
export function exportUrlSecret(env: NodeJS.ProcessEnv, contextSecret: string): string {
  return env.ORQUESTA_EXPORT_URL_SECRET || createHmac('sha256', contextSecret).update('orquesta export download urls').digest('hex');
}

function signature(secret: string, exportId: string, scope: TenantScope, expiresAtSeconds: number): Buffer {
  return createHmac('sha256', secret).update(`${exportId}.${scope.tenantId}.${scope.livemode ? 'live' : 'test'}.${expiresAtSeconds}`).digest();
}

/**
 * A URL that downloads one export without a session until `expiresAt`. It names the tenant
 * and mode it was made for; the signature covers them, the export id and the expiry.
 */
export function signExportUrl(options: { secret: string; baseUrl?: string }, exportId: string, scope: TenantScope, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  const query = new URLSearchParams({
    tenant: scope.tenantId,
    mode: scope.livemode ? 'live' : 'test',
    expires: String(expires),
    signature: signature(options.secret, exportId, scope, expires).toString('base64url'),
  });
  return `${options.baseUrl ?? ''}${EXPORT_DOWNLOAD_PATH}${exportId}/download?${query.toString()}`;
}

export type DownloadGrant = { readonly ok: true; readonly exportId: string; readonly scope: TenantScope } | { readonly ok: false; readonly status: 403 | 404 };

const DOWNLOAD_PATH = /^\/exports\/([0-9a-f-]{36})\/download$/;

/** Checks a download request: 404 for a path that names no export, 403 for a bad or expired signature. */
export function verifyExportUrl(secret: string, path: string, search: string, now = new Date()): DownloadGrant {
  const match = DOWNLOAD_PATH.exec(path);
  if (!match) return { ok: false, status: 404 };
  const params = new URLSearchParams(search);
  const tenantId = params.get('tenant') ?? '';
  const mode = params.get('mode');
  const expires = Number(params.get('expires'));
  const given = Buffer.from(params.get('signature') ?? '', 'base64url');
  if (!/^[0-9a-f-]{36}$/.test(tenantId) || (mode !== 'live' && mode !== 'test') || !Number.isSafeInteger(expires)) return { ok: false, status: 403 };
  const scope = { tenantId, livemode: mode === 'live' };
  const expected = signature(secret, match[1], scope, expires);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, status: 403 };
  if (expires * 1000 <= now.getTime()) return { ok: false, status: 403 };
  return { ok: true, exportId: match[1], scope };
}
