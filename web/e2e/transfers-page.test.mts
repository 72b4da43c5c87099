/**
 * Moving money from the dashboard in real Chromium, against the platform as a black box: this
 * test starts `node dist/platform/src/main.js`, prepares two accounts over plain HTTP, then moves
 * money between them in the page as a person would.
 *
 * Needs: `npm run build` and `npm run build -w web` first, PostgreSQL and Redis running, and
 * Debian's chromium at /usr/bin/chromium.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import {
  graphqlOverHttp,
  signIn,
  useDashboard,
  waitForList,
} from './dashboard.harness.mjs';

const SCREENSHOT_PATH = '/tmp/orquesta-transfers.png';

// Two cores and other test files running at once: every wait is generous.
const STEP_TIMEOUT_MS = 20_000;
const TEST_TIMEOUT_MS = 150_000;
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;


// The platform, Chromium and this file's tenant owner, shared by its tests and helpers.
const dashboard = useDashboard(STEP_TIMEOUT_MS);

describe('moving money on the accounts page', { timeout: TEST_TIMEOUT_MS * 3 }, () => {

  test('moves money between two accounts, lists it, and refuses more than is available in plain words', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const { baseUrl, output } = dashboard.gateway();
    // Unique names keep this test independent of any other data in the tenant this file shares.
    const suffix = randomUUID().slice(0, 8);
    const payer = await createAccount(baseUrl, `E2E Payer ${suffix}`);
    const payee = await createAccount(baseUrl, `E2E Payee ${suffix}`);
    await deposit(baseUrl, payer.id, '100.00', 'USD');

    const session = await openPage(dashboard.browser(), t);
    const { page } = session;
    await signIn(page, baseUrl, dashboard.owner());
    await waitForList(page);
    await balancesCell(page, payer.id).filter({ hasText: '$100.00' }).waitFor();

    // Move 30.00 USD in the page.
    const description = `E2E rent ${suffix}`;
    await fillTransfer(page, { from: payer.id, to: payee.id, amount: '30.00', currency: 'USD', description });
    await page.getByTestId('create-transfer-submit').click();
    const success = page.getByTestId('create-transfer-success');
    await success.waitFor().catch(async (error: unknown) => {
      throw new Error(`no success message; page says: ${await page.getByTestId('create-transfer-error').textContent().catch(() => '(nothing)')}` +
        `\n--- gateway output (redacted, tail) ---\n${output().slice(-4_000)}`, { cause: error });
    });
    const transferId = await success.getAttribute('data-transfer-id');
    assert.ok(transferId, 'the success message carries the transfer id');
    assert.equal(await page.getByTestId('create-transfer-success-id').textContent(), transferId, 'the success message shows the transfer id');
    assert.equal(await success.getAttribute('data-status'), 'COMPLETED');
    assert.match((await success.textContent()) ?? '', /Moved \$30\.00 from “E2E Payer .*” to “E2E Payee .*”.*is completed/);
    assert.equal(await page.getByTestId('create-transfer-amount').inputValue(), '', 'the amount is cleared after a transfer');

    // What went over the wire: the amount as a string and a browser-made idempotency key.
    const [sent] = session.transferInputs();
    assert.ok(sent, 'the page sent createInternalTransfer');
    assert.deepEqual(sent.amount, { amount: '30.00', currency: 'USD' }, 'the amount travels as a decimal string');
    assert.match(String(sent.idempotencyKey), UUID_SHAPE);
    assert.equal(sent.description, description);

    // The recent transfers list is refreshed and shows it with both names.
    const listed = page.locator(`[data-testid="transfer-row"][data-transfer-id="${transferId}"]`);
    await listed.waitFor();
    assert.equal(await listed.getByTestId('transfer-from-name').textContent(), payer.name);
    assert.equal(await listed.getByTestId('transfer-to-name').textContent(), payee.name);
    assert.equal(await listed.getByTestId('transfer-amount').textContent(), '$30.00');
    assert.equal(await listed.getByTestId('transfer-status').textContent(), 'Completed');
    assert.equal(await listed.getByTestId('transfer-description').textContent(), description);

    // Both rows show the new balances.
    await balancesCell(page, payer.id).filter({ hasText: '$70.00' }).waitFor();
    await balancesCell(page, payee.id).filter({ hasText: '$30.00' }).waitFor();
    await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });

    // More than the payer has: refused in plain words, nothing moves.
    await page.getByTestId('create-transfer-amount').fill('500.00');
    await page.getByTestId('create-transfer-submit').click();
    const refusal = page.getByTestId('create-transfer-error');
    await refusal.waitFor();
    assert.equal(await refusal.textContent(), 'Not enough money: $70.00 available.');
    assert.equal(await success.count(), 0, 'the earlier success message is gone');

    const refused = session.transferInputs()[1];
    assert.ok(refused, 'the page sent the second createInternalTransfer');
    assert.deepEqual(refused.amount, { amount: '500.00', currency: 'USD' });
    assert.notEqual(refused.idempotencyKey, sent.idempotencyKey, 'a new submission after a success carries a new key');

    assert.deepEqual(await usdBalance(baseUrl, payer.id), { available: '70.00', total: '70.00' }, 'the payer kept 70.00');
    assert.deepEqual(await usdBalance(baseUrl, payee.id), { available: '30.00', total: '30.00' }, 'the payee has 30.00');
    assert.deepEqual(await transferIdsOf(baseUrl, payer.id), [transferId], 'only the first transfer exists');
    assert.match((await balancesCell(page, payer.id).textContent()) ?? '', /\$70\.00/);
    assert.match((await balancesCell(page, payee.id).textContent()) ?? '', /\$30\.00/);

    // A new amount is a new submission: the old refusal goes, the available hint stays true.
    await page.getByTestId('create-transfer-amount').fill('10.00');
    assert.equal(await page.getByTestId('create-transfer-error').count(), 0, 'the stale refusal is gone');
    assert.match((await page.getByTestId('create-transfer-available').textContent()) ?? '', /has \$70\.00 available/);
  });

  test('a retry after a lost answer reuses the idempotency key and moves the money once', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const { baseUrl } = dashboard.gateway();
    const suffix = randomUUID().slice(0, 8);
    const payer = await createAccount(baseUrl, `E2E Retry payer ${suffix}`);
    const payee = await createAccount(baseUrl, `E2E Retry payee ${suffix}`);
    await deposit(baseUrl, payer.id, '100.00', 'USD');

    const session = await openPage(dashboard.browser(), t);
    const { page } = session;
    // The first createInternalTransfer reaches the gateway, which moves the money; its answer
    // is then dropped, so the browser sees a network error and cannot know what happened.
    let dropped = 0;
    await page.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as { operationName?: unknown } | null;
      if (body?.operationName !== 'CreateInternalTransfer' || dropped > 0) return route.continue();
      dropped += 1;
      const response = await route.fetch();
      await response.body();
      return route.abort('connectionreset');
    });

    await signIn(page, baseUrl, dashboard.owner());
    await waitForList(page);
    await fillTransfer(page, { from: payer.id, to: payee.id, amount: '30.00', currency: 'USD', description: `E2E retry ${suffix}` });
    await page.getByTestId('create-transfer-submit').click();
    const problem = page.getByTestId('create-transfer-error');
    await problem.waitFor();
    assert.match((await problem.textContent()) ?? '', /Cannot reach Orquesta.*safe/);
    assert.equal(dropped, 1);
    assert.deepEqual(await usdBalance(baseUrl, payer.id), { available: '70.00', total: '70.00' }, 'the first attempt did move the money');

    // The person tries again with the same details.
    await page.getByTestId('create-transfer-submit').click();
    const success = page.getByTestId('create-transfer-success');
    await success.waitFor();
    const [first, second] = session.transferInputs();
    assert.ok(first && second, 'two attempts were sent');
    assert.equal(second.idempotencyKey, first.idempotencyKey, 'the retry carries the same idempotency key');

    assert.deepEqual(await usdBalance(baseUrl, payer.id), { available: '70.00', total: '70.00' }, 'the retry moved nothing more');
    const transfers = await transferIdsOf(baseUrl, payer.id);
    assert.equal(transfers.length, 1, 'one transfer');
    assert.equal(await success.getAttribute('data-transfer-id'), transfers[0], 'the retry answered with the original transfer');
    await balancesCell(page, payer.id).filter({ hasText: '$70.00' }).waitFor();
    await balancesCell(page, payee.id).filter({ hasText: '$30.00' }).waitFor();
  });
});

// --- page helpers -------------------------------------------------------------------------

interface TransferInputSent {
  readonly amount?: unknown;
  readonly idempotencyKey?: unknown;
  readonly description?: unknown;
}

interface PageSession {
  readonly page: Page;
  /** The `input` of each createInternalTransfer the page sent, in order. */
  readonly transferInputs: () => readonly TransferInputSent[];
}

