import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStaticFiles } from './static-files';

let root: string;
let server: Server;
let baseUrl: string;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'orquesta-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  const files = createStaticFiles(root);
  server = createServer((req, res) => {
    if (!files.serve(new URL(req.url ?? '/', 'http://x').pathname, res)) {
      res.writeHead(500);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

async function get(path: string): Promise<{ status: number; type: string | null; body: string }> {
  const response = await fetch(baseUrl + path);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

describe('the dashboard files', () => {
  test('client-side routes, known or not, get the app (it shows its own not-found page)', async () => {
    for (const path of ['/', '/payouts', '/transfers/0190b5e0-0000-7000-8000-000000000000', '/no/such/page']) {
      const answer = await get(path);
      assert.equal(answer.status, 200, path);
      assert.match(answer.body, /<title>app<\/title>/, path);
    }
  });

  test('an existing asset is served with its type and a long cache', async () => {
    const response = await fetch(`${baseUrl}/assets/index-abc.js`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(response.headers.get('cache-control') ?? '', /immutable/);
    await response.body?.cancel();
  });

  test('a missing file is 404, never the app', async () => {
    for (const path of ['/favicon.ico', '/assets/index-gone.js', '/assets/chunk', '/robots.txt', '/accounts/export.csv']) {
      const answer = await get(path);
      assert.equal(answer.status, 404, path);
      assert.doesNotMatch(answer.body, /<title>app/, path);
    }
  });

  test('nothing outside the folder is reachable', async () => {
    const answer = await get('/..%2f..%2fetc%2fpasswd');
    assert.notEqual(answer.body.includes('root:'), true);
  });
});
