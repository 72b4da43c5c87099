/**
 * What a new user does, end to end in Chromium, asserting what they see: open an account, fund
 * it with test money and pay another; send a payout and read its route; add a webhook endpoint
 * and watch a delivery arrive; create and revoke an API key; invite a member. And a balance
 * changed through the API moves on the open page, animated, without a reload.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { graphqlOverHttp, ROOT, signIn, useDashboard, waitUntil } from './dashboard.harness.mjs';

const LAUNCH_TIMEOUT_MS = 60_000;
const JOURNEY_TIMEOUT_MS = 120_000;
const STEP_TIMEOUT_MS = 20_000;

describe('journeys', () => {
  // The webhook receiver below listens on 127.0.0.1, which the platform refuses unless allowed.
  const dashboard = useDashboard(LAUNCH_TIMEOUT_MS, { ORQUESTA_WEBHOOK_ALLOWLIST: '127.0.0.1' });
  let page: Page | undefined;
  // What the page sent on its websockets, to know when a subscription is on the wire.
  const sentFrames: string[] = [];

  async function signedIn(path: string): Promise<Page> {
    if (!page) {
      const context = await dashboard.browser().newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
      page = await context.newPage();
      page.on('dialog', (dialog) => void dialog.accept());
      page.on('websocket', (socket) => socket.on('framesent', (frame) => sentFrames.push(String(frame.payload))));
      await signIn(page, dashboard.gateway().baseUrl, dashboard.owner(), path);
    } else {
      await page.evaluate(`history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new PopStateEvent('popstate'));`);
    }
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    return page;
  }

  test('opens an account, adds test funds and pays another account', { timeout: JOURNEY_TIMEOUT_MS }, async () => {
    const page = await signedIn('/accounts');
    const suffix = randomUUID().slice(0, 8);
    for (const name of [`Payer ${suffix}`, `Payee ${suffix}`]) {
      await page.getByTestId('create-account-name').fill(name);
      await page.getByTestId('create-account-submit').click();
      await page.getByTestId('account-name').filter({ hasText: name }).waitFor();
    }
    const payerRow = page.getByTestId('account-row').filter({ has: page.getByTestId('account-name').filter({ hasText: `Payer ${suffix}` }) });
    const payerId = (await payerRow.getAttribute('data-account-id')) ?? '';
    const payeeId = (await page.getByTestId('account-row').filter({ has: page.getByTestId('account-name').filter({ hasText: `Payee ${suffix}` }) }).getAttribute('data-account-id')) ?? '';

    await payerRow.getByTestId('test-funds-open').click();
    await payerRow.getByTestId('test-funds-amount').fill('42000.00');
    await payerRow.getByTestId('test-funds-submit').click();
    await payerRow.getByTestId('test-funds-done').filter({ hasText: 'Added $42,000.00' }).waitFor();
    await payerRow.getByTestId('account-balances').filter({ hasText: '$42,000.00' }).waitFor();

    await page.locator(`[data-testid="create-transfer-to"] option[value="${payeeId}"]`).waitFor({ state: 'attached' });
    await page.getByTestId('create-transfer-from').selectOption(payerId);
    await page.getByTestId('create-transfer-to').selectOption(payeeId);
    await page.getByTestId('create-transfer-amount').fill('1500.00');
    await page.getByTestId('create-transfer-submit').click();
    await page.locator('[data-testid="create-transfer-success"], [data-testid="create-transfer-error"]').first().waitFor();
    assert.equal(await page.getByTestId('create-transfer-error').count(), 0, `the transfer was refused: ${await page.getByTestId('create-transfer-error').textContent().catch(() => '')}`);
    await payerRow.getByTestId('account-balances').filter({ hasText: '$40,500.00' }).waitFor();
    await page.locator(`[data-testid="account-row"][data-account-id="${payeeId}"] [data-testid="account-balances"]`, { hasText: '$1,500.00' }).waitFor();
  });

  test('a balance changed through the API moves on the open page, animated', { timeout: JOURNEY_TIMEOUT_MS }, async (t) => {
    const { baseUrl } = dashboard.gateway();
    const key = dashboard.owner().testApiKey;
    const created = await graphqlOverHttp(baseUrl, key, { query: 'mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }', variables: { input: { type: 'PERSON', name: `Live ${randomUUID().slice(0, 6)}` } } });
    const accountId = (created.data as { createAccount: { account: { id: string } } }).createAccount.account.id;
    const deposit = (amount: string) =>
      graphqlOverHttp(baseUrl, key, {
        query: 'mutation($input: SimulateDepositInput!) { simulateDeposit(input: $input) { balance { total } } }',
        variables: { input: { accountId, amount: { amount, currency: 'USD' }, idempotencyKey: randomUUID() } },
      });
    assert.equal((await deposit('10.00')).errors, undefined);
    const page = await signedIn(`/accounts/${accountId}`);
    await page.locator('[data-testid="account-balance-total"]', { hasText: '$10.00' }).waitFor();
    // The balance subscription is on the wire (graphql-ws has no per-subscription acknowledgement,
    // so a short settle follows).
    await waitUntil(() => sentFrames.some((frame) => frame.includes('AccountDetailLive') && frame.includes(accountId)), STEP_TIMEOUT_MS, 'the balance subscription');
    await page.waitForTimeout(300);
    await page.evaluate('window.__journeyMark = "same-document"');
    const startedAt = Date.now();
    assert.equal((await deposit('2.34')).errors, undefined);
    const total = page.locator('[data-testid="account-balance"][data-currency="USD"] [data-testid="account-balance-total"]');
    await total.filter({ hasText: '$12.34' }).waitFor();
    // Measured, not asserted (the machine is shared): from sending the deposit to the figure on screen.
    t.diagnostic(`balance on screen ${Date.now() - startedAt} ms after the deposit was sent`);
    assert.match((await total.getAttribute('class')) ?? '', /money--changed money--up/, 'the new figure animates in');
    assert.equal(await page.evaluate('window.__journeyMark'), 'same-document', 'no reload');
  });

  test('sends a payout and shows the route it took, with the alternatives', { timeout: JOURNEY_TIMEOUT_MS }, async () => {
    const { baseUrl } = dashboard.gateway();
    const key = dashboard.owner().testApiKey;
    const name = `Payout source ${randomUUID().slice(0, 6)}`;
    const created = await graphqlOverHttp(baseUrl, key, { query: 'mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }', variables: { input: { type: 'BUSINESS', name } } });
    const accountId = (created.data as { createAccount: { account: { id: string } } }).createAccount.account.id;
    await graphqlOverHttp(baseUrl, key, {
      query: 'mutation($input: SimulateDepositInput!) { simulateDeposit(input: $input) { balance { total } } }',
      variables: { input: { accountId, amount: { amount: '1000.00', currency: 'USD' }, idempotencyKey: randomUUID() } },
    });
    const page = await signedIn('/payouts');
    await page.getByTestId('payout-new').click();
    await page.locator(`[data-testid="payout-from"] option[value="${accountId}"]`).waitFor({ state: 'attached' });
    await page.getByTestId('payout-from').selectOption(accountId);
    await page.getByTestId('payout-amount').fill('250.00');
    await page.getByTestId('payout-network').selectOption('ACH');
    await page.getByTestId('payout-name').fill('Jane Roe');
    await page.getByTestId('payout-routingNumber').fill('021000021');
    await page.getByTestId('payout-accountNumber').fill('000123456789');
    await page.getByTestId('payout-submit').click();
    await page.getByTestId('route-reasoning').waitFor();
    assert.ok(((await page.getByTestId('route-reasoning').textContent()) ?? '').length > 10, 'the route explains itself');
    assert.ok((await page.locator('[data-testid="route-alternatives"] tbody tr').count()) >= 1, 'the alternatives are listed');
    assert.equal(await page.getByTestId('detail-amount').textContent(), '$250.00');
    assert.match((await page.getByTestId('detail-payee').textContent()) ?? '', /ACH/);
  });

  test('adds a webhook endpoint and sees a delivery arrive', { timeout: JOURNEY_TIMEOUT_MS }, async () => {
    const received: string[] = [];
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(body);
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('thanks');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    mkdirSync(path.join(ROOT, 'web', 'e2e-artifacts'), { recursive: true });
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/orquesta`;
      const page = await signedIn('/developers/webhooks');
      await page.getByTestId('webhook-url').fill(url);
      await page.getByTestId('webhook-create').click();
      await page.getByTestId('secret-value').waitFor();
      assert.match((await page.getByTestId('secret-value').textContent()) ?? '', /\S{16,}/, 'the signing secret is shown once');
      await page.getByTestId('webhook-endpoint').filter({ hasText: url }).waitFor();
      await page.getByTestId('webhook-send-test').click();
      await page.locator('[data-testid="webhook-delivery"][data-status="SUCCEEDED"]').filter({ hasText: 'webhook.test' }).waitFor({ timeout: 30_000 });
      assert.ok(received.some((body) => body.includes('webhook.test')), 'the receiver got the test event');
      // Opened, it shows what was sent and what the endpoint answered.
      await page.locator('[data-testid="webhook-delivery"][data-status="SUCCEEDED"] button').first().click();
      await page.getByText('thanks').first().waitFor();
      await page.getByTestId('secret-dismiss').click();
      await page.getByTestId('webhook-endpoints').scrollIntoViewIfNeeded();
      await page.evaluate('window.scrollBy(0, 150)');
      await page.screenshot({ path: path.join(ROOT, 'web', 'e2e-artifacts', 'journey-webhooks.png') });
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  test('creates an API key, shows its secret once, and revokes it', { timeout: JOURNEY_TIMEOUT_MS }, async () => {
    const page = await signedIn('/developers/api-keys');
    const name = `Billing server ${randomUUID().slice(0, 6)}`;
    await page.getByTestId('api-key-name').fill(name);
    await page.getByTestId('api-key-create').click();
    await page.getByTestId('secret-value').waitFor();
    assert.match((await page.getByTestId('secret-value').textContent()) ?? '', /^pk_test_/);
    const row = page.locator(`[data-testid="api-key-row"][data-key-name="${name}"]`);
    await row.getByTestId('api-key-status').filter({ hasText: 'Active' }).waitFor();
    await page.getByTestId('secret-dismiss').click();
    assert.equal(await page.getByTestId('secret-value').count(), 0, 'the secret is gone once dismissed');
    await row.getByTestId('api-key-revoke').click();
    await row.locator('[data-testid="api-key-status"][data-status="revoked"]').waitFor();
  });

  test('signs up a new company, lands in test mode with its name in the header, and adds test funds', { timeout: JOURNEY_TIMEOUT_MS }, async () => {
    const { baseUrl } = dashboard.gateway();
    // Its own address, so repeated runs stay under the signup limit per address.
    const context = await dashboard.browser().newContext({
      viewport: { width: 390, height: 844 },
      locale: 'en-US',
      extraHTTPHeaders: { 'x-forwarded-for': `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
    });
    const fresh = await context.newPage();
    fresh.setDefaultTimeout(STEP_TIMEOUT_MS);
    try {
      await fresh.goto(`${baseUrl}/forgot-password`);
      await fresh.getByTestId('forgot-password').filter({ hasText: 'cannot reset passwords by email yet' }).waitFor();
      await fresh.getByRole('link', { name: 'Back to sign in' }).click();
      await fresh.getByRole('link', { name: 'Create an account' }).click();
      const suffix = randomUUID().slice(0, 8);
      await fresh.getByLabel('Your name').fill('Ana García');
      await fresh.getByLabel('Company name').fill(`Acme ${suffix}`);
      await fresh.getByLabel('Email').fill(`ana-${suffix}@example.com`);
      await fresh.getByLabel('Password').fill(`Correct-horse-${suffix}`);
      await fresh.getByRole('button', { name: 'Create account' }).click();
      // On a phone the name sits behind the avatar (hidden): present is what counts here.
      await fresh.getByTestId('viewer-company').filter({ hasText: `Acme ${suffix}` }).waitFor({ state: 'attached', timeout: 60_000 });
      assert.equal(await fresh.getByTestId('mode-badge').getAttribute('data-mode'), 'test', 'a new company starts in test mode');
      assert.equal(new URL(fresh.url()).pathname, '/', 'it lands on the overview');

      await fresh.evaluate(`history.pushState(null, '', '/accounts'); dispatchEvent(new PopStateEvent('popstate'));`);
      await fresh.getByTestId('create-account-name').fill('First customer');
      await fresh.getByTestId('create-account-submit').click();
      const row = fresh.getByTestId('account-row').filter({ has: fresh.getByTestId('account-name').filter({ hasText: 'First customer' }) });
      await row.getByTestId('test-funds-open').click();
      await row.getByTestId('test-funds-submit').click();
      await row.getByTestId('account-balances').filter({ hasText: '$1,000.00' }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('invites a member', { timeout: JOURNEY_TIMEOUT_MS }, async () => {
    const page = await signedIn('/team');
    const email = `invitee-${randomUUID().slice(0, 6)}@example.com`;
    await page.getByTestId('invite-email').fill(email);
    await page.getByTestId('invite-role').selectOption('VIEWER');
    await page.getByTestId('invite-submit').click();
    await page.getByTestId('invite-sent').filter({ hasText: email }).waitFor();
    await page.context().close();
  });
});
