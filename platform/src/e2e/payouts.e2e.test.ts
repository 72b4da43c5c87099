import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { closeTestPools, createAccountVia, depositVia, holdUnrelatedTransactions, postGraphQL, queryOk, subscribe, subscriptionClient, testSystemPool } from '@orquesta/testing';
import { createTestTenant, startTestPlatform, type TestTenant } from '../testing';
import { railCallbackSecret, signRailCallback } from '@orquesta/treasury';
import type { Platform } from '../platform';

// Payouts through the running platform: the gateway over HTTP and graphql-ws, the relay, the
// settlement worker, the simulated rails (scripted per payout by a `[sim:…]` marker in the
// description) calling back into the gateway, real PostgreSQL and Redis.

const VALID = {
  clabe: '032180000118359719',
  cpf: '52998224725',
  routing: '021000021',
  phone: '+254712345678',
  wallet: `0x${'ab12'.repeat(10)}`,
};
const DESTINATIONS: Record<string, Record<string, string>> = {
  SPEI: { network: 'SPEI', clabe: VALID.clabe, name: 'Proveedora SA' },
  PIX: { network: 'PIX', pixKey: VALID.cpf, name: 'Contratada Ltda' },
  PSE: { network: 'PSE', bankCode: '1007', accountNumber: '12345678901', documentNumber: '1020304050' },
  ACH: { network: 'ACH', routingNumber: VALID.routing, accountNumber: '000123456789' },
  MPESA: { network: 'MPESA', phone: VALID.phone },
  USDC: { network: 'USDC', walletAddress: VALID.wallet },
};

const TRANSFER_FIELDS = `id type status failureReason amount { amount currency } fee { amount currency }
  route { corridor rail chain ruleId reasoning alternatives { rail eligible score fee { amount currency } } }
  payout { network destination stage rail targetAmount { amount currency } attempts { rail outcome code } manualSteps { id options resolvedAt resolution } }`;
const CREATE = `mutation($input: CreatePayoutInput!) { createPayout(input: $input) { transfer { ${TRANSFER_FIELDS} } } }`;

let platform: Platform;
let tenant: TestTenant;

before(async () => {
  platform = await startTestPlatform({
    ORQUESTA_PAYOUT_SWEEP_MS: '1000',
    ORQUESTA_PAYOUT_STUCK_MS: '4000',
    ORQUESTA_RAIL_SIM_LATENCY_MS: '200',
  });
  tenant = await createTestTenant();
});

after(async () => {
  await platform.stop();
  await closeTestPools();
});

async function funded(who: TestTenant, amount = '1000.00', currency = 'USD'): Promise<string> {
  const id = await createAccountVia(platform.url, who.apiKey, `Payer ${randomUUID().slice(0, 8)}`);
  await depositVia(platform.url, who.apiKey, id, amount, currency);
  return id;
}

function createPayout(input: Record<string, unknown>, who: TestTenant = tenant) {
  return postGraphQL(platform.url, who.apiKey, CREATE, { input: { idempotencyKey: randomUUID(), ...input } });
}

async function payoutOk(input: Record<string, unknown>, who: TestTenant = tenant) {
  const response = await createPayout(input, who);
  assert.equal(response.errors, undefined, JSON.stringify(response.errors));
  return response.data!.createPayout.transfer;
}

async function transferOf(id: string, who: TestTenant = tenant) {
  return (await queryOk(platform.url, who.apiKey, `query($id: ID!) { transfer(id: $id) { ${TRANSFER_FIELDS} } }`, { id })).transfer;
}

