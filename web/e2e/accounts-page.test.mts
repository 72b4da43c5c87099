/**
 * The dashboard's live path in real Chromium, against the platform as a black box: this test
 * starts `node dist/gateway/src/main.js`, drives the page as a person would, and changes data
 * from a second client over plain HTTP.
 *
 * Needs: `npm run build` and `npm run build -w web` first, PostgreSQL and Redis running, and
 * Debian's chromium at /usr/bin/chromium.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const ROOT = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));
const GATEWAY_ENTRY = path.join(ROOT, 'dist/gateway/src/main.js');
const WEB_DIST = path.join(ROOT, 'web/dist');
const SCREENSHOT_PATH = '/tmp/orquesta-accounts.png';

// Generated per run and never printed: gateway output is redacted before it is shown.
const API_KEY = `pk_test_${randomBytes(32).toString('hex')}`;

const READY_TIMEOUT_MS = 60_000;
const READY_POLL_MS = 250;
const REQUEST_TIMEOUT_MS = 10_000;
const STEP_TIMEOUT_MS = 15_000;
const LIVE_UPDATE_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;
const TEST_TIMEOUT_MS = 120_000;
// graphql-ws has no per-subscription acknowledgement: the browser sends `subscribe` and the
// gateway starts listening some milliseconds later. Changing the account inside that window
// would test the race, not the live path.
const SUBSCRIBE_SETTLE_MS = 1_000;
const OUTPUT_KEEP_CHARS = 64_000;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Gateway {
  readonly baseUrl: string;
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: () => { code: number | null; signal: NodeJS.Signals | null } | null;
}

let gateway: Gateway | undefined;
let browser: Browser | undefined;

describe('accounts page', { timeout: TEST_TIMEOUT_MS * 3 }, () => {
  before(async () => {
    assert.ok(existsSync(GATEWAY_ENTRY), `${GATEWAY_ENTRY} is missing: run \`npm run build\` first`);
    assert.ok(existsSync(path.join(WEB_DIST, 'index.html')), `${WEB_DIST} is missing: run \`npm run build -w web\` first`);
    gateway = await startGateway();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: STEP_TIMEOUT_MS });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    if (gateway) await stopGateway(gateway.child);
  });

  test('shows an account created in the page and its rename by another client without a reload', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const { baseUrl, output } = requireGateway();
    const session = await openPage(t);
    const { page } = session;

    await signIn(page, baseUrl, API_KEY);
    await waitForList(page);

    // Create through the UI; the unique name keeps this test independent of any other data.
    const suffix = randomUUID().slice(0, 8);
    const name = `E2E Trading ${suffix}`;
    await page.getByTestId('create-account-type').selectOption('BUSINESS');
    await page.getByTestId('create-account-name').fill(name);
    await page.getByTestId('create-account-email').fill(`e2e-${suffix}@example.com`);
    await page.getByTestId('create-account-submit').click();
    await page.getByTestId('create-account-success').waitFor({ timeout: STEP_TIMEOUT_MS });

    const row = page.getByTestId('account-row').filter({ has: page.locator('[data-testid="account-name"]', { hasText: name }) });
    await row.waitFor({ timeout: STEP_TIMEOUT_MS });
    const accountId = await row.getAttribute('data-account-id');
    assert.ok(accountId, 'the created row carries its account id');
    assert.equal(await row.getByTestId('account-type').textContent(), 'Business');
    assert.equal(await row.getByTestId('account-email').textContent(), `e2e-${suffix}@example.com`);

    // The row's subscription must be on the wire before the change is made elsewhere.
    await waitUntil(() => session.subscribedIds().has(accountId), STEP_TIMEOUT_MS, `a subscribe frame for ${accountId}`);
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: STEP_TIMEOUT_MS });
    await delay(SUBSCRIBE_SETTLE_MS);

    // From here on, the only way the new name can reach the page is the websocket: mark the
    // document (a reload would lose the mark) and count the HTTP queries the page makes.
    await page.evaluate('window.__orquestaE2eMark = "same-document"');
    const httpOperationsBefore = session.httpOperations().length;

    const renamed = `E2E Renamed ${suffix}`;
    const update = await graphqlOverHttp(baseUrl, API_KEY, {
      query: 'mutation E2eRename($input: UpdateAccountInput!) { updateAccount(input: $input) { account { id name } } }',
      variables: { input: { id: accountId, name: renamed } },
    });
    assert.equal(update.errors, undefined, `updateAccount failed: ${JSON.stringify(update.errors)}`);
    assert.deepEqual(update.data, { updateAccount: { account: { id: accountId, name: renamed } } });

    await page
      .locator(`[data-testid="account-row"][data-account-id="${accountId}"] [data-testid="account-name"]`, { hasText: renamed })
      .waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS })
      .catch((error: unknown) => {
        const events = session.liveNames(accountId);
        throw new Error(
          `the rename did not appear in the page within ${LIVE_UPDATE_TIMEOUT_MS} ms (live update missing; ` +
            `accountUpdated names seen: ${JSON.stringify(events)}).\n--- gateway output (redacted, tail) ---\n${output().slice(-4_000)}`,
          { cause: error },
        );
      });

    assert.equal(await page.evaluate('window.__orquestaE2eMark'), 'same-document', 'the page was not reloaded');
    assert.deepEqual(session.httpOperations().slice(httpOperationsBefore), [], 'no HTTP request refreshed the list: the rename came over the websocket');
    assert.ok(session.liveNames(accountId).includes(renamed), 'an accountUpdated event carried the new name');
    assert.equal(await page.getByTestId('accounts-error').count(), 0, 'no error banner');

    // Money arriving elsewhere shows up in the row's balances, over the same websocket.
    const deposit = await graphqlOverHttp(baseUrl, API_KEY, {
      query: 'mutation E2eDeposit($input: SimulateDepositInput!) { simulateDeposit(input: $input) { balance { total } } }',
      variables: { input: { accountId, amount: { amount: '25.50', currency: 'USD' }, idempotencyKey: `e2e-${suffix}` } },
    });
    assert.equal(deposit.errors, undefined, `simulateDeposit failed: ${JSON.stringify(deposit.errors)}`);
    await page
      .locator(`[data-testid="account-row"][data-account-id="${accountId}"] [data-testid="account-balances"]`, { hasText: '25.50 USD' })
      .waitFor({ timeout: LIVE_UPDATE_TIMEOUT_MS });
    assert.deepEqual(session.httpOperations().slice(httpOperationsBefore), [], 'the balance came over the websocket too');

    await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });

    // Search narrows the list to the renamed account.
    await page.getByTestId('accounts-search').fill(renamed);
    await waitUntil(
      async () => (await page.getByTestId('account-row').count()) === 1 && (await page.getByTestId('account-name').first().textContent()) === renamed,
      STEP_TIMEOUT_MS,
      'the search to narrow the list to the renamed account',
    );
  });

  test('explains in plain words when the gateway does not accept the key', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const { baseUrl } = requireGateway();
    const { page } = await openPage(t);
    await signIn(page, baseUrl, `pk_test_${randomBytes(32).toString('hex')}`);

    const banner = page.getByTestId('accounts-error');
    await banner.waitFor({ timeout: STEP_TIMEOUT_MS });
    assert.match((await banner.textContent()) ?? '', /API key was not accepted/);
  });

  test('forgets the key and asks for one again', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const { baseUrl } = requireGateway();
    const { page } = await openPage(t);
    await signIn(page, baseUrl, API_KEY);
    await waitForList(page);

    await page.getByTestId('forget-key').click();
    await page.getByTestId('api-key-form').waitFor({ timeout: STEP_TIMEOUT_MS });
    assert.equal(await page.evaluate('window.sessionStorage.length'), 0, 'nothing stays in sessionStorage');

    await page.reload();
    await page.getByTestId('api-key-form').waitFor({ timeout: STEP_TIMEOUT_MS });
  });
});

// --- page helpers -------------------------------------------------------------------------

interface PageSession {
  readonly page: Page;
  /** operationName of each POST /graphql the page made, in order. */
  readonly httpOperations: () => readonly string[];
  /** Account ids the page subscribed to over the websocket. */
  readonly subscribedIds: () => ReadonlySet<string>;
  /** Names carried by accountUpdated events for one account, in order. */
  readonly liveNames: (accountId: string) => readonly string[];
}

