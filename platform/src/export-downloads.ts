import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Pool } from 'pg';
import { sendJson } from '@orquesta/graphql';
import { openExportDownload, type ExportStorageConfig } from '@orquesta/payments';

/**
 * `GET /exports/<id>/download?…`: streams a finished export to whoever holds its signed URL
 * (no session). The payments module checks the signature and reads the file as the tenant the
 * URL was signed for; this only speaks HTTP.
 */
export function createExportDownloadHandler(options: { pool: Pool; storage: ExportStorageConfig; secret: string }) {
  return async function handle(req: IncomingMessage, res: ServerResponse, path: string, search: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
    const download = await openExportDownload(options, path, search);
    if (download.status !== 200) return sendJson(res, download.status, { error: download.message });
    res.writeHead(200, download.headers);
    if (req.method === 'HEAD') return void res.end();
    for await (const chunk of download.body) {
      // Respect the client's pace: the file is never held whole in memory.
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  };
}
