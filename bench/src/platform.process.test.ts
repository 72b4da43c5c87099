import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findFreePort, startPlatform } from './platform.process';

// A stand-in for dist/platform/src/main.js: not ready for READY_AFTER_MS, then 200 on /readyz.
const FAKE_PLATFORM = `
const http = require('node:http');
const readyAtMs = Date.now() + Number(process.env.READY_AFTER_MS);
if (process.env.EXIT_AT_ONCE) { console.error('migration failed: relation "x" does not exist'); process.exit(3); }
console.log('listening on', process.env.PORT);
http.createServer((req, res) => {
  res.writeHead(req.url === '/readyz' && Date.now() >= readyAtMs ? 200 : 503).end();
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

function fakeEntry(): { entryPath: string; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'orquesta-bench-test-'));
  const entryPath = path.join(dir, 'fake-platform.js');
  writeFileSync(entryPath, FAKE_PLATFORM);
  return { entryPath, dir };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('waits for /readyz, passes PORT and env, logs output, and stops the process', async () => {
  const { entryPath, dir } = fakeEntry();
  const port = await findFreePort();
  const logPath = path.join(dir, 'platform.log');
  const platform = await startPlatform({
    entryPath, cwd: dir, env: { READY_AFTER_MS: '600' }, nodeArgs: [], port, readyTimeoutMs: 10_000, logPath, signal: AbortSignal.timeout(20_000),
  });
  assert.equal(platform.baseUrl, `http://127.0.0.1:${port}`);
  assert.equal((await fetch(`${platform.baseUrl}/readyz`)).status, 200);
  assert.ok(isAlive(platform.pid));
  await platform.stop();
  await platform.stop(); // idempotent
  assert.equal(isAlive(platform.pid), false);
  assert.match(readFileSync(logPath, 'utf8'), new RegExp(`listening on ${port}`));
});

test('reports an early exit with the tail of the output', async () => {
  const { entryPath, dir } = fakeEntry();
  await assert.rejects(
    startPlatform({
      entryPath, cwd: dir, env: { READY_AFTER_MS: '0', EXIT_AT_ONCE: '1' }, nodeArgs: [], port: await findFreePort(), readyTimeoutMs: 10_000,
      logPath: path.join(dir, 'platform.log'), signal: AbortSignal.timeout(20_000),
    }),
    /exited before it was ready \(code 3[\s\S]*relation "x" does not exist/,
  );
});

test('gives up after the ready timeout and kills the process', async () => {
  const { entryPath, dir } = fakeEntry();
  const startedMs = Date.now();
  await assert.rejects(
    startPlatform({
      entryPath, cwd: dir, env: { READY_AFTER_MS: '60000' }, nodeArgs: [], port: await findFreePort(), readyTimeoutMs: 1_000,
      logPath: path.join(dir, 'platform.log'), signal: AbortSignal.timeout(20_000),
    }),
    /not ready after 1000 ms \(last probe: HTTP 503\)/,
  );
  assert.ok(Date.now() - startedMs < 6_000);
});