async function openPage(t: { after: (fn: () => Promise<void>) => void }): Promise<PageSession> {
  assert.ok(browser, 'browser is running');
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 820 }, deviceScaleFactor: 1 });
  t.after(() => context.close().catch(() => undefined));
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);

  const httpOperations: string[] = [];
  const subscribedIds = new Set<string>();
  const liveNames = new Map<string, string[]>();

  page.on('request', (request) => {
    if (request.method() !== 'POST' || new URL(request.url()).pathname !== '/graphql') return;
    const body = request.postDataJSON() as { operationName?: unknown } | null;
    httpOperations.push(typeof body?.operationName === 'string' ? body.operationName : '(anonymous)');
  });

  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const message = parseFrame(payload);
      const id = message?.payload?.variables?.id;
      if (message?.type === 'subscribe' && typeof id === 'string') subscribedIds.add(id);
    });
    socket.on('framereceived', ({ payload }) => {
      const message = parseFrame(payload);
      const account = message?.payload?.data?.accountUpdated;
      if (message?.type !== 'next' || typeof account !== 'object' || account === null) return;
      const { id, name } = account as { id?: unknown; name?: unknown };
      if (typeof id !== 'string' || typeof name !== 'string') return;
      liveNames.set(id, [...(liveNames.get(id) ?? []), name]);
    });
  });

  return {
    page,
    httpOperations: () => httpOperations,
    subscribedIds: () => subscribedIds,
    liveNames: (accountId) => liveNames.get(accountId) ?? [],
  };
}