/** Polls until the transfer leaves `processing` (or the time is up), and returns it. */
async function settled(id: string, who: TestTenant = tenant, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const transfer = await transferOf(id, who);
    if (transfer.status !== 'PROCESSING') return transfer;
    if (Date.now() > deadline) assert.fail(`transfer ${id} still processing: ${JSON.stringify(transfer.payout)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

async function balance(accountId: string, currency = 'USD', who: TestTenant = tenant) {
  const data = await queryOk(platform.url, who.apiKey, 'query($id: ID!) { account(id: $id) { balances { currency available pending total } } }', { id: accountId });
  return data.account.balances.find((entry: { currency: string }) => entry.currency === currency) ?? { available: '0.00', pending: '0.00', total: '0.00' };
}

async function railPayouts(transferId: string): Promise<Array<{ rail: string; amount_minor: string; final_status: string }>> {
  const { rows } = await testSystemPool().query('SELECT rail, amount_minor::text, final_status FROM treasury.rail_simulator_payouts WHERE transfer_id = $1 ORDER BY created_at', [transferId]);
  return rows;
}

async function ledgerTransfers(reference: string): Promise<Array<{ code: string; amount_minor: string; currency: string; kind: string; state: string | null }>> {
  const { rows } = await testSystemPool().query(
    'SELECT code, amount_minor::text, currency, kind, state FROM ledger.transfers WHERE reference = $1 ORDER BY created_at, id',
    [reference],
  );
  return rows;
}

async function eventTypes(transferId: string): Promise<string[]> {
  const { rows } = await testSystemPool().query('SELECT type FROM events.events WHERE entity_id = $1 ORDER BY txid, id', [transferId]);
  return rows.map((row) => row.type);
}

/** Double entry holds for a tenant: per currency, posted credits equal posted debits and pending sides match. */
async function assertLedgerBalanced(tenantId: string): Promise<void> {
  const { rows } = await testSystemPool().query(
    `SELECT currency, sum(credits_posted - debits_posted)::text AS posted, sum(credits_pending - debits_pending)::text AS pending
       FROM ledger.accounts WHERE tenant_id = $1 GROUP BY currency`,
    [tenantId],
  );
  for (const row of rows) assert.deepEqual([row.currency, row.posted, row.pending], [row.currency, '0', '0'], `ledger balanced in ${row.currency}`);
  const negative = await testSystemPool().query(
    "SELECT count(*)::int AS n FROM ledger.accounts WHERE tenant_id = $1 AND code = 'customer_balance' AND credits_posted - debits_posted - debits_pending < 0",
    [tenantId],
  );
  assert.equal(negative.rows[0].n, 0, 'no customer balance below zero');
}

describe('corridors and rails', () => {
  test('corridors name their rails with fees, limits and settlement times; USD-ARS is listed without a rail', async () => {
    const data = await queryOk(platform.url, tenant.apiKey, '{ corridors { code network available rails { code currency feeBps feeFixed { amount currency } minAmount { amount } maxAmount { amount } settlementSeconds } } rails { code network } }');
    const byCode = new Map(data.corridors.map((corridor: { code: string }) => [corridor.code, corridor]));
    for (const code of ['USD-MXN', 'USD-BRL', 'USD-COP', 'USD-KES', 'USDC-MXN', 'COP-MXN', 'MXN-COP']) assert.ok(byCode.has(code), code);
    const mxn = byCode.get('USD-MXN') as { network: string; rails: Array<{ code: string; currency: string; feeFixed: { currency: string } }> };
    assert.equal(mxn.network, 'SPEI');
    assert.deepEqual(mxn.rails.map((rail) => rail.code), ['spei_stp', 'spei_arcus']);
    assert.equal(mxn.rails[0].feeFixed.currency, 'MXN');
    assert.deepEqual(byCode.get('USD-ARS'), { code: 'USD-ARS', network: null, available: false, rails: [] });
    assert.equal(data.rails.length, 12);
  });
});

describe('a payout per rail', () => {
  for (const network of Object.keys(DESTINATIONS)) {
    test(`${network}: processing at once, then completed; one payout at the rail; the hold posted to the rail, fee to revenue`, async () => {
      const payer = await funded(tenant);
      const created = await payoutOk({ fromAccountId: payer, amount: { amount: '100.00', currency: 'USD' }, destination: DESTINATIONS[network], description: `invoice ${network}` });
      assert.equal(created.type, 'PAYOUT');
      assert.equal(created.status, 'PROCESSING');
      assert.deepEqual(created.amount, { amount: '100.00', currency: 'USD' });
      assert.deepEqual(created.fee, { amount: '0.50', currency: 'USD' });
      assert.equal(created.payout.network, network);
      assert.doesNotMatch(created.payout.destination, new RegExp(VALID.clabe), 'the destination is masked');

      const done = await settled(created.id);
      assert.equal(done.status, 'COMPLETED', JSON.stringify(done.payout));
      assert.equal(done.payout.stage, 'settled');
      assert.ok(done.route.chain.includes(done.route.rail));
      assert.match(done.route.reasoning, /scored highest/);
      assert.equal(done.route.alternatives.length, 2);
      const atRail = await railPayouts(created.id);
      assert.equal(atRail.length, 1, 'exactly one payout at the rail');
      assert.equal(atRail[0].rail, done.payout.rail);
      assert.deepEqual(await balance(payer), { currency: 'USD', available: '900.00', pending: '0.00', total: '900.00' });

      const legs = await ledgerTransfers(created.id);
      const codes = legs.map((leg) => leg.code);
      assert.deepEqual(codes.filter((code) => code === 'payout_settlement'), ['payout_settlement']);
      assert.ok(codes.includes('payout_fee'));
      assert.equal(legs.find((leg) => leg.code === 'payout_hold')?.state, 'posted');
      const settlement = legs.find((leg) => leg.code === 'payout_settlement')!;
      assert.equal(settlement.currency, done.payout.targetAmount.currency);
      assert.equal(settlement.amount_minor, atRail[0].amount_minor, 'the ledger and the rail agree on the amount');
      if (network !== 'ACH') assert.ok(codes.includes('payout_fx'), 'FX goes through the fx account');
      assert.deepEqual((await eventTypes(created.id)).filter((type) => type.startsWith('transfer.')), ['transfer.created', 'transfer.processing', 'transfer.completed']);
    });
  }

  test('a quote is used once, at its locked rate', async () => {
    const payer = await funded(tenant);
    const quote = (await queryOk(platform.url, tenant.apiKey, 'mutation { createQuote(input: { fromCurrency: "USD", toCurrency: "MXN", amount: "250.00" }) { quote { id rate targetAmount { amount } } } }')).createQuote.quote;
    const created = await payoutOk({ fromAccountId: payer, quoteId: quote.id, destination: DESTINATIONS.SPEI });
    assert.equal(created.payout.targetAmount.amount, quote.targetAmount.amount);
    const again = await createPayout({ fromAccountId: payer, quoteId: quote.id, destination: DESTINATIONS.SPEI });
    assert.equal(again.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.equal(again.errors?.[0].extensions?.field, 'input.quoteId');
    assert.equal((await settled(created.id)).status, 'COMPLETED');
    assert.equal((await balance(payer)).available, '750.00');
  });

  test('the same idempotency key twice gives the same payout and holds once', async () => {
    const payer = await funded(tenant, '100.00');
    const input = { fromAccountId: payer, amount: { amount: '60.00', currency: 'USD' }, destination: DESTINATIONS.PIX, idempotencyKey: randomUUID() };
    const [first, second] = await Promise.all([payoutOk(input), payoutOk(input)]);
    assert.equal(first.id, second.id);
    await settled(first.id);
    assert.equal((await balance(payer)).available, '40.00');
    assert.equal((await railPayouts(first.id)).length, 1);
  });
});

describe('routing', () => {
  test('a rail whose limits the amount exceeds is weighed, recorded as ineligible with the reason, and never tried', async () => {
    const owner = await createTestTenant();
    const payer = await funded(owner, '150000.00');
    const created = await payoutOk({ fromAccountId: payer, amount: { amount: '120000.00', currency: 'USD' }, destination: DESTINATIONS.SPEI, description: '[sim:spei_stp=hard]' }, owner);
    const done = await settled(created.id, owner);
    // spei_arcus carries at most 2,000,000 MXN: the only eligible rail refused, so nothing was left.
    assert.equal(done.status, 'REQUIRES_MANUAL_INTERVENTION');
    assert.deepEqual(done.route.chain, ['spei_stp']);
    const arcus = done.route.alternatives.find((alternative: { rail: string }) => alternative.rail === 'spei_arcus');
    assert.deepEqual([arcus.eligible, arcus.score], [false, 0]);
    assert.match(done.route.reasoning, /spei_stp scored highest/);
    assert.deepEqual(done.payout.attempts.map((attempt: { rail: string }) => attempt.rail), ['spei_stp']);
    const refunded = await queryOk(platform.url, owner.apiKey, 'mutation($input: ResolveManualStepInput!) { resolveManualStep(input: $input) { transfer { status } } }', {
      input: { transferId: created.id, stepId: done.payout.manualSteps[0].id, action: 'REFUND' },
    });
    assert.equal(refunded.resolveManualStep.transfer.status, 'FAILED');
    assert.equal((await balance(payer, 'USD', owner)).available, '150000.00');
    await assertLedgerBalanced(owner.tenantId);
  });

  test('routing rules: only admins write them, and only with rails that serve the corridor', async () => {
    const owner = await createTestTenant();
    const member = await createTestTenant({ role: 'member' });
    const RULE = 'mutation($input: CreateRoutingRuleInput!) { createRoutingRule(input: $input) { id minAmount { amount currency } rails } }';
    const forbidden = await postGraphQL(platform.url, member.apiKey, RULE, { input: { corridor: 'USD-MXN', rails: ['spei_stp'] } });
    assert.equal(forbidden.errors?.[0].extensions?.code, 'FORBIDDEN');
    const wrongRail = await postGraphQL(platform.url, owner.apiKey, RULE, { input: { corridor: 'USD-MXN', rails: ['pix_bs2'] } });
    assert.equal(wrongRail.errors?.[0].extensions?.field, 'input.rails');
    const wrongCorridor = await postGraphQL(platform.url, owner.apiKey, RULE, { input: { corridor: 'USD-ARS', rails: ['spei_stp'] } });
    assert.equal(wrongCorridor.errors?.[0].extensions?.field, 'input.corridor');
    const rule = (await queryOk(platform.url, owner.apiKey, RULE, { input: { corridor: 'USD-MXN', minAmount: '1000.00', rails: ['spei_arcus'] } })).createRoutingRule;
    assert.deepEqual(rule.minAmount, { amount: '1000.00', currency: 'MXN' });
    assert.deepEqual((await queryOk(platform.url, owner.apiKey, '{ routingRules { id } }')).routingRules, [{ id: rule.id }]);
    const stranger = await createTestTenant();
    const foreign = await postGraphQL(platform.url, stranger.apiKey, 'mutation($id: ID!) { deleteRoutingRule(id: $id) }', { id: rule.id });
    assert.equal(foreign.errors?.[0].extensions?.code, 'NOT_FOUND');
    assert.equal((await queryOk(platform.url, owner.apiKey, 'mutation($id: ID!) { deleteRoutingRule(id: $id) }', { id: rule.id })).deleteRoutingRule, rule.id);
  });
});

describe('failures at the rail', () => {
  test('a soft failure is retried on the same rail and then succeeds', async () => {
    const payer = await funded(tenant);
    const created = await payoutOk({ fromAccountId: payer, amount: { amount: '20.00', currency: 'USD' }, destination: DESTINATIONS.MPESA, description: 'retry me [sim:*=soft]' });
    const done = await settled(created.id);
    assert.equal(done.status, 'COMPLETED');
    const outcomes = done.payout.attempts.map((attempt: { rail: string; outcome: string; code: string | null }) => [attempt.rail, attempt.outcome, attempt.code]);
    assert.deepEqual(outcomes, [
      [done.payout.rail, 'soft_failure', 'RAIL_TIMEOUT'],
      [done.payout.rail, 'sent', null],
      [done.payout.rail, 'succeeded', null],
    ]);
    assert.equal((await railPayouts(created.id)).length, 1);
  });

  test("a hard failure falls over to the next rail of the tenant's rule", async () => {
    const owner = await createTestTenant();
    const rule = (await queryOk(platform.url, owner.apiKey, 'mutation { createRoutingRule(input: { corridor: "USD-MXN", rails: ["spei_arcus", "spei_stp"] }) { id rails } }')).createRoutingRule;
    const payer = await funded(owner);
    const created = await payoutOk({ fromAccountId: payer, amount: { amount: '30.00', currency: 'USD' }, destination: DESTINATIONS.SPEI, description: '[sim:spei_arcus=hard]' }, owner);
    const done = await settled(created.id, owner);
    assert.equal(done.status, 'COMPLETED');
    assert.equal(done.route.ruleId, rule.id);
    assert.deepEqual(done.route.chain, ['spei_arcus', 'spei_stp']);
    assert.equal(done.route.rail, 'spei_stp');
    assert.deepEqual(done.payout.attempts.map((attempt: { rail: string; outcome: string }) => `${attempt.rail}:${attempt.outcome}`), ['spei_arcus:hard_failure', 'spei_stp:sent', 'spei_stp:succeeded']);
    assert.deepEqual((await railPayouts(created.id)).map((row) => row.rail), ['spei_stp']);
    await assertLedgerBalanced(owner.tenantId);
  });

  test('a payout the rail accepts and then fails falls over too', async () => {
    const payer = await funded(tenant);
    const created = await payoutOk({ fromAccountId: payer, amount: { amount: '30.00', currency: 'USD' }, destination: DESTINATIONS.PIX, description: '[sim:pix_celcoin=fail,pix_bs2=fail]' });
    const done = await settled(created.id);
    assert.equal(done.status, 'REQUIRES_MANUAL_INTERVENTION');
    assert.deepEqual((await railPayouts(created.id)).map((row) => row.final_status), ['failed', 'failed']);
  });

  test('every rail failing: requires_manual_intervention with the funds held, then retry on a chosen rail completes it', async () => {
    const payer = await funded(tenant, '100.00');
    const created = await payoutOk({ fromAccountId: payer, amount: { amount: '40.00', currency: 'USD' }, destination: DESTINATIONS.SPEI, description: '[sim:*=hard]' });
    const stuck = await settled(created.id);
    assert.equal(stuck.status, 'REQUIRES_MANUAL_INTERVENTION');
    assert.match(stuck.failureReason, /ACCOUNT_NOT_FOUND/);
    assert.deepEqual(await balance(payer), { currency: 'USD', available: '60.00', pending: '40.00', total: '100.00' });
    const [step] = stuck.payout.manualSteps;
    assert.deepEqual(step.options, ['REFUND', 'RETRY_ON_RAIL:spei_stp', 'RETRY_ON_RAIL:spei_arcus']);

    const member = await createTestTenant({ role: 'member' });
    const forbidden = await postGraphQL(platform.url, member.apiKey, 'mutation($input: ResolveManualStepInput!) { resolveManualStep(input: $input) { transfer { id } } }', {
      input: { transferId: created.id, stepId: step.id, action: 'REFUND' },
    });
    assert.equal(forbidden.errors?.[0].extensions?.code, 'FORBIDDEN');

    const resolved = await queryOk(platform.url, tenant.apiKey, 'mutation($input: ResolveManualStepInput!) { resolveManualStep(input: $input) { transfer { status } } }', {
      input: { transferId: created.id, stepId: step.id, action: 'RETRY_ON_RAIL', rail: 'spei_arcus' },
    });
    assert.equal(resolved.resolveManualStep.transfer.status, 'PROCESSING');
    const done = await settled(created.id);
    assert.equal(done.status, 'COMPLETED');
    assert.equal(done.payout.rail, 'spei_arcus');
    assert.equal(done.payout.manualSteps[0].resolution, 'retry on spei_arcus');
    assert.deepEqual(await balance(payer), { currency: 'USD', available: '60.00', pending: '0.00', total: '60.00' });
    const again = await postGraphQL(platform.url, tenant.apiKey, 'mutation($input: ResolveManualStepInput!) { resolveManualStep(input: $input) { transfer { id } } }', {
      input: { transferId: created.id, stepId: step.id, action: 'REFUND' },
    });
    assert.equal(again.errors?.[0].extensions?.code, 'CONFLICT');
  });

  test('every rail failing, then refund: failed, the hold voided, the funds back', async () => {
    const payer = await funded(tenant, '100.00');
    const created = await payoutOk({ fromAccountId: payer, amount: { amount: '40.00', currency: 'USD' }, destination: DESTINATIONS.USDC, description: '[sim:*=soft*]' });
    const stuck = await settled(created.id, tenant, 60_000);
    assert.equal(stuck.status, 'REQUIRES_MANUAL_INTERVENTION');
    const softs = stuck.payout.attempts.filter((attempt: { outcome: string }) => attempt.outcome === 'soft_failure');
    assert.equal(softs.length, 6, 'three soft failures on each of the two rails');
    const refunded = await queryOk(platform.url, tenant.apiKey, 'mutation($input: ResolveManualStepInput!) { resolveManualStep(input: $input) { transfer { status failureReason } } }', {
      input: { transferId: created.id, stepId: stuck.payout.manualSteps[0].id, action: 'REFUND' },
    });
    assert.equal(refunded.resolveManualStep.transfer.status, 'FAILED');
    assert.deepEqual(await balance(payer), { currency: 'USD', available: '100.00', pending: '0.00', total: '100.00' });
    assert.deepEqual((await ledgerTransfers(created.id)).map((leg) => [leg.code, leg.kind]), [['payout_hold', 'pending'], ['payout_hold', 'void_pending']]);
    assert.equal((await railPayouts(created.id)).length, 0);
    assert.deepEqual((await eventTypes(created.id)).filter((type) => type.startsWith('transfer.')), [
      'transfer.created', 'transfer.processing', 'transfer.requires_manual_intervention', 'transfer.failed',
    ]);
  });
});

describe('callbacks', () => {
  for (const outcome of ['dup', 'late']) {
    test(`${outcome === 'dup' ? 'duplicate' : 'late'} callbacks post nothing twice`, async () => {
      const payer = await funded(tenant);
      const created = await payoutOk({ fromAccountId: payer, amount: { amount: '10.00', currency: 'USD' }, destination: DESTINATIONS.SPEI, description: `[sim:*=${outcome}]` });
      assert.equal((await settled(created.id)).status, 'COMPLETED');
      // The late callback arrives about 3 s after completion.
      await new Promise((resolve) => setTimeout(resolve, 3_800));
      assert.deepEqual((await ledgerTransfers(created.id)).filter((leg) => leg.code === 'payout_settlement').length, 1);
      assert.deepEqual((await eventTypes(created.id)).filter((type) => type === 'transfer.completed'), ['transfer.completed']);
      assert.equal((await balance(payer)).available, '990.00');
    });
  }

  test('the callback route verifies signatures; a replayed signed callback is accepted and changes nothing', async () => {
    const payer = await funded(tenant);
    const created = await payoutOk({ fromAccountId: payer, amount: { amount: '10.00', currency: 'USD' }, destination: DESTINATIONS.MPESA });
    const done = await settled(created.id);
    const base = platform.url.replace('/graphql', '/callbacks/rails');
    const body = JSON.stringify({ rail: done.payout.rail, reference: `${created.id}:${done.payout.rail}:0`, transferId: created.id, tenantId: tenant.tenantId, livemode: false, status: 'succeeded' });
    const send = (rail: string, signature: string, text = body) =>
      fetch(`${base}/${rail}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-rail-signature': signature }, body: text });
    const signature = signRailCallback(railCallbackSecret(process.env), done.payout.rail, body);
    assert.equal((await send(done.payout.rail, signature)).status, 200);
    assert.equal((await send(done.payout.rail, signature)).status, 200);
    assert.equal((await send(done.payout.rail, signature, body.replace('succeeded', 'failed'))).status, 401, 'a body that changed does not verify');
    assert.equal((await send(done.payout.rail, 't=1,v1=' + '0'.repeat(64))).status, 401);
    assert.equal((await send('nope', signature)).status, 404);
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.equal((await transferOf(created.id)).status, 'COMPLETED');
    assert.equal((await ledgerTransfers(created.id)).filter((leg) => leg.code === 'payout_settlement').length, 1);
  });
});

