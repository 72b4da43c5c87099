import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { createPool, databaseUrls } from '@orquesta/db';
import {
  assertNoSecrets,
  closeTestPools,
  createAccountVia,
  depositVia,
  postGraphQL,
  queryOk,
  startPrivatePostgres,
  startPrivateRedis,
  startWebhookReceiver,
  type PrivatePostgres,
  type PrivateRedis,
  type WebhookReceiver,
} from '@orquesta/testing';
import { createTestTenant } from '../testing';
import { startPlatformProcess, type PlatformProcess } from '../testing/platform-process';

// Issue 11's "done when": 32 clients move money between accounts through the gateway while
// the platform process is SIGKILLed and restarted, PostgreSQL is restarted and Redis is
// restarted without persistence, several times each. At the end money is conserved, no balance
// is negative, no idempotency key moved money twice, every acknowledged transfer is there and
// every transfer.completed webhook was delivered and verified.
//
// ORQUESTA_BANK_TEST_MS sets how long the clients run (the suite: 50 s; issue 11 asks 2 minutes:
// ORQUESTA_BANK_TEST_MS=120000 npm test -- bank).

const DURATION_MS = Number(process.env.ORQUESTA_BANK_TEST_MS ?? 50_000);
const CLIENTS = 32;
const ACCOUNTS = 8;
const DEPOSIT = '1000.00';
const DEPOSIT_MINOR = 100_000n;
// A client retries one key this long before it gives up on it (and counts it as unknown).
const KEY_RETRY_MS = 90_000;

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await closeTestPools();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function decimal(minor: bigint): string {
  return `${minor / 100n}.${(minor % 100n).toString().padStart(2, '0')}`;
}

/** Acknowledgements per second between the disruptions: "12 acks in 3.1 s | PostgreSQL restart begins | …". */
function summarize(timeline: string[]): string {
  const parts: string[] = [];
  let acks = 0;
  let since = 0;
  for (const entry of timeline) {
    const [at, what] = [Number(entry.slice(0, entry.indexOf(':'))), entry.slice(entry.indexOf(':') + 1)];
    if (what === 'ack') {
      acks += 1;
      continue;
    }
    parts.push(`${acks} acks in ${((at - since) / 1000).toFixed(1)} s`, `${what} at ${(at / 1000).toFixed(1)} s`);
    acks = 0;
    since = at;
  }
  parts.push(`${acks} acks after`);
  return parts.join(' | ');
}

interface Requested {
  readonly fromAccountId: string;
  readonly toAccountId: string;
  readonly amountMinor: bigint;
}

