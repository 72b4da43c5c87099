import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  closeTestPools,
  createAccountVia,
  createVerifiedAgentVia,
  depositVia,
  postGraphQL,
  queryOk,
  subscribe,
  subscriptionClient,
  testSystemPool,
} from '@orquesta/testing';
import { createTestTenant, startTestPlatform, type TestTenant } from '../testing';
import type { Platform } from '../platform';

// Agents through the running platform: an agent token moves money only within its owner's
// permissions and its effective limits, every step lands in its activity (live), approvals
// hold the money until a human decides once, and a suspended agent stops at once.

const ACH = { network: 'ACH', routingNumber: '021000021', accountNumber: '000123456789' };
const TRANSFER = 'mutation($input: CreateInternalTransferInput!) { createInternalTransfer(input: $input) { transfer { id status amount { amount } } } }';
const PAYOUT = 'mutation($input: CreatePayoutInput!) { createPayout(input: $input) { transfer { id status amount { amount } } } }';
const LIMITS = 'mutation($input: UpdateAgentLimitsInput!) { updateAgentLimits(input: $input) { agent { id effectiveLimits { perTransaction { amount } daily { amount } monthly { amount } cappedByParent cappedBy } } } }';

let platform: Platform;
let tenant: TestTenant;

before(async () => {
  // 32 requests of one agent queue on its usage row: a pool of 3 would have them wait for a
  // connection longer than its 5 s timeout on a busy machine, which is not what is tested here.
  platform = await startTestPlatform({}, { poolSize: 8 });
  tenant = await createTestTenant();
});

after(async () => {
  await platform.stop();
  await closeTestPools();
});

const usd = (amount: string) => ({ amount, currency: 'USD' });
const codeOf = (response: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) => response.errors?.[0]?.extensions?.code;

async function funded(amount = '1000.00'): Promise<string> {
  const id = await createAccountVia(platform.url, tenant.apiKey, `Agent parent ${randomUUID().slice(0, 8)}`);
  await depositVia(platform.url, tenant.apiKey, id, amount, 'USD');
  return id;
}

async function setup(limits: Record<string, unknown> = {}) {
  const payer = await funded();
  const payee = await createAccountVia(platform.url, tenant.apiKey, `Payee ${randomUUID().slice(0, 8)}`);
  const agent = await createVerifiedAgentVia(platform.url, tenant.apiKey, payer);
  if (Object.keys(limits).length > 0) await queryOk(platform.url, tenant.apiKey, LIMITS, { input: { agentId: agent.agentId, ...limits } });
  const transfer = (amount: string, extra: Record<string, unknown> = {}) => {
    const input = { fromAccountId: payer, toAccountId: payee, amount: usd(amount), idempotencyKey: randomUUID(), ...extra };
    return retried(() => postGraphQL(platform.url, agent.token, TRANSFER, { input }));
  };
  const payout = (amount: string) => {
    const input = { fromAccountId: payer, amount: usd(amount), destination: ACH, idempotencyKey: randomUUID() };
    return retried(() => postGraphQL(platform.url, agent.token, PAYOUT, { input }));
  };
  return { payer, payee, ...agent, transfer, payout };
}

async function balanceOf(accountId: string) {
  const { account } = await queryOk(platform.url, tenant.apiKey, 'query($id: ID!) { account(id: $id) { balances { currency available total } } }', { id: accountId });
  const balance = account.balances.find((row: { currency: string }) => row.currency === 'USD');
  return balance ? { available: { amount: balance.available as string } } : undefined;
}

async function agentView(agentId: string) {
  return (await queryOk(platform.url, tenant.apiKey, `query($id: ID!) { agent(id: $id) { status kyaTier kyaStatus usage { today { amount } thisMonth { amount } }
    effectiveLimits { perTransaction { amount } daily { amount } monthly { amount } cappedByParent cappedBy } stats { actionsToday volumeToday { amount } } } }`, { id: agentId })).agent;
}

/** What a client does on SERVICE_UNAVAILABLE (retryable, under load): the same request again, same key. */
async function retried<T extends { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await send();
    if (codeOf(response) !== 'SERVICE_UNAVAILABLE' || attempt >= 5) return response;
    await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
  }
}