describe('cancelling', () => {
  test('cancel races the worker: each payout ends cancelled with its funds back, or sent and completed, never both', async () => {
    const payer = await funded(tenant, '1000.00');
    const created = await Promise.all(Array.from({ length: 8 }, () => payoutOk({ fromAccountId: payer, amount: { amount: '10.00', currency: 'USD' }, destination: DESTINATIONS.PIX })));
    const cancels = await Promise.all(created.map((transfer) =>
      postGraphQL(platform.url, tenant.apiKey, 'mutation($id: ID!) { cancelPayout(input: { transferId: $id }) { transfer { status } } }', { id: transfer.id })));
    let cancelled = 0;
    for (const [i, transfer] of created.entries()) {
      const answer = cancels[i];
      const final = await settled(transfer.id);
      const atRail = await railPayouts(transfer.id);
      if (answer.errors) {
        assert.equal(answer.errors[0].extensions?.code, 'CONFLICT', JSON.stringify(answer.errors));
        assert.equal(final.status, 'COMPLETED');
        assert.equal(atRail.length, 1);
      } else {
        cancelled += 1;
        assert.equal(answer.data!.cancelPayout.transfer.status, 'CANCELLED');
        assert.equal(final.status, 'CANCELLED');
        assert.equal(atRail.length, 0, 'a cancelled payout never reached a rail');
      }
    }
    const expected = `${1000n - 10n * BigInt(created.length - cancelled)}.00`;
    assert.deepEqual(await balance(payer), { currency: 'USD', available: expected, pending: '0.00', total: expected });
  });

  test('a payout already sent cannot be cancelled', async () => {
    const payer = await funded(tenant);
    const created = await payoutOk({ fromAccountId: payer, amount: { amount: '10.00', currency: 'USD' }, destination: DESTINATIONS.ACH });
    await settled(created.id);
    const late = await postGraphQL(platform.url, tenant.apiKey, 'mutation($id: ID!) { cancelPayout(input: { transferId: $id }) { transfer { status } } }', { id: created.id });
    assert.equal(late.errors?.[0].extensions?.code, 'CONFLICT');
    const stranger = await createTestTenant();
    const foreign = await postGraphQL(platform.url, stranger.apiKey, 'mutation($id: ID!) { cancelPayout(input: { transferId: $id }) { transfer { status } } }', { id: created.id });
    assert.equal(foreign.errors?.[0].extensions?.code, 'NOT_FOUND');
  });
});

