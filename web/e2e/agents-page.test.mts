/**
 * Agents on the dashboard in real Chromium, against the platform as a black box: an owner
 * opens a new agent's page, verifies it, sets its limits and issues its token in the page; the
 * agent (a plain HTTP client with that token) pays within its limit, is refused over it (the
 * refusal appears live in the feed), and waits for approval above its threshold, which the
 * owner gives in the page. At desktop width and at 390 px.
 *
 * Needs: `npm run build` and `npm run build -w web` first, PostgreSQL and Redis running, and
 * Debian's chromium at /usr/bin/chromium.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { graphqlOverHttp, signIn, useDashboard } from './dashboard.harness.mjs';

// Two cores and other test files running at once: every wait is generous.
const STEP_TIMEOUT_MS = 25_000;
const TEST_TIMEOUT_MS = 150_000;

const dashboard = useDashboard(STEP_TIMEOUT_MS);

async function call(bearer: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const { baseUrl } = dashboard.gateway();
  const answer = (await graphqlOverHttp(baseUrl, bearer, { query, variables })) as { data?: Record<string, any>; errors?: Array<{ extensions?: { code?: string } }> };
  return answer;
}

async function ok(bearer: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const answer = await call(bearer, query, variables);
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
  return answer.data!;
}

/** A funded payer with an agent, and a payee, made over HTTP as the owner's key. */
async function prepare(): Promise<{ payer: string; payee: string; agentId: string }> {
  const key = dashboard.owner().testApiKey;
  const suffix = randomUUID().slice(0, 8);
  const account = async (name: string) => (await ok(key, 'mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }', { input: { type: 'BUSINESS', name } })).createAccount.account.id as string;
  const payer = await account(`Agent payer ${suffix}`);
  const payee = await account(`Agent payee ${suffix}`);
  await ok(key, 'mutation($input: SimulateDepositInput!) { simulateDeposit(input: $input) { account { id } } }', { input: { accountId: payer, amount: { amount: '100.00', currency: 'USD' }, idempotencyKey: randomUUID() } });
  const agentId = (await ok(key, 'mutation($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } } }', { input: { accountId: payer, name: `Payables bot ${suffix}` } })).createAgent.agent.id as string;
  return { payer, payee, agentId };
}

function pay(token: string, from: string, to: string, amount: string, reasoning: string) {
  return call(token, 'mutation($input: CreateInternalTransferInput!) { createInternalTransfer(input: $input) { transfer { id status } } }', {
    input: { fromAccountId: from, toAccountId: to, amount: { amount, currency: 'USD' }, idempotencyKey: randomUUID(), reasoning },
  });
}

async function agentFlow(width: number, height: number, t: { after: (fn: () => Promise<void>) => void }): Promise<void> {
  const { baseUrl } = dashboard.gateway();
  const { payer, payee, agentId } = await prepare();
  const context = await dashboard.browser().newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  t.after(() => context.close().catch(() => undefined));
  const page: Page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);

  // Straight to /agents: on a phone the navigation sits behind the menu button.
  await signIn(page, baseUrl, dashboard.owner(), '/agents');
  await page.locator(`[data-testid="agent-row"][data-agent-id="${agentId}"] a`).click();
  await page.getByTestId('agent-page').waitFor();

  // Verify it (tier 1), then limit it: 20.00 a day, approval above 8.00.
  await page.getByTestId('kya-evidence').fill('acme-operations');
  await page.getByTestId('kya-submit').click();
  // The simulated verifier answers within seconds; until then tier 0 allows nothing.
  await page.locator('[data-testid="agent-kya-status"][data-status="VERIFIED"]').waitFor({ timeout: 60_000 });
  await page.getByTestId('limit-daily').fill('20.00');
  await page.getByTestId('limit-threshold').fill('8.00');
  await page.getByTestId('limits-submit').click();
  await page.getByTestId('effective-daily').filter({ hasText: '20.00' }).waitFor();
  await page.getByTestId('agent-token-create').click();
  const token = (await page.getByTestId('agent-token-secret').textContent())?.trim() ?? '';
  assert.match(token, /^agent_[0-9a-f]{64}$/);

  // Within its limit: done, in the feed with its reasoning.
  const paid = await pay(token, payer, payee, '3.00', 'Courier invoice 17');
  assert.equal(paid.errors, undefined, JSON.stringify(paid.errors));
  await page.locator('[data-testid="activity-item"][data-outcome="DONE"]').filter({ hasText: 'Courier invoice 17' }).waitFor();

  // Over its daily limit: refused, and the refusal appears live.
  const refused = await pay(token, payer, payee, '18.00', 'Catering deposit');
  assert.equal(refused.errors?.[0]?.extensions?.code, 'AGENT_LIMIT_EXCEEDED');
  const refusal = page.locator('[data-testid="activity-item"][data-outcome="REFUSED"]').filter({ hasText: 'Catering deposit' });
  await refusal.waitFor();
  assert.match((await refusal.textContent()) ?? '', /Refused/);

  // Above its approval threshold: held, in the queue; the owner approves it in the page.
  const held = await pay(token, payer, payee, '9.00', 'Office chairs');
  assert.equal(held.data?.createInternalTransfer.transfer.status, 'PENDING_APPROVAL');
  const item = page.getByTestId('approval-item').filter({ hasText: '9.00 USD' });
  await item.waitFor();
  await item.getByTestId('approval-approve').click();
  await item.waitFor({ state: 'detached' });
  await page.locator('[data-testid="activity-item"][data-outcome="DONE"]').filter({ hasText: 'Approved by' }).waitFor();
  const { transfer } = await ok(dashboard.owner().testApiKey, 'query($id: ID!) { transfer(id: $id) { status } }', { id: held.data!.createInternalTransfer.transfer.id });
  assert.equal(transfer.status, 'COMPLETED');
  // The agent page fits the viewport's width (its wide tables scroll inside their cards).
  const right = (await page.evaluate(`document.querySelector('[data-testid="agent-page"]').getBoundingClientRect().right`)) as number;
  assert.ok(right <= width + 1, `the agent page ends at ${right} px, past the ${width} px viewport`);
}

describe('agents on the dashboard', { timeout: TEST_TIMEOUT_MS * 3 }, () => {
  test('create, verify, limit, token; the agent pays, is refused live, waits for approval that the owner gives (desktop)', { timeout: TEST_TIMEOUT_MS }, (t) => agentFlow(1280, 820, t));
  test('the same at 390 px wide', { timeout: TEST_TIMEOUT_MS }, (t) => agentFlow(390, 844, t));
});
