import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { closeTestPools, createAccountVia, depositVia, postGraphQL, queryOk, testSystemPool } from '@orquesta/testing';
import { createTestTenant, startTestPlatform, type TestTenant } from '../testing';
import type { Platform } from '../platform';

const TRANSFER = 'mutation($input: CreateInternalTransferInput!) { createInternalTransfer(input: $input) { transfer { id } } }';
const REFUND = `
  mutation($input: CreateRefundInput!) {
    createRefund(input: $input) {
      refund { id status reason reasonDetails amount { amount currency } transfer { id } initiatedBy { type } completedAt }
    }
  }`;
const TRANSFER_REFUNDS = `
  query($id: ID!) {
    transfer(id: $id) { refundable refundedAmount { amount currency } refundableAmount { amount } refunds { id amount { amount } status } }
  }`;
const BALANCES = 'query($id: ID!) { account(id: $id) { balances { currency available total } } }';

let platform: Platform;
let tenant: TestTenant;
let stranger: TestTenant;

before(async () => {
  platform = await startTestPlatform();
  tenant = await createTestTenant();
  stranger = await createTestTenant();
});

after(async () => {
  await platform.stop();
  await closeTestPools();
});

async function usd(id: string): Promise<string> {
  const balances = (await queryOk(platform.url, tenant.apiKey, BALANCES, { id })).account.balances as Array<{ currency: string; available: string }>;
  return balances.find((balance) => balance.currency === 'USD')?.available ?? '0.00';
}

/** A payer funded with `funded`, a payee, and a completed transfer of `amount` between them. */
async function paid(amount: string, funded = amount): Promise<{ payer: string; payee: string; transferId: string }> {
  const payer = await createAccountVia(platform.url, tenant.apiKey, 'Payer');
  const payee = await createAccountVia(platform.url, tenant.apiKey, 'Payee');
  await depositVia(platform.url, tenant.apiKey, payer, funded);
  const data = await queryOk(platform.url, tenant.apiKey, TRANSFER, {
    input: { fromAccountId: payer, toAccountId: payee, amount: { amount, currency: 'USD' }, idempotencyKey: randomUUID() },
  });
  return { payer, payee, transferId: data.createInternalTransfer.transfer.id };
}

function refund(input: Record<string, unknown>, apiKey = tenant.apiKey) {
  return postGraphQL(platform.url, apiKey, REFUND, { input: { reason: 'CUSTOMER_REQUEST', idempotencyKey: randomUUID(), ...input } });
}

function code(response: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }): unknown {
  return response.errors?.[0]?.extensions?.code;
}