async function openPage(browser: Browser, t: { after: (fn: () => Promise<void>) => void }): Promise<PageSession> {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 820 }, deviceScaleFactor: 1 });
  t.after(() => context.close().catch(() => undefined));
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);

  const transferInputs: TransferInputSent[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'POST' || new URL(request.url()).pathname !== '/graphql') return;
    const body = request.postDataJSON() as { operationName?: unknown; variables?: { input?: TransferInputSent } } | null;
    if (body?.operationName === 'CreateInternalTransfer' && body.variables?.input) transferInputs.push(body.variables.input);
  });

  return { page, transferInputs: () => transferInputs };
}

async function fillTransfer(
  page: Page,
  transfer: { from: string; to: string; amount: string; currency: string; description: string },
): Promise<void> {
  // The pickers list the tenant's accounts once their query has answered.
  for (const testId of ['create-transfer-from', 'create-transfer-to']) {
    await page.locator(`[data-testid="${testId}"] option[value="${transfer.from}"]`).waitFor({ state: 'attached' });
    await page.locator(`[data-testid="${testId}"] option[value="${transfer.to}"]`).waitFor({ state: 'attached' });
  }
  await page.getByTestId('create-transfer-from').selectOption(transfer.from);
  await page.getByTestId('create-transfer-to').selectOption(transfer.to);
  await page.getByTestId('create-transfer-amount').fill(transfer.amount);
  await page.getByTestId('create-transfer-currency').selectOption(transfer.currency);
  await page.getByTestId('create-transfer-description').fill(transfer.description);
}