const cents = (amount: string) => BigInt(amount.replace('.', ''));

describe('limits', () => {
  test('an unverified agent moves nothing: its tier-0 limit refuses the first minor unit', async () => {
    const payer = await funded();
    const payee = await createAccountVia(platform.url, tenant.apiKey, 'Payee');
    const agentId = (await queryOk(platform.url, tenant.apiKey, 'mutation($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } } }', { input: { accountId: payer, name: 'New bot' } })).createAgent.agent.id;
    const token = (await queryOk(platform.url, tenant.apiKey, 'mutation($input: CreateAgentTokenInput!) { createAgentToken(input: $input) { token } }', { input: { agentId } })).createAgentToken.token;
    const refused = await postGraphQL(platform.url, token, TRANSFER, { input: { fromAccountId: payer, toAccountId: payee, amount: usd('0.01'), idempotencyKey: randomUUID() } });
    assert.equal(codeOf(refused), 'AGENT_LIMIT_EXCEEDED');
    assert.deepEqual(
      { window: refused.errors![0].extensions!.window, limit: refused.errors![0].extensions!.limit, remaining: refused.errors![0].extensions!.remaining, requested: refused.errors![0].extensions!.requested },
      { window: 'perTransaction', limit: '0.00', remaining: '0.00', requested: '0.01' },
    );
    assert.equal((await balanceOf(payer))!.available.amount, '1000.00');
  });

  test('effective limits are the least of the owner, the KYA tier and the parent account', async () => {
    const agent = await setup();
    // KYA tier 1 allows 1,000 / 10,000 / 50,000; a tier-0 parent account caps at 100 / 500 / 1,000.
    const view = await agentView(agent.agentId);
    assert.deepEqual(view.effectiveLimits, { perTransaction: { amount: '100.00' }, daily: { amount: '500.00' }, monthly: { amount: '1000.00' }, cappedByParent: true, cappedBy: ['PARENT_ACCOUNT'] });
    const owned = await queryOk(platform.url, tenant.apiKey, LIMITS, { input: { agentId: agent.agentId, daily: usd('40.00') } });
    assert.deepEqual(owned.updateAgentLimits.agent.effectiveLimits, { perTransaction: { amount: '100.00' }, daily: { amount: '40.00' }, monthly: { amount: '1000.00' }, cappedByParent: true, cappedBy: ['OWNER', 'PARENT_ACCOUNT'] });
    const tooMuch = await agent.transfer('100.01');
    assert.equal(codeOf(tooMuch), 'AGENT_LIMIT_EXCEEDED');
    assert.equal(tooMuch.errors![0].extensions!.window, 'perTransaction');
  });

  test('32 concurrent agent transfers and payouts never pass the daily limit by one minor unit; every refusal is AGENT_LIMIT_EXCEEDED and recorded', async () => {
    const agent = await setup({ daily: usd('100.00') });
    const amounts = Array.from({ length: 32 }, (_, index) => `${3 + (index % 5)}.${String((index * 7) % 100).padStart(2, '0')}`);
    const requested = amounts.reduce((sum, amount) => sum + cents(amount), 0n);
    assert.ok(requested > 10_000n, 'the requests together cross the limit');
    const responses = await Promise.all(amounts.map((amount, index) => (index % 2 === 0 ? agent.transfer(amount) : agent.payout(amount))));
    let movedMinor = 0n;
    let refused = 0;
    for (const [index, response] of responses.entries()) {
      if (response.errors) {
        assert.equal(codeOf(response), 'AGENT_LIMIT_EXCEEDED', JSON.stringify(response.errors));
        refused += 1;
        continue;
      }
      const transfer = index % 2 === 0 ? response.data!.createInternalTransfer.transfer : response.data!.createPayout.transfer;
      movedMinor += cents(transfer.amount.amount);
    }
    assert.ok(refused > 0, 'some requests were refused');
    assert.ok(movedMinor <= 10_000n, `reserved ${movedMinor} minor units, more than the 10000 limit`);
    const view = await agentView(agent.agentId);
    assert.equal(cents(view.usage.today.amount), movedMinor, 'usage equals what moved');
    // Nothing refused moved: the payer lost exactly what the accepted ones took (payouts are held).
    const balance = await balanceOf(agent.payer);
    assert.equal(cents(balance!.available.amount), 100_000n - movedMinor);
    // Every action is in the activity log, the refusals too, though their transactions rolled back.
    const activity = await queryOk(platform.url, tenant.apiKey, 'query($id: ID!) { agentActivity(agentId: $id, first: 100) { nodes { outcome limitCheck { limit { amount } used { amount } remaining { amount } } } } }', { id: agent.agentId });
    const outcomes = activity.agentActivity.nodes.map((node: { outcome: string }) => node.outcome);
    assert.equal(outcomes.filter((outcome: string) => outcome === 'REFUSED').length, refused);
    assert.equal(outcomes.filter((outcome: string) => outcome === 'DONE').length, 32 - refused);
    assert.equal(view.stats.actionsToday, 32);
  });

  test('a retried request replays without reserving twice', async () => {
    const agent = await setup({ daily: usd('50.00') });
    const key = randomUUID();
    const first = await agent.transfer('30.00', { idempotencyKey: key });
    const again = await agent.transfer('30.00', { idempotencyKey: key });
    assert.equal(again.data!.createInternalTransfer.transfer.id, first.data!.createInternalTransfer.transfer.id);
    assert.equal((await agentView(agent.agentId)).usage.today.amount, '30.00');
  });
});

