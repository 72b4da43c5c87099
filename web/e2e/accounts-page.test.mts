/**
 * The dashboard's live path in real Chromium, against the platform as a black box: this test
 * starts `node dist/platform/src/main.js`, drives the page as a person would, and changes data
 * from a second client over plain HTTP.
 *
 * Needs: `npm run build` and `npm run build -w web` first, PostgreSQL and Redis running, and
 * Debian's chromium at /usr/bin/chromium.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  delay,
  graphqlOverHttp,
  signIn,
  useDashboard,
  waitForList,
  waitUntil,
} from './dashboard.harness.mjs';

const SCREENSHOT_PATH = '/tmp/orquesta-accounts.png';

const STEP_TIMEOUT_MS = 15_000;
const LIVE_UPDATE_TIMEOUT_MS = 15_000;
const TEST_TIMEOUT_MS = 120_000;
// graphql-ws has no per-subscription acknowledgement: the browser sends `subscribe` and the
// gateway starts listening some milliseconds later. Changing the account inside that window
// would test the race, not the live path.
const SUBSCRIBE_SETTLE_MS = 1_000;


describe('accounts page', { timeout: TEST_TIMEOUT_MS * 3 }, () => {
  const dashboard = useDashboard(STEP_TIMEOUT_MS);

  test('shows an account created in the page and its rename by another client without a reload', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const { baseUrl, output } = dashboard.gateway();
    const session = await openPage(dashboard.browser(), t);
    const { page } = session;

    await signIn(page, baseUrl, dashboard.owner());
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
    const update = await graphqlOverHttp(baseUrl, dashboard.owner().testApiKey, {
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
    const deposit = await graphqlOverHttp(baseUrl, dashboard.owner().testApiKey, {
      query: 'mutation E2eDeposit($input: SimulateDepositInput!) { simulateDeposit(input: $input) { balance { total } } }',
      variables: { input: { accountId, amount: { amount: '25.50', currency: 'USD' }, idempotencyKey: `e2e-${suffix}` } },
    });
    assert.equal(deposit.errors, undefined, `simulateDeposit failed: ${JSON.stringify(deposit.errors)}`);
    await page
      .locator(`[data-testid="account-row"][data-account-id="${accountId}"] [data-testid="account-balances"]`, { hasText: '$25.50' })
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

async function openPage(browser: Browser, t: { after: (fn: () => Promise<void>) => void }): Promise<PageSession> {
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


// --- small utilities ----------------------------------------------------------------------


