/**
 * The reports page in real Chromium, on a desktop and on a 390 px phone: period totals with the
 * previous period, the chart, an export built in the background and downloaded by its signed
 * link, and a statement PDF. The platform runs as a black box (`node dist/platform/src/main.js`).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { graphqlOverHttp, signIn, useDashboard } from './dashboard.harness.mjs';

const STEP_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 150_000;

const dashboard = useDashboard(STEP_TIMEOUT_MS);

async function call(query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
  const answer = await graphqlOverHttp(dashboard.gateway().baseUrl, dashboard.owner().testApiKey, { query, variables });
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
  return answer.data as Record<string, any>;
}

async function account(name: string): Promise<string> {
  const data = await call('mutation E2eCreate($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }', { input: { type: 'BUSINESS', name } });
  return data.createAccount.account.id;
}

describe('the reports page', { timeout: TEST_TIMEOUT_MS * 2 }, () => {
  for (const viewport of [
    { name: 'desktop', width: 1280, height: 820 },
    { name: '390 px phone', width: 390, height: 844 },
  ]) {
    test(`shows today's figures, exports and downloads, and serves a statement PDF (${viewport.name})`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const { baseUrl } = dashboard.gateway();
      const suffix = randomUUID().slice(0, 8);
      const payer = await account(`E2E Books payer ${suffix}`);
      const payee = await account(`E2E Books payee ${suffix}`);
      await call('mutation E2eDeposit($input: SimulateDepositInput!) { simulateDeposit(input: $input) { balance { total } } }', {
        input: { accountId: payer, amount: { amount: '50.00', currency: 'USD' }, idempotencyKey: `dep-${suffix}` },
      });
      await call('mutation E2eMove($input: CreateInternalTransferInput!) { createInternalTransfer(input: $input) { transfer { id } } }', {
        input: { fromAccountId: payer, toAccountId: payee, amount: { amount: '12.50', currency: 'USD' }, idempotencyKey: `move-${suffix}` },
      });

      const context = await dashboard.browser().newContext({ viewport: { width: viewport.width, height: viewport.height }, deviceScaleFactor: 1, acceptDownloads: true });
      const page = await context.newPage();
      try {
        await signIn(page, baseUrl, dashboard.owner());
        await page.goto(`${baseUrl}/reports`);
        const usd = page.getByTestId('totals-USD');
        await usd.waitFor({ timeout: STEP_TIMEOUT_MS });
        assert.equal(await usd.getByTestId('success-rate').textContent(), '100%');
        // The tenant is the file's (both viewports add a transfer): the page shows what the graph says.
        const figures = await call('query E2eSummary { reportSummary(period: DAY, groupBy: CURRENCY) { totals { currency volume { amount } } } }', {});
        const volume = figures.reportSummary.totals.find((total: { currency: string }) => total.currency === 'USD').volume.amount;
        assert.ok(((await usd.textContent()) ?? '').includes(volume), `the page shows ${volume} USD`);
        await page.getByTestId('volume-chart').waitFor();
        await page.getByTestId('report-corridors').getByText('Within the platform').first().waitFor();

        // Export: the dialog shows progress, then a link that works without the session.
        await page.getByTestId('open-export').click();
        const dialog = page.getByTestId('export-dialog');
        await dialog.waitFor();
        const box = await dialog.boundingBox();
        assert.ok(box && box.width <= viewport.width, `the dialog fits the screen (${box?.width} px)`);
        await page.getByTestId('export-format').selectOption('FULL_CSV');
        await page.getByTestId('start-export').click();
        const link = page.getByTestId('export-download');
        await link.waitFor({ timeout: STEP_TIMEOUT_MS });
        const href = await link.getAttribute('href');
        assert.ok(href, 'a download link');
        const file = await fetch(new URL(href, baseUrl));
        assert.equal(file.status, 200);
        const csv = await file.text();
        assert.match(csv, /^date,time_utc,transaction_id,/);
        assert.ok(csv.includes('12.50'), 'the transfer is in the file');
        await dialog.getByRole('button', { name: 'Close' }).click();

        // A statement PDF downloads from the statements list.
        const statementRow = page.getByTestId('statements').locator('tr', { hasText: `E2E Books payer ${suffix}` });
        await statementRow.waitFor({ timeout: STEP_TIMEOUT_MS });
        const [download] = await Promise.all([page.waitForEvent('download', { timeout: STEP_TIMEOUT_MS }), statementRow.getByRole('button').first().click()]);
        assert.match(download.suggestedFilename(), /^statement-\d{4}-\d{2}-USD-.*\.pdf$/);
        await page.screenshot({ path: `/tmp/orquesta-reports-${viewport.width}.png`, fullPage: true });
      } finally {
        await context.close();
      }
    });
  }
});