describe('bad input', () => {
  test('every refusal names its field, and nothing is held or recorded', async () => {
    const owner = await createTestTenant();
    const stranger = await createTestTenant();
    const payer = await funded(owner, '10000.00');
    const foreignQuote = (await queryOk(platform.url, stranger.apiKey, 'mutation { createQuote(input: { fromCurrency: "USD", toCurrency: "MXN", amount: "10.00" }) { quote { id } } }')).createQuote.quote.id;
    const expiredQuote = (await queryOk(platform.url, owner.apiKey, 'mutation { createQuote(input: { fromCurrency: "USD", toCurrency: "MXN", amount: "10.00" }) { quote { id } } }')).createQuote.quote.id;
    await testSystemPool().query("UPDATE payments.quotes SET expires_at = now() - interval '1 second' WHERE id = $1", [expiredQuote]);
    const brlQuote = (await queryOk(platform.url, owner.apiKey, 'mutation { createQuote(input: { fromCurrency: "USD", toCurrency: "BRL", amount: "10.00" }) { quote { id } } }')).createQuote.quote.id;
    const usd = (amount: string) => ({ amount, currency: 'USD' });
    const cases: Array<[string, Record<string, unknown>, string, string?]> = [
      ['expired quote', { quoteId: expiredQuote, destination: DESTINATIONS.SPEI }, 'BAD_USER_INPUT', 'input.quoteId'],
      ["another tenant's quote", { quoteId: foreignQuote, destination: DESTINATIONS.SPEI }, 'BAD_USER_INPUT', 'input.quoteId'],
      ['a quote for another currency', { quoteId: brlQuote, destination: DESTINATIONS.SPEI }, 'BAD_USER_INPUT', 'input.quoteId'],
      ['neither quote nor amount', { destination: DESTINATIONS.SPEI }, 'BAD_USER_INPUT', 'input.quoteId'],
      ['unsupported corridor', { amount: { amount: '10.00', currency: 'BRL' }, destination: DESTINATIONS.SPEI }, 'BAD_USER_INPUT', 'input.amount.currency'],
      ['above the rail limits', { amount: usd('5000.00'), destination: DESTINATIONS.MPESA }, 'BAD_USER_INPUT', 'input.amount.amount'],
      ['below the rail limits', { amount: usd('0.05'), destination: DESTINATIONS.MPESA }, 'BAD_USER_INPUT', 'input.amount.amount'],
      ['CLABE check digit', { amount: usd('10.00'), destination: { network: 'SPEI', clabe: '032180000118359718' } }, 'BAD_USER_INPUT', 'input.destination.clabe'],
      ['CLABE length', { amount: usd('10.00'), destination: { network: 'SPEI', clabe: '0321800001183597' } }, 'BAD_USER_INPUT', 'input.destination.clabe'],
      ['CLABE missing', { amount: usd('10.00'), destination: { network: 'SPEI', pixKey: VALID.cpf } }, 'BAD_USER_INPUT', 'input.destination.clabe'],
      ['CPF check digits', { amount: usd('10.00'), destination: { network: 'PIX', pixKey: '52998224724' } }, 'BAD_USER_INPUT', 'input.destination.pixKey'],
      ['phone not Kenyan', { amount: usd('10.00'), destination: { network: 'MPESA', phone: '+255712345678' } }, 'BAD_USER_INPUT', 'input.destination.phone'],
      ['wallet too short', { amount: usd('10.00'), destination: { network: 'USDC', walletAddress: '0xabc' } }, 'BAD_USER_INPUT', 'input.destination.walletAddress'],
      ['routing checksum', { amount: usd('10.00'), destination: { network: 'ACH', routingNumber: '021000022', accountNumber: '1234567' } }, 'BAD_USER_INPUT', 'input.destination.routingNumber'],
      ['PSE bank code', { amount: usd('10.00'), destination: { ...DESTINATIONS.PSE, bankCode: '12' } }, 'BAD_USER_INPUT', 'input.destination.bankCode'],
      ['insufficient funds', { amount: usd('10000.01'), destination: DESTINATIONS.USDC }, 'INSUFFICIENT_FUNDS'],
      ['unknown account', { fromAccountId: randomUUID(), amount: usd('10.00'), destination: DESTINATIONS.SPEI }, 'NOT_FOUND'],
    ];
    for (const [name, input, code, field] of cases) {
      const response = await createPayout({ fromAccountId: payer, ...input }, owner);
      assert.equal(response.status, 200, name);
      assert.equal(response.errors?.[0].extensions?.code, code, `${name}: ${JSON.stringify(response.errors)}`);
      if (field) assert.equal(response.errors?.[0].extensions?.field, field, name);
      assert.doesNotMatch(JSON.stringify(response.errors), /SELECT|INSERT|at .*\.js/, `${name}: no SQL or stack`);
    }
    assert.deepEqual(await balance(payer, 'USD', owner), { currency: 'USD', available: '10000.00', pending: '0.00', total: '10000.00' });
    const { rows } = await testSystemPool().query('SELECT count(*)::int AS n FROM payments.payouts WHERE tenant_id = $1', [owner.tenantId]);
    assert.equal(rows[0].n, 0);
  });
});

