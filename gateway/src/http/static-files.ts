import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built dashboard. Paths that look like files (a dot in the last segment, or under
 * /assets/) are served only if they exist, else 404: a missing favicon or chunk must not be
 * answered with the app. Other unknown paths are client-side routes and get index.html (the
 * app shows its own not-found page). Nothing outside the folder is reachable.
 */
export function createStaticFiles(root: string | undefined) {
  const base = root && existsSync(join(root, 'index.html')) ? normalize(root) : undefined;
  return {
    get available() {
      return base !== undefined;
    },
    serve(path: string, res: ServerResponse): boolean {
      if (!base) return false;
      let decoded: string;
      try {
        decoded = decodeURIComponent(path);
      } catch {
        return false;
      }
      const candidate = normalize(join(base, decoded));
      const inside = candidate === base || candidate.startsWith(base.endsWith(sep) ? base : base + sep);
      const exists = inside && existsSync(candidate) && statSync(candidate).isFile();
      if (!exists && looksLikeFile(decoded)) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
        res.end('Not found');
        return true;
      }
      const file = exists ? candidate : join(base, 'index.html');
      const immutable = file.includes(`${sep}assets${sep}`);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      createReadStream(file).pipe(res);
      return true;
    },
  };
}

function looksLikeFile(path: string): boolean {
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  return path.startsWith('/assets/') || lastSegment.includes('.');
}