describe('permissions', () => {
  test('an agent without transactions.initiate is refused, naming the permission; nothing else opens beyond its own account', async () => {
    const agent = await setup();
    await queryOk(platform.url, tenant.apiKey, 'mutation($input: UpdateAgentPermissionsInput!) { updateAgentPermissions(input: $input) { agent { permissions { transactions { initiate view } } } } }', {
      input: { agentId: agent.agentId, transactions: { initiate: false } },
    });
    const refused = await agent.transfer('1.00');
    assert.equal(codeOf(refused), 'FORBIDDEN');
    assert.equal(refused.errors![0].extensions!.permission, 'agent:transactions.initiate');
    const other = await createAccountVia(platform.url, tenant.apiKey, 'Not the agent’s');
    const otherAgents = await postGraphQL(platform.url, agent.token, 'query($id: ID!) { agents(filter: { accountId: $id }) { nodes { id } } }', { id: other });
    assert.deepEqual(otherAgents.data!.agents.nodes, []);
    const limits = await postGraphQL(platform.url, agent.token, LIMITS, { input: { agentId: agent.agentId, daily: usd('100000.00') } });
    assert.equal(codeOf(limits), 'FORBIDDEN', 'an agent never raises its own limits');
  });
});

describe('approvals', () => {
  test('above the threshold the money is held; concurrent approvals run once; a rejection releases hold and usage', async () => {
    const agent = await setup({ approvalThreshold: usd('10.00') });
    const held = await agent.transfer('20.00', { reasoning: 'Supplier invoice #42' });
    assert.equal(held.errors, undefined, JSON.stringify(held.errors));
    const transfer = held.data!.createInternalTransfer.transfer;
    assert.equal(transfer.status, 'PENDING_APPROVAL');
    assert.equal((await balanceOf(agent.payee))?.available.amount ?? '0.00', '0.00');
    const { approvals } = await queryOk(platform.url, tenant.apiKey, 'query { approvals(status: PENDING, first: 50) { nodes { id transfer { id status } agent { id } amount { amount } reasoning } } }');
    const approval = approvals.nodes.find((node: { transfer: { id: string } }) => node.transfer.id === transfer.id);
    assert.ok(approval, 'the approval is listed');
    assert.equal(approval.reasoning, 'Supplier invoice #42');
    assert.equal(codeOf(await postGraphQL(platform.url, agent.token, 'mutation($input: ApproveActionInput!) { approveAction(input: $input) { approval { id } } }', { input: { id: approval.id } })), 'FORBIDDEN');

    const clicks = await Promise.all(Array.from({ length: 6 }, () =>
      postGraphQL(platform.url, tenant.apiKey, 'mutation($input: ApproveActionInput!) { approveAction(input: $input) { approval { id status transfer { id status } } } }', { input: { id: approval.id } })));
    const won = clicks.filter((click) => !click.errors);
    assert.equal(won.length, 1, JSON.stringify(clicks.map((click) => click.errors?.[0]?.extensions?.code)));
    assert.ok(clicks.filter((click) => click.errors).every((click) => codeOf(click) === 'CONFLICT'));
    assert.deepEqual(won[0].data!.approveAction.approval.transfer, { id: transfer.id, status: 'COMPLETED' });
    assert.equal((await balanceOf(agent.payee))!.available.amount, '20.00');

    const second = (await agent.payout('15.00')).data!.createPayout.transfer;
    assert.equal(second.status, 'PENDING_APPROVAL');
    assert.equal((await agentView(agent.agentId)).usage.today.amount, '35.00');
    const pending = await queryOk(platform.url, tenant.apiKey, 'query($id: ID) { approvals(status: PENDING, agentId: $id) { nodes { id } } }', { id: agent.agentId });
    const rejected = await queryOk(platform.url, tenant.apiKey, 'mutation($input: RejectActionInput!) { rejectAction(input: $input) { approval { status decisionReason transfer { status } } } }', {
      input: { id: pending.approvals.nodes[0].id, reason: 'not this one' },
    });
    assert.deepEqual(rejected.rejectAction.approval, { status: 'REJECTED', decisionReason: 'not this one', transfer: { status: 'CANCELLED' } });
    assert.equal((await agentView(agent.agentId)).usage.today.amount, '20.00');
    assert.equal((await balanceOf(agent.payer))!.available.amount, '980.00');
  });

  test('an approval nobody decides expires and releases the hold', async () => {
    const agent = await setup({ approvalThreshold: usd('1.00') });
    await queryOk(platform.url, tenant.apiKey, 'mutation($input: UpdateTenantAgentPolicyInput!) { updateTenantAgentPolicy(input: $input) { policy { approvalTtlSeconds } } }', { input: { approvalTtlSeconds: 60 } });
    const held = (await agent.transfer('5.00')).data!.createInternalTransfer.transfer;
    assert.equal(held.status, 'PENDING_APPROVAL');
    // Moving the clock is not possible from outside: the expiry itself is the sweep's job, run here on a past deadline.
    await testSystemPool().query(`UPDATE agents.approvals SET expires_at = now() - interval '1 second' WHERE transfer_id = $1`, [held.id]);
    // Within the sweep's period (5 s; test files share its queue, so its default).
    const deadline = Date.now() + 20_000;
    let status = 'PENDING_APPROVAL';
    while (status === 'PENDING_APPROVAL' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await queryOk(platform.url, tenant.apiKey, 'query($id: ID!) { transfer(id: $id) { status } }', { id: held.id })).transfer.status;
    }
    assert.equal(status, 'CANCELLED');
    assert.equal((await balanceOf(agent.payer))!.available.amount, '1000.00');
    assert.equal((await agentView(agent.agentId)).usage.today.amount, '0.00');
    await queryOk(platform.url, tenant.apiKey, 'mutation($input: UpdateTenantAgentPolicyInput!) { updateTenantAgentPolicy(input: $input) { policy { approvalTtlSeconds } } }', { input: { approvalTtlSeconds: 86400 } });
  });
});