describe('live status', () => {
  test('transferUpdated replays and follows a payout from processing to completed', async () => {
    const payer = await funded(tenant);
    const before = await queryOk(platform.url, tenant.apiKey, '{ events(first: 1) { nodes { id } } }');
    const created = await payoutOk({ fromAccountId: payer, amount: { amount: '15.00', currency: 'USD' }, destination: DESTINATIONS.PSE, description: '[sim:*=slow]' });
    const client = subscriptionClient(platform.wsUrl, tenant.apiKey);
    try {
      const subscription = subscribe(client, 'subscription($id: ID!, $after: ID) { transferUpdated(id: $id, after: $after) { id status route { rail } } }', {
        id: created.id,
        after: before.events.nodes[0].id,
      });
      const statuses: string[] = [];
      for (;;) {
        const message = await subscription.next(20_000);
        assert.equal(message.errors, undefined, JSON.stringify(message.errors));
        const update = (message.data as { transferUpdated: { status: string; route: { rail: string } | null } }).transferUpdated;
        statuses.push(`${message.extensions?.event?.type}:${update.status}`);
        if (update.status === 'COMPLETED') {
          assert.ok(update.route?.rail, 'the refetch carries the route');
          break;
        }
      }
      // Replayed and live events alike are refetched as the transfer is now, so a late refetch may
      // already read COMPLETED; the event types say which change each message announced.
      assert.deepEqual(statuses.map((entry) => entry.split(':')[0]), ['transfer.created', 'transfer.processing', 'transfer.completed']);
      subscription.close();
    } finally {
      await client.dispose();
    }
    const seen = (await eventTypes(created.id)).filter((type) => type.startsWith('transfer.'));
    assert.deepEqual(seen, ['transfer.created', 'transfer.processing', 'transfer.completed']);
  });
});

