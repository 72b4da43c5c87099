import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { closeTestPools, createAccountVia, depositVia, postGraphQL, queryOk, testSystemPool } from '@orquesta/testing';
import { createTestTenant, startTestPlatform, type TestTenant } from '../testing';
import type { Platform } from '../platform';

// Reports through the gateway, from transfers made through the graph (and one written
// yesterday from outside, for the comparison with the previous period).

const FIGURES = 'currency volume { amount currency } count completedCount fees { amount } successRate averageSettlementSeconds refunds { amount } disputes streamOutflow { amount }';
const SUMMARY = `query($period: ReportPeriod!, $groupBy: ReportGroupBy!, $from: DateTimeISO, $to: DateTimeISO) {
  reportSummary(period: $period, groupBy: $groupBy, from: $from, to: $to) {
    from to previousFrom previousTo groupBy totals { ${FIGURES} } previousTotals { ${FIGURES} } groups { key figures { ${FIGURES} } previous { count } } } }`;

let platform: Platform;
let tenant: TestTenant;
let payer: string;

before(async () => {
  platform = await startTestPlatform();
  tenant = await createTestTenant();
  payer = await createAccountVia(platform.url, tenant.apiKey, 'Payer');
  const payee = await createAccountVia(platform.url, tenant.apiKey, 'Payee');
  await depositVia(platform.url, tenant.apiKey, payer, '100.00', 'USD');
  for (const amount of ['10.00', '20.25']) {
    await queryOk(platform.url, tenant.apiKey, `mutation($input: CreateInternalTransferInput!) { createInternalTransfer(input: $input) { transfer { id } } }`, {
      input: { fromAccountId: payer, toAccountId: payee, amount: { amount, currency: 'USD' }, idempotencyKey: randomUUID() },
    });
  }
  // Yesterday, from outside (tests may write other modules' tables): a failed payout in MXN.
  await testSystemPool().query(
    `INSERT INTO payments.transfers (id, tenant_id, livemode, type, status, from_account_id, amount_minor, fee_minor, currency, created_at, updated_at)
     VALUES ($1, $2, false, 'payout', 'failed', $3, 5000, 0, 'MXN', now() - interval '1 day', now())`,
    [randomUUID(), tenant.tenantId, payer],
  );
});

after(async () => {
  await platform.stop();
  await closeTestPools();
});

describe('reportSummary', () => {
  test('today by currency: volume, counts, fees, success rate, with yesterday for comparison', async () => {
    const { reportSummary } = await queryOk(platform.url, tenant.apiKey, SUMMARY, { period: 'DAY', groupBy: 'CURRENCY' });
    assert.equal(reportSummary.totals.length, 1);
    const usd = reportSummary.totals[0];
    assert.deepEqual(usd.volume, { amount: '30.25', currency: 'USD' });
    assert.equal(usd.count, 2);
    assert.equal(usd.completedCount, 2);
    assert.equal(usd.fees.amount, '0.00');
    assert.equal(usd.successRate, 1);
    assert.ok(usd.averageSettlementSeconds >= 0);
    assert.deepEqual([usd.refunds.amount, usd.disputes, usd.streamOutflow.amount], ['0.00', 0, '0.00']);
    assert.deepEqual(reportSummary.previousTotals.map((figures: { currency: string; count: number; successRate: number }) => [figures.currency, figures.count, figures.successRate]), [['MXN', 1, 0]]);
    assert.equal(new Date(reportSummary.to).getTime() - new Date(reportSummary.from).getTime(), 86_400_000);
    assert.deepEqual(reportSummary.groups.map((group: { key: string }) => group.key), ['USD']);
  });

  test('by account and by corridor (transfers without one under "none")', async () => {
    const byAccount = await queryOk(platform.url, tenant.apiKey, SUMMARY, { period: 'WEEK', groupBy: 'ACCOUNT' });
    assert.ok(byAccount.reportSummary.groups.some((group: { key: string; figures: { count: number } }) => group.key === payer && group.figures.count >= 2));
    const byCorridor = await queryOk(platform.url, tenant.apiKey, SUMMARY, { period: 'DAY', groupBy: 'CORRIDOR' });
    assert.deepEqual(byCorridor.reportSummary.groups.map((group: { key: string }) => group.key), ['none']);
  });

  test('CUSTOM needs both ends; another tenant sees nothing of these', async () => {
    const missing = await postGraphQL(platform.url, tenant.apiKey, SUMMARY, { period: 'CUSTOM', groupBy: 'CURRENCY', from: new Date().toISOString() });
    assert.equal(missing.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    const other = await createTestTenant();
    const theirs = await queryOk(platform.url, other.apiKey, SUMMARY, { period: 'DAY', groupBy: 'CURRENCY' });
    assert.deepEqual(theirs.reportSummary.totals, []);
  });
});

describe('volumeSeries', () => {
  test('hourly buckets of today', async () => {
    const { volumeSeries } = await queryOk(platform.url, tenant.apiKey, `{ volumeSeries(period: DAY, interval: HOUR) { interval points { at currency volume { amount } count successRate } } }`);
    assert.equal(volumeSeries.points.reduce((sum: number, point: { count: number }) => sum + point.count, 0), 2);
    assert.ok(volumeSeries.points.every((point: { at: string }) => new Date(point.at).getUTCMinutes() === 0));
  });
});