describe('activity and lifecycle', () => {
  test('a refusal appears live in the activity feed; suspending stops the next request and closes the agent\'s sockets', async () => {
    const agent = await setup({ daily: usd('10.00') });
    const owner = subscriptionClient(platform.wsUrl, tenant.apiKey);
    const feed = subscribe(owner, 'subscription($id: ID!) { agentActivity(agentId: $id) { id outcome amount { amount } reasoning limitCheck { limit { amount } used { amount } remaining { amount } } agent { id } } }', { id: agent.agentId });
    await feed.quiet(300);
    assert.equal((await agent.transfer('6.00', { reasoning: 'Paying the courier' })).errors, undefined);
    const done = (await feed.next()).data!.agentActivity;
    assert.equal(done.outcome, 'DONE');
    assert.match(done.reasoning, /^Paying the courier/);
    assert.deepEqual(done.limitCheck, { limit: { amount: '10.00' }, used: { amount: '6.00' }, remaining: { amount: '4.00' } });
    assert.equal(codeOf(await agent.transfer('6.00', { reasoning: 'Second courier' })), 'AGENT_LIMIT_EXCEEDED');
    const refused = (await feed.next()).data!.agentActivity;
    assert.equal(refused.outcome, 'REFUSED');
    assert.match(refused.reasoning, /Second courier[\s\S]*Refused/);
    assert.deepEqual(refused.limitCheck, { limit: { amount: '10.00' }, used: { amount: '6.00' }, remaining: { amount: '4.00' } });
    feed.close();
    owner.dispose();

    const own = subscriptionClient(platform.wsUrl, agent.token);
    const closed = new Promise<number>((resolve) => own.on('closed', (event) => resolve((event as { code: number }).code)));
    const mine = subscribe(own, 'subscription($id: ID!) { agentActivity(agentId: $id) { id } }', { id: agent.agentId });
    await mine.quiet(300);
    const suspended = await queryOk(platform.url, tenant.apiKey, 'mutation($input: SuspendAgentInput!) { suspendAgent(input: $input) { agent { status statusReason } } }', { input: { agentId: agent.agentId, reason: 'odd payments' } });
    assert.deepEqual(suspended.suspendAgent.agent, { status: 'SUSPENDED', statusReason: 'odd payments' });
    assert.equal(await closed, 4403);
    const deadline = Date.now() + 3_000;
    let status = 0;
    while (Date.now() < deadline) {
      const response = await fetch(platform.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${agent.token}` }, body: JSON.stringify({ query: '{ viewer { actorId } }' }) });
      status = response.status;
      if (status === 401) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(status, 401);
    mine.close();
    assert.equal(codeOf(await postGraphQL(platform.url, tenant.apiKey, 'mutation($input: PauseAgentInput!) { pauseAgent(input: $input) { agent { status } } }', { input: { agentId: agent.agentId } })), 'CONFLICT');
    const back = await queryOk(platform.url, tenant.apiKey, 'mutation($input: ActivateAgentInput!) { activateAgent(input: $input) { agent { status } } }', { input: { agentId: agent.agentId } });
    assert.equal(back.activateAgent.agent.status, 'ACTIVE');
  });

  test('KYA: an attestation "reject" rejects; insights flag limit usage above 80 %', async () => {
    const payer = await funded();
    const agentId = (await queryOk(platform.url, tenant.apiKey, 'mutation($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } } }', { input: { accountId: payer, name: 'Doubtful bot' } })).createAgent.agent.id;
    const submitted = await queryOk(platform.url, tenant.apiKey, 'mutation($input: SubmitKyaVerificationInput!) { submitKyaVerification(input: $input) { agent { kyaStatus } } }', {
      input: { agentId, tier: 2, attestations: [{ type: 'model_card', value: 'reject' }] },
    });
    assert.equal(submitted.submitKyaVerification.agent.kyaStatus, 'PENDING');
    const deadline = Date.now() + 10_000;
    let status = 'PENDING';
    while (status === 'PENDING' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await agentView(agentId)).kyaStatus;
    }
    assert.equal(status, 'REJECTED');

    const agent = await setup({ daily: usd('10.00') });
    assert.equal((await agent.transfer('8.50')).errors, undefined);
    const insights = await queryOk(platform.url, tenant.apiKey, 'query($id: ID!) { agentInsights(agentId: $id) { kind severity value } }', { id: agent.agentId });
    assert.deepEqual(insights.agentInsights.find((insight: { kind: string }) => insight.kind === 'LIMIT_USAGE_HIGH'), { kind: 'LIMIT_USAGE_HIGH', severity: 'WARNING', value: 85 });
  });
});