describe('unrelated transactions', () => {
  test('write transactions open in another database and on other tables here hold back neither balanceChanged nor a payout', async () => {
    const payer = await funded(tenant);
    const client = subscriptionClient(platform.wsUrl, tenant.apiKey);
    const balanceChanges = subscribe(client, 'subscription($id: ID!) { balanceChanged(accountId: $id) { id balances { currency available } } }', { id: payer });
    // Held for the whole measurement; the server-wide horizon stays behind them all along.
    const unrelated = await holdUnrelatedTransactions();
    try {
      await balanceChanges.quiet(300);
      await depositVia(platform.url, tenant.apiKey, payer, '5.00', 'USD');
      const pushed = await balanceChanges.next(5_000);
      assert.equal(pushed.errors, undefined, JSON.stringify(pushed.errors));
      assert.deepEqual(pushed.data?.balanceChanged.balances, [{ currency: 'USD', available: '1005.00' }]);
      const startedAt = Date.now();
      const created = await payoutOk({ fromAccountId: payer, amount: { amount: '10.00', currency: 'USD' }, destination: DESTINATIONS.MPESA });
      const done = await settled(created.id, tenant, 10_000);
      assert.equal(done.status, 'COMPLETED');
      // Sooner than the sweep could have moved it (stuck after 4 s here): the relay handed it over.
      assert.ok(Date.now() - startedAt < 4_000, `the payout took ${Date.now() - startedAt} ms`);
    } finally {
      await unrelated.release();
      balanceChanges.close();
      await client.dispose();
    }
  });
});