async function signIn(page: Page, baseUrl: string, apiKey: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByTestId('api-key-form').waitFor();
  await page.getByTestId('api-key-input').fill(apiKey);
  await page.getByTestId('api-key-submit').click();
}

/** The list has loaded: rows or the empty state, and no error. */
async function waitForList(page: Page): Promise<void> {
  await page.locator('[data-testid="accounts-table"], [data-testid="accounts-empty"], [data-testid="accounts-error"]').first().waitFor();
  if ((await page.getByTestId('accounts-error').count()) > 0) {
    throw new Error(`the accounts list failed to load: ${await page.getByTestId('accounts-error').textContent()}`);
  }
}

interface FrameMessage {
  type?: unknown;
  payload?: { variables?: { id?: unknown }; data?: { accountUpdated?: unknown } };
}

function parseFrame(payload: string | Buffer): FrameMessage | undefined {
  try {
    const parsed: unknown = JSON.parse(payload.toString());
    return typeof parsed === 'object' && parsed !== null ? (parsed as FrameMessage) : undefined;
  } catch {
    return undefined;
  }
}

// --- gateway as a black box ---------------------------------------------------------------

function requireGateway(): Gateway {
  assert.ok(gateway, 'gateway is running');
  return gateway;
}

async function startGateway(): Promise<Gateway> {
  const port = await freePort();
  const child = spawn(process.execPath, [GATEWAY_ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/orquesta_test',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      ORQUESTA_DEMO_API_KEY: API_KEY,
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
  const started: Gateway = { baseUrl, child, output: () => redact(output), exited: () => exit };
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

async function stopGateway(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const graceful = await Promise.race([exited.then(() => true), delay(STOP_TIMEOUT_MS).then(() => false)]);
  if (!graceful) {
    child.kill('SIGKILL');
    await Promise.race([exited, delay(STOP_TIMEOUT_MS)]);
  }
}

interface GraphQLResponse {
  data?: unknown;
  errors?: unknown;
}

async function graphqlOverHttp(baseUrl: string, apiKey: string, body: { query: string; variables: unknown }): Promise<GraphQLResponse> {
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

// --- small utilities ----------------------------------------------------------------------

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await delay(pollMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

function delay(durationMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, durationMs));
}

function redact(text: string): string {
  return text.replaceAll(API_KEY, 'pk_test_[redacted]');
}

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