function balancesCell(page: Page, accountId: string): Locator {
  return page.locator(`[data-testid="account-row"][data-account-id="${accountId}"] [data-testid="account-balances"]`);
}

// --- the graph over HTTP, as a second client -----------------------------------------------

async function createAccount(baseUrl: string, name: string): Promise<{ id: string; name: string }> {
  const created = await graphqlOverHttp(baseUrl, dashboard.owner().testApiKey, {
    query: 'mutation E2eCreate($input: CreateAccountInput!) { createAccount(input: $input) { account { id name } } }',
    variables: { input: { type: 'BUSINESS', name } },
  });
  assert.equal(created.errors, undefined, `createAccount failed: ${JSON.stringify(created.errors)}`);
  const account = (created.data as { createAccount?: { account?: { id?: unknown; name?: unknown } } } | undefined)?.createAccount?.account;
  assert.ok(typeof account?.id === 'string' && account.name === name, `createAccount answered ${JSON.stringify(created.data)}`);
  return { id: account.id, name };
}

async function deposit(baseUrl: string, accountId: string, amount: string, currency: string): Promise<void> {
  const deposited = await graphqlOverHttp(baseUrl, dashboard.owner().testApiKey, {
    query: 'mutation E2eDeposit($input: SimulateDepositInput!) { simulateDeposit(input: $input) { balance { total } } }',
    variables: { input: { accountId, amount: { amount, currency }, idempotencyKey: `e2e-${randomUUID()}` } },
  });
  assert.equal(deposited.errors, undefined, `simulateDeposit failed: ${JSON.stringify(deposited.errors)}`);
}

async function usdBalance(baseUrl: string, accountId: string): Promise<{ available: string; total: string } | undefined> {
  const read = await graphqlOverHttp(baseUrl, dashboard.owner().testApiKey, {
    query: 'query E2eBalances($id: ID!) { account(id: $id) { balances { currency available total } } }',
    variables: { id: accountId },
  });
  assert.equal(read.errors, undefined, `account failed: ${JSON.stringify(read.errors)}`);
  const balances = (read.data as { account?: { balances?: Array<{ currency: string; available: string; total: string }> } } | undefined)?.account?.balances ?? [];
  const usd = balances.find((balance) => balance.currency === 'USD');
  return usd ? { available: usd.available, total: usd.total } : undefined;
}

async function transferIdsOf(baseUrl: string, accountId: string): Promise<string[]> {
  const read = await graphqlOverHttp(baseUrl, dashboard.owner().testApiKey, {
    query: 'query E2eTransfers($filter: TransferFilter) { transfers(first: 10, filter: $filter) { nodes { id } } }',
    variables: { filter: { accountId } },
  });
  assert.equal(read.errors, undefined, `transfers failed: ${JSON.stringify(read.errors)}`);
  return ((read.data as { transfers?: { nodes?: Array<{ id: string }> } } | undefined)?.transfers?.nodes ?? []).map((node) => node.id);
}

// --- gateway as a black box ---------------------------------------------------------------


// --- small utilities ----------------------------------------------------------------------