describe('the bank test', () => {
  test(`32 clients move money for ${DURATION_MS / 1000} s through platform kills, PostgreSQL and Redis restarts: nothing lost, nothing doubled`, { timeout: DURATION_MS + 600_000 }, async () => {
    const postgres: PrivatePostgres = await startPrivatePostgres();
    cleanups.push(() => postgres.stop());
    const redis: PrivateRedis = await startPrivateRedis();
    cleanups.push(() => redis.stop());
    const env = { DATABASE_URL: postgres.urlFor('orquesta_bank'), REDIS_URL: redis.url, ORQUESTA_LOG_LEVEL: 'warn' };
    const outputs: string[] = [];
    let platform: PlatformProcess = await startPlatformProcess(env, 120_000);
    const killed = new WeakSet<PlatformProcess>();
    const unexpectedExits: string[] = [];
    const watch = (current: PlatformProcess) =>
      void current.exited().then((how) => {
        outputs.push(current.output());
        if (!killed.has(current)) unexpectedExits.push(`${how}: ${current.output().slice(-1_500)}`);
      });
    watch(platform);
    cleanups.push(async () => {
      killed.add(platform);
      platform.child.kill('SIGKILL');
      await platform.exited();
    });

    const system = createPool({ connectionString: databaseUrls(env.DATABASE_URL).system, max: 2, applicationName: 'orquesta-test' });
    cleanups.push(() => system.end());
    const tenant = await createTestTenant({ pool: system, role: 'owner' });
    const receiver: WebhookReceiver = await startWebhookReceiver();
    cleanups.push(() => receiver.close());
    const endpoint = await queryOk(platform.url, tenant.apiKey, 'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret } }', {
      input: { url: receiver.url('/bank'), eventTypes: ['transfer.completed'] },
    });
    receiver.secrets = [endpoint.createWebhookEndpoint.secret];
    const accounts: string[] = [];
    for (let i = 0; i < ACCOUNTS; i += 1) {
      const id = await createAccountVia(platform.url, tenant.apiKey, `Bank ${i}`);
      await depositVia(platform.url, tenant.apiKey, id, DEPOSIT);
      accounts.push(id);
    }

    const requested = new Map<string, Requested>();
    const acknowledged = new Map<string, string>(); // idempotency key → transfer id
    const refused = new Map<string, string>(); // key → domain error code
    const unknown = new Set<string>();
    let retries = 0;
    const startedAt = Date.now();
    // What happened when (ms since start): printed, to see how long each disruption costs.
    const timeline: string[] = [];
    // The clients run for DURATION_MS, and on until the chaos has gone round twice.
    let deadline = Date.now() + DURATION_MS;

    async function transferOnce(client: number): Promise<void> {
      const from = randomInt(ACCOUNTS);
      const to = (from + 1 + randomInt(ACCOUNTS - 1)) % ACCOUNTS;
      const key = `bank-${client}-${randomUUID()}`;
      const request: Requested = { fromAccountId: accounts[from], toAccountId: accounts[to], amountMinor: BigInt(1 + randomInt(5_000)) };
      requested.set(key, request);
      const giveUpAt = Date.now() + KEY_RETRY_MS;
      // The same key until the platform answers for it: a retry after a timeout or a crash
      // returns the transfer that committed, or makes it now, never a second one.
      for (;;) {
        const response = await postGraphQL(platform.url, tenant.apiKey, 'mutation($input: CreateInternalTransferInput!) { createInternalTransfer(input: $input) { transfer { id status } } }', {
          input: { fromAccountId: request.fromAccountId, toAccountId: request.toAccountId, amount: { amount: decimal(request.amountMinor), currency: 'USD' }, idempotencyKey: key },
        }).catch(() => undefined);
        const transfer = response?.data?.createInternalTransfer?.transfer;
        if (transfer) {
          acknowledged.set(key, transfer.id);
          timeline.push(`${Date.now() - startedAt}:ack`);
          return;
        }
        const code = response?.errors?.[0]?.extensions?.code as string | undefined;
        if (code === 'INSUFFICIENT_FUNDS' || code === 'IDEMPOTENCY_KEY_REUSED' || code === 'BAD_USER_INPUT') {
          refused.set(key, code);
          return;
        }
        if (Date.now() > giveUpAt) {
          unknown.add(key);
          return;
        }
        retries += 1;
        await sleep(100 + randomInt(200));
      }
    }

    let chaosDone = false;
    const clients = Array.from({ length: CLIENTS }, async (_, client) => {
      while (Date.now() < deadline || !chaosDone) await transferOnce(client);
    });

    // The chaos, one thing at a time, in turn, until the clients stop.
    const chaos: Record<string, number> = { 'platform SIGKILL': 0, 'PostgreSQL restart': 0, 'Redis restart (empty)': 0 };
    const chaosMs: Record<string, number[]> = {};
    const chaosGapMs = 2_000;
    const steps: Array<[string, () => Promise<void>]> = [
      [
        'platform SIGKILL',
        async () => {
          const victim = platform;
          killed.add(victim);
          victim.child.kill('SIGKILL');
          await victim.exited();
          platform = await startPlatformProcess(env, 120_000);
          watch(platform);
        },
      ],
      ['PostgreSQL restart', () => postgres.restart({ mode: 'immediate', downMs: 1_000 })],
      ['Redis restart (empty)', () => redis.restart({ downMs: 1_000 })],
    ];
    for (let step = 0; Date.now() + chaosGapMs < deadline || step < 2 * steps.length; step += 1) {
      await sleep(chaosGapMs);
      const [name, act] = steps[step % steps.length];
      const started = Date.now();
      timeline.push(`${started - startedAt}:${name} begins`);
      await act();
      timeline.push(`${Date.now() - startedAt}:${name} done`);
      (chaosMs[name] ??= []).push(Date.now() - started);
      chaos[name] += 1;
    }
    chaosDone = true;
    deadline = Date.now();
    await Promise.all(clients);

    process.stdout.write(
      `# bank: ${acknowledged.size} transfers acknowledged, ${refused.size} refused, ${unknown.size} unknown, ${retries} retries; chaos ${JSON.stringify(chaos)}, each taking ${JSON.stringify(chaosMs)} ms\n`,
    );
    process.stdout.write(`# bank timeline: ${summarize(timeline)}\n`);
    assert.deepEqual(unexpectedExits, [], 'the platform never ended by itself (PostgreSQL and Redis restarts included)');
    for (const [name, times] of Object.entries(chaos)) assert.ok(times >= 2, `${name} happened ${times} times`);
    assert.ok(acknowledged.size > 100, `money moved (${acknowledged.size} transfers)`);

    // Money is conserved and no balance is negative (the ledger's own columns).
    const { rows: balances } = await system.query<{ id: string; posted: string; pending: string }>(
      `SELECT id, (credits_posted - debits_posted)::text AS posted, (credits_pending - debits_pending)::text AS pending
         FROM ledger.accounts WHERE tenant_id = $1 AND code = 'customer_balance'`,
      [tenant.tenantId],
    );
    assert.equal(balances.length, ACCOUNTS);
    assert.equal(balances.reduce((sum, row) => sum + BigInt(row.posted), 0n), DEPOSIT_MINOR * BigInt(ACCOUNTS), 'the deposits, no more and no less');
    for (const row of balances) {
      assert.ok(BigInt(row.posted) >= 0n, `ledger account ${row.id} holds ${row.posted}`);
      assert.equal(row.pending, '0');
    }

    // No idempotency key moved money twice; every transfer moved money exactly once.
    const { rows: doubled } = await system.query(
      'SELECT idempotency_key, count(*)::int AS n FROM payments.transfers WHERE tenant_id = $1 GROUP BY idempotency_key HAVING count(*) > 1',
      [tenant.tenantId],
    );
    assert.deepEqual(doubled, []);
    const { rows: transfers } = await system.query<{ id: string; key: string; status: string; from_id: string; to_id: string; amount_minor: string; legs: number }>(
      `SELECT t.id, t.idempotency_key AS key, t.status, t.from_account_id AS from_id, t.to_account_id AS to_id, t.amount_minor::text AS amount_minor,
              (SELECT count(*)::int FROM ledger.transfers l WHERE l.reference = t.id::text) AS legs
         FROM payments.transfers t WHERE t.tenant_id = $1 AND t.type = 'internal'`,
      [tenant.tenantId],
    );
    const byKey = new Map(transfers.map((row) => [row.key, row]));
    for (const row of transfers) {
      assert.equal(row.status, 'completed', `transfer ${row.id}`);
      assert.equal(row.legs, 1, `transfer ${row.id} posted once`);
      assert.ok(requested.has(row.key), `transfer ${row.id} was asked for`);
    }
    // Every acknowledged transfer is there, as it was asked for.
    for (const [key, id] of acknowledged) {
      const row = byKey.get(key);
      assert.ok(row, `acknowledged transfer ${id} (${key}) is stored`);
      const asked = requested.get(key)!;
      assert.deepEqual([row.id, row.from_id, row.to_id, BigInt(row.amount_minor)], [id, asked.fromAccountId, asked.toAccountId, asked.amountMinor]);
    }
    for (const key of refused.keys()) assert.ok(!byKey.has(key), `refused ${key} moved nothing`);

    // Every transfer.completed webhook delivered, verified, once per webhook-id at the receiver.
    // (Deposits are transfers too: the endpoint hears theirs as well.)
    const { rows: completed } = await system.query<{ id: string }>("SELECT id FROM payments.transfers WHERE tenant_id = $1 AND status = 'completed'", [tenant.tenantId]);
    const completedIds = new Set(completed.map((row) => row.id));
    const delivered = await receiver.waitFor((all) => {
      const seen = new Set(all.filter((r) => r.verifiedWith.length > 0).map((r) => r.payload.data.id as string));
      return [...completedIds].every((id) => seen.has(id));
    }, 120_000);
    const byWebhookId = new Map<string, string>();
    for (const delivery of delivered) {
      assert.deepEqual(delivery.verifiedWith, [0], 'signed with the endpoint secret (standardwebhooks)');
      assert.equal(delivery.payload.type, 'transfer.completed');
      const previous = byWebhookId.get(delivery.id);
      assert.ok(previous === undefined || previous === delivery.payload.data.id, 'a webhook-id always names the same transfer');
      byWebhookId.set(delivery.id, delivery.payload.data.id);
    }
    const deduped = new Set(byWebhookId.values());
    assert.equal(deduped.size, completedIds.size, 'one transfer.completed per transfer, after deduping by webhook-id');
    process.stdout.write(`# bank: ${delivered.length} webhook requests for ${byWebhookId.size} webhook ids (${completedIds.size} transfers)\n`);

    killed.add(platform);
    platform.child.kill('SIGTERM');
    await platform.exited();
    for (const output of outputs) assertNoSecrets(output, 'a bank-test platform process');
  });
});
