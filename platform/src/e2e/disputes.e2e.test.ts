import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { closeTestPools, createAccountVia, depositVia, postGraphQL, queryOk } from '@orquesta/testing';
import { createTestTenant, startTestPlatform, type TestTenant } from '../testing';
import type { Platform } from '../platform';

const TRANSFER = 'mutation($input: CreateInternalTransferInput!) { createInternalTransfer(input: $input) { transfer { id } } }';
const DISPUTE_FIELDS = 'id status reason description amount { amount currency } dueBy createdAt resolvedAt transfer { id } evidence { explanation refundPolicy submittedAt }';
const OPEN = `mutation($input: OpenDisputeInput!) { openDispute(input: $input) { dispute { ${DISPUTE_FIELDS} } } }`;
const EVIDENCE = `mutation($input: SubmitDisputeEvidenceInput!) { submitDisputeEvidence(input: $input) { dispute { ${DISPUTE_FIELDS} } } }`;
const ACCEPT = `mutation($input: AcceptDisputeInput!) { acceptDispute(input: $input) { dispute { ${DISPUTE_FIELDS} } } }`;
const RESOLVE = `mutation($input: ResolveDisputeInput!) { resolveDispute(input: $input) { dispute { ${DISPUTE_FIELDS} } } }`;
const REFUND = 'mutation($input: CreateRefundInput!) { createRefund(input: $input) { refund { id amount { amount } } } }';
const BALANCES = 'query($id: ID!) { account(id: $id) { balances { currency available pending total incoming } } }';

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

async function balance(id: string): Promise<{ available: string; total: string }> {
  const balances = (await queryOk(platform.url, tenant.apiKey, BALANCES, { id })).account.balances as Array<{ currency: string; available: string; total: string }>;
  const usd = balances.find((entry) => entry.currency === 'USD');
  return { available: usd?.available ?? '0.00', total: usd?.total ?? '0.00' };
}

async function paid(amount: string): Promise<{ payer: string; payee: string; transferId: string }> {
  const payer = await createAccountVia(platform.url, tenant.apiKey, 'Customer');
  const payee = await createAccountVia(platform.url, tenant.apiKey, 'Merchant');
  await depositVia(platform.url, tenant.apiKey, payer, amount);
  const data = await queryOk(platform.url, tenant.apiKey, TRANSFER, {
    input: { fromAccountId: payer, toAccountId: payee, amount: { amount, currency: 'USD' }, idempotencyKey: randomUUID() },
  });
  return { payer, payee, transferId: data.createInternalTransfer.transfer.id };
}

function call(query: string, input: Record<string, unknown>, apiKey = tenant.apiKey) {
  return postGraphQL(platform.url, apiKey, query, { input });
}

function open(input: Record<string, unknown>, apiKey = tenant.apiKey) {
  return call(OPEN, { reason: 'SERVICE_NOT_RECEIVED', idempotencyKey: randomUUID(), ...input }, apiKey);
}

function code(response: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }): unknown {
  return response.errors?.[0]?.extensions?.code;
}

