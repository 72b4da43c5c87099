/**
 * What the dashboard's Chromium tests share: the platform started as a black box
 * (`node dist/gateway/src/main.js` on a free port, against the test database), the graph over
 * plain HTTP as a second client, and the sign-in steps.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** The nearest ancestor holding the workspace package.json (works from web/e2e and dist/web/e2e). */
function findRepoRoot(start: string): string {
  let dir = start;
  for (let depth = 0; depth < 8; depth += 1) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && 'workspaces' in (JSON.parse(readFileSync(manifest, 'utf8')) as object)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`no workspace root above ${start}`);
}

export const ROOT = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));

export const GATEWAY_ENTRY = path.join(ROOT, 'dist/gateway/src/main.js');

export const WEB_DIST = path.join(ROOT, 'web/dist');

const READY_TIMEOUT_MS = 60_000;

const READY_POLL_MS = 250;

const REQUEST_TIMEOUT_MS = 10_000;

const STOP_TIMEOUT_MS = 10_000;

const OUTPUT_KEEP_CHARS = 64_000;

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Gateway {
  readonly baseUrl: string;
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: () => { code: number | null; signal: NodeJS.Signals | null } | null;
}

/** Starts the platform with `apiKey` as the demo tenant's test key; its output is kept, with the key redacted. */
export async function startGateway(apiKey: string): Promise<Gateway> {
  const port = await freePort();
  const child = spawn(process.execPath, [GATEWAY_ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/orquesta_test',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      ORQUESTA_DEMO_API_KEY: apiKey,
      ORQUESTA_WEB_DIST: WEB_DIST,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // If this process dies without running `after`, the gateway must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));

  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEEP_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  child.once('exit', (code, signal) => {
    exit = { code, signal };
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const started: Gateway = { baseUrl, child, output: () => output.replaceAll(apiKey, 'pk_test_[redacted]'), exited: () => exit };
  try {
    await waitUntil(
      async () => {
        if (exit) throw new Error(`gateway exited early (${JSON.stringify(exit)})`);
        const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(READY_POLL_MS * 8) }).catch(() => undefined);
        await response?.body?.cancel();
        return response?.status === 200;
      },
      READY_TIMEOUT_MS,
      'GET /readyz to answer 200',
      READY_POLL_MS,
    );
  } catch (error) {
    await stopGateway(child);
    throw new Error(`gateway did not become ready.\n--- gateway output (redacted) ---\n${started.output()}`, { cause: error });
  }
  return started;
}

export async function stopGateway(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const graceful = await Promise.race([exited.then(() => true), delay(STOP_TIMEOUT_MS).then(() => false)]);
  if (!graceful) {
    child.kill('SIGKILL');
    await Promise.race([exited, delay(STOP_TIMEOUT_MS)]);
  }
}

export interface GraphQLResponse {
  data?: unknown;
  errors?: unknown;
}

export async function graphqlOverHttp(baseUrl: string, apiKey: string, body: { query: string; variables: unknown }): Promise<GraphQLResponse> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  assert.equal(response.status, 200, `POST /graphql answered ${response.status}`);
  return (await response.json()) as GraphQLResponse;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function signIn(page: Page, baseUrl: string, apiKey: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByTestId('api-key-form').waitFor();
  await page.getByTestId('api-key-input').fill(apiKey);
  await page.getByTestId('api-key-submit').click();
}

/** The list has loaded: rows or the empty state, and no error. */
export async function waitForList(page: Page): Promise<void> {
  await page.locator('[data-testid="accounts-table"], [data-testid="accounts-empty"], [data-testid="accounts-error"]').first().waitFor();
  if ((await page.getByTestId('accounts-error').count()) > 0) {
    throw new Error(`the accounts list failed to load: ${await page.getByTestId('accounts-error').textContent()}`);
  }
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await delay(pollMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export function delay(durationMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, durationMs));
}