describe('refunds', () => {
  test('partial refunds then the rest: reverse direction, Transfer.refunds/refundedAmount/refundable, and nothing past the original', async () => {
    const { payer, payee, transferId } = await paid('100.00');
    const first = await refund({ transferId, amount: { amount: '30.00', currency: 'USD' }, reason: 'SERVICE_NOT_RENDERED', reasonDetails: ' half the order ' });
    assert.equal(first.errors, undefined, JSON.stringify(first.errors));
    const created = first.data!.createRefund.refund;
    assert.equal(created.status, 'SUCCEEDED');
    assert.equal(created.reason, 'SERVICE_NOT_RENDERED');
    assert.equal(created.reasonDetails, 'half the order');
    assert.deepEqual(created.amount, { amount: '30.00', currency: 'USD' });
    assert.equal(created.transfer.id, transferId);
    assert.equal(created.initiatedBy.type, 'API_KEY');
    assert.ok(created.completedAt);
    assert.equal(await usd(payer), '30.00');
    assert.equal(await usd(payee), '70.00');

    const tooMuch = await refund({ transferId, amount: { amount: '70.01', currency: 'USD' } });
    assert.equal(code(tooMuch), 'REFUND_EXCEEDS_REMAINING');
    assert.deepEqual(tooMuch.errors![0].extensions!.remaining, { amount: '70.00', currency: 'USD' });

    let view = (await queryOk(platform.url, tenant.apiKey, TRANSFER_REFUNDS, { id: transferId })).transfer;
    assert.equal(view.refundable, true);
    assert.deepEqual(view.refundedAmount, { amount: '30.00', currency: 'USD' });
    assert.equal(view.refundableAmount.amount, '70.00');
    assert.deepEqual(view.refunds.map((r: { id: string }) => r.id), [created.id]);

    // No amount: everything that remains.
    const rest = await refund({ transferId, reason: 'DUPLICATE_PAYMENT' });
    assert.equal(rest.errors, undefined, JSON.stringify(rest.errors));
    assert.equal(rest.data!.createRefund.refund.amount.amount, '70.00');
    assert.equal(await usd(payer), '100.00');
    assert.equal(await usd(payee), '0.00');

    view = (await queryOk(platform.url, tenant.apiKey, TRANSFER_REFUNDS, { id: transferId })).transfer;
    assert.equal(view.refundable, false);
    assert.equal(view.refundableAmount.amount, '0.00');
    assert.equal(view.refunds.length, 2);
    assert.equal(code(await refund({ transferId, amount: { amount: '0.01', currency: 'USD' } })), 'NOT_REFUNDABLE');

    const listed = await queryOk(platform.url, tenant.apiKey, 'query($t: ID!) { refunds(first: 10, filter: { transferId: $t }) { nodes { id } } }', { t: transferId });
    assert.equal(listed.refunds.nodes.length, 2);
    const one = await queryOk(platform.url, tenant.apiKey, 'query($id: ID!) { refund(id: $id) { id status } }', { id: created.id });
    assert.deepEqual(one.refund, { id: created.id, status: 'SUCCEEDED' });

    const events = await testSystemPool().query<{ type: string }>(
      "SELECT type FROM events.events WHERE entity_id = $1 AND type LIKE 'refund.%' ORDER BY id",
      [created.id],
    );
    assert.deepEqual(events.rows.map((row) => row.type), ['refund.created', 'refund.succeeded']);
  });

  test('20 concurrent partial refunds never exceed the original, and the ledger agrees', async () => {
    const { payer, payee, transferId } = await paid('100.00');
    const responses = await Promise.all(Array.from({ length: 20 }, () => refund({ transferId, amount: { amount: '7.00', currency: 'USD' } })));
    const succeeded = responses.filter((response) => !response.errors);
    const refused = responses.filter((response) => response.errors);
    assert.equal(succeeded.length, 14);
    for (const response of refused) assert.ok(['REFUND_EXCEEDS_REMAINING'].includes(code(response) as string), JSON.stringify(response.errors));
    assert.equal(await usd(payer), '98.00');
    assert.equal(await usd(payee), '2.00');
    const view = (await queryOk(platform.url, tenant.apiKey, TRANSFER_REFUNDS, { id: transferId })).transfer;
    assert.deepEqual(view.refundedAmount, { amount: '98.00', currency: 'USD' });
    assert.equal(view.refunds.length, 14);
  });

  test('the same key returns the original refund; other parameters under it are IDEMPOTENCY_KEY_REUSED', async () => {
    const { payer, transferId } = await paid('50.00');
    const idempotencyKey = randomUUID();
    const first = await refund({ transferId, amount: { amount: '10.00', currency: 'USD' }, idempotencyKey });
    const again = await refund({ transferId, amount: { amount: '10.00', currency: 'USD' }, idempotencyKey });
    assert.equal(again.data!.createRefund.refund.id, first.data!.createRefund.refund.id);
    assert.equal(await usd(payer), '10.00');
    assert.equal(code(await refund({ transferId, amount: { amount: '11.00', currency: 'USD' }, idempotencyKey })), 'IDEMPOTENCY_KEY_REUSED');
  });

  test('INSUFFICIENT_FUNDS when the payee spent the money; REFUND_WINDOW_EXPIRED after 90 days', async () => {
    const { payee, transferId } = await paid('40.00');
    const elsewhere = await createAccountVia(platform.url, tenant.apiKey, 'Elsewhere');
    await queryOk(platform.url, tenant.apiKey, TRANSFER, {
      input: { fromAccountId: payee, toAccountId: elsewhere, amount: { amount: '35.00', currency: 'USD' }, idempotencyKey: randomUUID() },
    });
    const poor = await refund({ transferId, amount: { amount: '10.00', currency: 'USD' } });
    assert.equal(code(poor), 'INSUFFICIENT_FUNDS');
    assert.equal(poor.errors![0].extensions!.available, '5.00');

    const old = await paid('20.00');
    // The only way to age a transfer from outside: the test writes its completion time.
    await testSystemPool().query("UPDATE payments.transfers SET completed_at = now() - interval '91 days' WHERE id = $1", [old.transferId]);
    const late = await refund({ transferId: old.transferId });
    assert.equal(code(late), 'REFUND_WINDOW_EXPIRED');
    assert.equal(late.errors![0].extensions!.windowDays, 90);
    const view = (await queryOk(platform.url, tenant.apiKey, TRANSFER_REFUNDS, { id: old.transferId })).transfer;
    assert.equal(view.refundable, false);
    assert.equal(await usd(old.payee), '20.00');
  });

  test('bad input gets typed errors and changes nothing', async () => {
    const { payer, payee, transferId } = await paid('30.00');
    for (const amount of ['-1.00', '0.00', '0', 'abc']) {
      assert.equal(code(await refund({ transferId, amount: { amount, currency: 'USD' } })), 'BAD_USER_INPUT', amount);
    }
    assert.equal(code(await refund({ transferId, amount: { amount: '1.00', currency: 'EUR' } })), 'BAD_USER_INPUT');
    assert.equal(code(await refund({ transferId, amount: { amount: '1.00', currency: 'USD' } }, stranger.apiKey)), 'NOT_FOUND');
    assert.equal(code(await refund({ transferId: 'not-an-id' })), 'NOT_FOUND');
    assert.equal(code(await refund({ transferId: randomUUID() })), 'NOT_FOUND');
    const unknownReason = await refund({ transferId, reason: 'BORED' });
    assert.ok(unknownReason.errors && unknownReason.errors.length > 0);
    assert.notEqual(code(unknownReason), 'INTERNAL_SERVER_ERROR');
    assert.equal(await usd(payer), '0.00');
    assert.equal(await usd(payee), '30.00');
    const stranger_view = await postGraphQL(platform.url, stranger.apiKey, 'query($t: ID!) { refunds(first: 5, filter: { transferId: $t }) { nodes { id } } }', { t: transferId });
    assert.deepEqual(stranger_view.data!.refunds.nodes, []);
    const none = await queryOk(platform.url, tenant.apiKey, TRANSFER_REFUNDS, { id: transferId });
    assert.deepEqual(none.transfer.refunds, []);
  });
});