describe('disputes', () => {
  test('opened: held on the payee, due in 30 days; evidence → under review; won releases the hold', async () => {
    const { payer, payee, transferId } = await paid('100.00');
    const opened = await open({ transferId, amount: { amount: '40.00', currency: 'USD' }, description: 'never arrived' });
    assert.equal(opened.errors, undefined, JSON.stringify(opened.errors));
    const dispute = opened.data!.openDispute.dispute;
    assert.equal(dispute.status, 'OPEN');
    assert.deepEqual(dispute.amount, { amount: '40.00', currency: 'USD' });
    assert.equal(dispute.transfer.id, transferId);
    const dueInDays = (Date.parse(dispute.dueBy) - Date.parse(dispute.createdAt)) / 86_400_000;
    assert.equal(Math.round(dueInDays), 30);
    assert.deepEqual(await balance(payee), { available: '60.00', total: '100.00' });
    const view = await queryOk(platform.url, tenant.apiKey, 'query($id: ID!) { transfer(id: $id) { refundable refundableAmount { amount } } }', { id: transferId });
    assert.deepEqual(view.transfer, { refundable: true, refundableAmount: { amount: '60.00' } });

    const reviewed = await call(EVIDENCE, { disputeId: dispute.id, evidence: { explanation: 'Delivered on the 3rd, signed.', refundPolicy: 'No refunds after delivery.' } });
    assert.equal(reviewed.errors, undefined, JSON.stringify(reviewed.errors));
    assert.equal(reviewed.data!.submitDisputeEvidence.dispute.status, 'UNDER_REVIEW');
    assert.equal(reviewed.data!.submitDisputeEvidence.dispute.evidence.explanation, 'Delivered on the 3rd, signed.');
    assert.ok(reviewed.data!.submitDisputeEvidence.dispute.evidence.submittedAt);

    const won = await call(RESOLVE, { disputeId: dispute.id, outcome: 'WON' });
    assert.equal(won.data!.resolveDispute.dispute.status, 'WON');
    assert.ok(won.data!.resolveDispute.dispute.resolvedAt);
    assert.deepEqual(await balance(payee), { available: '100.00', total: '100.00' });
    assert.deepEqual(await balance(payer), { available: '0.00', total: '0.00' });
    assert.equal(code(await call(ACCEPT, { disputeId: dispute.id })), 'CONFLICT');

    const listed = await queryOk(platform.url, tenant.apiKey, 'query($t: ID!) { disputes(first: 5, filter: { transferId: $t }) { nodes { id status } } }', { t: transferId });
    assert.deepEqual(listed.disputes.nodes, [{ id: dispute.id, status: 'WON' }]);
  });

  test('lost and accepted move the held amount to the payer', async () => {
    const { payer, payee, transferId } = await paid('50.00');
    const first = (await open({ transferId, amount: { amount: '20.00', currency: 'USD' } })).data!.openDispute.dispute;
    const second = (await open({ transferId, amount: { amount: '10.00', currency: 'USD' }, reason: 'DUPLICATE_CHARGE' })).data!.openDispute.dispute;
    assert.equal((await call(RESOLVE, { disputeId: first.id, outcome: 'LOST' })).data!.resolveDispute.dispute.status, 'LOST');
    assert.equal((await call(ACCEPT, { disputeId: second.id })).data!.acceptDispute.dispute.status, 'ACCEPTED');
    assert.deepEqual(await balance(payer), { available: '30.00', total: '30.00' });
    assert.deepEqual(await balance(payee), { available: '20.00', total: '20.00' });
    // 30.00 went back: a refund may take only the rest.
    const refund = await call(REFUND, { transferId, amount: { amount: '20.01', currency: 'USD' }, reason: 'OTHER', idempotencyKey: randomUUID() });
    assert.equal(code(refund), 'REFUND_EXCEEDS_REMAINING');
  });

  test('a dispute and refunds racing on one transfer never return more than it, and the ledger agrees', async () => {
    const { payer, payee, transferId } = await paid('100.00');
    const racers = [
      ...Array.from({ length: 6 }, () => call(REFUND, { transferId, amount: { amount: '15.00', currency: 'USD' }, reason: 'CUSTOMER_REQUEST', idempotencyKey: randomUUID() })),
      open({ transferId, amount: { amount: '30.00', currency: 'USD' } }),
      open({ transferId, amount: { amount: '30.00', currency: 'USD' } }),
    ];
    const results = await Promise.all(racers);
    let returned = 0;
    results.slice(0, 6).forEach((result) => { if (!result.errors) returned += 1500; });
    let held = 0;
    for (const result of results.slice(6)) {
      if (!result.errors) {
        held += 3000;
        const lost = await call(RESOLVE, { disputeId: result.data!.openDispute.dispute.id, outcome: 'LOST' });
        assert.equal(lost.errors, undefined, JSON.stringify(lost.errors));
      }
    }
    assert.ok(returned + held <= 10_000, `returned ${returned} + held ${held}`);
    assert.ok(returned + held >= 9_000, 'the race leaves no room for another 15.00 refund or 30.00 dispute');
    const back = ((returned + held) / 100).toFixed(2);
    assert.deepEqual(await balance(payer), { available: back, total: back });
    const left = ((10_000 - returned - held) / 100).toFixed(2);
    assert.deepEqual(await balance(payee), { available: left, total: left });
  });

  test('bad input: other tenant, unknown ids, zero or negative amounts, more than remains, empty evidence; nothing changes', async () => {
    const { payee, transferId } = await paid('20.00');
    assert.equal(code(await open({ transferId }, stranger.apiKey)), 'NOT_FOUND');
    assert.equal(code(await open({ transferId: randomUUID() })), 'NOT_FOUND');
    for (const amount of ['0.00', '-5.00']) assert.equal(code(await open({ transferId, amount: { amount, currency: 'USD' } })), 'BAD_USER_INPUT');
    assert.equal(code(await open({ transferId, amount: { amount: '20.01', currency: 'USD' } })), 'BAD_USER_INPUT');
    assert.ok((await open({ transferId, reason: 'BORED' })).errors);
    const dispute = (await open({ transferId })).data!.openDispute.dispute;
    assert.equal(dispute.amount.amount, '20.00');
    assert.equal(code(await call(EVIDENCE, { disputeId: dispute.id, evidence: {} })), 'BAD_USER_INPUT');
    assert.equal(code(await call(ACCEPT, { disputeId: dispute.id }, stranger.apiKey)), 'NOT_FOUND');
    assert.equal(code(await call(RESOLVE, { disputeId: dispute.id, outcome: 'LOST' }, stranger.apiKey)), 'NOT_FOUND');
    const seen = await postGraphQL(platform.url, stranger.apiKey, 'query($id: ID!) { dispute(id: $id) { id } }', { id: dispute.id });
    assert.equal(code(seen), 'NOT_FOUND');
    assert.deepEqual(await balance(payee), { available: '0.00', total: '20.00' });
    const still = await queryOk(platform.url, tenant.apiKey, 'query($id: ID!) { dispute(id: $id) { status } }', { id: dispute.id });
    assert.equal(still.dispute.status, 'OPEN');
  });
});