describe('treasury', () => {
  test('payouts draw floats down: low-liquidity alerts and events; a rebalance refills the float', async () => {
    const owner = await createTestTenant();
    const payer = await funded(owner);
    const created = await payoutOk({ fromAccountId: payer, amount: { amount: '50.00', currency: 'USD' }, destination: DESTINATIONS.MPESA }, owner);
    const done = await settled(created.id, owner);
    const rail = done.payout.rail;
    const OVERVIEW = '{ treasuryOverview { balances { currency balance { amount } inFlight { amount } } floats { rail balance { amount currency } low } alerts { rail shortfall { amount currency } } } }';
    const overview = (await queryOk(platform.url, owner.apiKey, OVERVIEW)).treasuryOverview;
    const float = overview.floats.find((entry: { rail: string }) => entry.rail === rail);
    assert.equal(float.balance.amount, `-${done.payout.targetAmount.amount}`);
    assert.deepEqual(overview.alerts, [{ rail, shortfall: { amount: done.payout.targetAmount.amount, currency: 'KES' } }]);
    assert.ok((await eventTypes(created.id)).includes('liquidity.low'));

    const rebalance = 'mutation($input: RebalanceLiquidityInput!) { rebalanceLiquidity(input: $input) { alerts { rail } floats { rail balance { amount } } } }';
    const input = { fromRail: 'treasury', toRail: rail, amount: { amount: '100000.00', currency: 'KES' }, idempotencyKey: randomUUID() };
    const refilled = (await queryOk(platform.url, owner.apiKey, rebalance, { input })).rebalanceLiquidity;
    assert.deepEqual(refilled.alerts, []);
    const other = rail === 'mpesa_safaricom' ? 'mpesa_cellulant' : 'mpesa_safaricom';
    const moved = (await queryOk(platform.url, owner.apiKey, rebalance, { input: { fromRail: rail, toRail: other, amount: { amount: '1000.00', currency: 'KES' }, idempotencyKey: randomUUID() } })).rebalanceLiquidity;
    assert.equal(moved.floats.find((entry: { rail: string }) => entry.rail === other).balance.amount, '1000.00');
    const wrong = await postGraphQL(platform.url, owner.apiKey, rebalance, { input: { fromRail: 'spei_stp', toRail: rail, amount: { amount: '1.00', currency: 'KES' }, idempotencyKey: randomUUID() } });
    assert.equal(wrong.errors?.[0].extensions?.field, 'input.fromRail');
    await assertLedgerBalanced(owner.tenantId);
  });

  test('reconciliation matches the ledger with the rails and finds an injected mismatch', async () => {
    const owner = await createTestTenant();
    const payer = await funded(owner);
    const first = await payoutOk({ fromAccountId: payer, amount: { amount: '20.00', currency: 'USD' }, destination: DESTINATIONS.SPEI }, owner);
    const second = await payoutOk({ fromAccountId: payer, amount: { amount: '20.00', currency: 'USD' }, destination: DESTINATIONS.PIX }, owner);
    await settled(first.id, owner);
    await settled(second.id, owner);
    const RUN = 'mutation { runReconciliation { matched mismatched items { transferId outcome ledgerAmount { amount } railAmount { amount } } } }';
    const clean = (await queryOk(platform.url, owner.apiKey, RUN)).runReconciliation;
    assert.deepEqual([clean.matched, clean.mismatched], [2, 0]);

    await testSystemPool().query('UPDATE treasury.rail_simulator_payouts SET amount_minor = amount_minor + 1 WHERE transfer_id = $1', [second.id]);
    const found = (await queryOk(platform.url, owner.apiKey, RUN)).runReconciliation;
    assert.deepEqual([found.matched, found.mismatched], [1, 1]);
    assert.equal(found.items[0].transferId, second.id);
    assert.equal(found.items[0].outcome, 'amount_mismatch');
    assert.notEqual(found.items[0].ledgerAmount.amount, found.items[0].railAmount.amount);
    const runs = (await queryOk(platform.url, owner.apiKey, '{ reconciliationRuns(first: 5) { mismatched } }')).reconciliationRuns;
    assert.deepEqual(runs.map((run: { mismatched: number }) => run.mismatched), [1, 0]);
    const stranger = await createTestTenant();
    assert.deepEqual((await queryOk(platform.url, stranger.apiKey, '{ reconciliationRuns { id } }')).reconciliationRuns, []);
  });

  test('the rate feed moves rates within bounds and keeps their history', async () => {
    const { tickRateFeed } = await import('@orquesta/treasury');
    const pool = testSystemPool();
    await tickRateFeed(pool, () => 1);
    const history = (await queryOk(platform.url, tenant.apiKey, '{ fxRateHistory(from: "USD", to: "MXN", first: 2) { rate source } }')).fxRateHistory;
    assert.equal(history.length, 2);
    assert.equal(history[0].source, 'simulated-feed');
    const { rows } = await pool.query("SELECT min(rate)::float8 AS low, max(rate)::float8 AS high FROM treasury.fx_rates WHERE base = 'USD' AND quote = 'MXN'");
    assert.ok(rows[0].high <= 18.4215 * 1.08 + 1e-6 && rows[0].low >= 18.4215 * 0.92 - 1e-6, JSON.stringify(rows[0]));
  });
});

describe('after the suite', () => {
  test('the ledger balances for every tenant that paid out here', async () => {
    await assertLedgerBalanced(tenant.tenantId);
  });
});
