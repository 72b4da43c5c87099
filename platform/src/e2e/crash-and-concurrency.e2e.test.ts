import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { assertNoSecrets, captureChildOutput, closeTestPools, createAccountVia, depositVia, freePort, postGraphQL, queryOk, testDatabaseUrl, testRedisUrl, testSystemPool, waitUntilReady } from '@orquesta/testing';
import { createTestTenant, startTestPlatform, type TestTenant } from '../testing';
import type { Platform } from '../platform';

let platform: Platform;
// What every spawned process printed (request logs included), checked for secrets at the end.
const outputs: Array<{ text(): string }> = [];

before(async () => {
  platform = await startTestPlatform();
});

after(async () => {
  await platform.stop();
  await closeTestPools();
  for (const output of outputs) assertNoSecrets(output.text(), 'a crashed platform process');
});

async function eventsOf(entityId: string): Promise<Array<{ type: string; entity_version: number }>> {
  const { rows } = await testSystemPool().query('SELECT type, entity_version FROM events.events WHERE entity_id = $1 ORDER BY txid, id', [entityId]);
  return rows;
}

describe('under concurrency', () => {
  test('20 concurrent updates of one account: each commits once, with its own version and its own event', async () => {
    const tenant = await createTestTenant();
    const created = await queryOk(platform.url, tenant.apiKey, 'mutation { createAccount(input: { type: BUSINESS, name: "Contended" }) { account { id } } }');
    const id = created.createAccount.account.id;
    const names = Array.from({ length: 20 }, (_, i) => `Contended ${i}`);
    await Promise.all(
      names.map((name) => queryOk(platform.url, tenant.apiKey, 'mutation($id: ID!, $name: String!) { updateAccount(input: { id: $id, name: $name }) { account { id } } }', { id, name })),
    );
    const events = await eventsOf(id);
    assert.equal(events.length, 21);
    assert.deepEqual(events.map((event) => event.entity_version), Array.from({ length: 21 }, (_, i) => i + 1), 'versions 1..21, in outbox order');
    const { rows } = await testSystemPool().query('SELECT version, name FROM accounts.accounts WHERE id = $1', [id]);
    assert.equal(rows[0].version, 21);
    assert.ok(names.includes(rows[0].name));
  });
});

async function startProcess(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, '..', 'main.js')], {
    env: { ...process.env, DATABASE_URL: testDatabaseUrl(), REDIS_URL: testRedisUrl(), PORT: String(port), ORQUESTA_WEB_DIST: '/nonexistent', ORQUESTA_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  outputs.push(captureChildOutput(child));
  await waitUntilReady(port);
  return child;
}

describe('a crash', () => {
  test('SIGKILL mid-traffic: every acknowledged write survives with exactly one event, nothing half-written', async () => {
    const tenant: TestTenant = await createTestTenant();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/graphql`;
    let child = await startProcess(port);
    const acknowledged: string[] = [];
    const attempts = Array.from({ length: 60 }, (_, i) =>
      postGraphQL(url, tenant.apiKey, `mutation($name: String!) { createAccount(input: { type: PERSON, name: $name }) { account { id } } }`, { name: `Crash ${i}` }).then(
        (response) => {
          const id = response.data?.createAccount?.account?.id as string | undefined;
          if (id) acknowledged.push(id);
        },
        () => undefined,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    child.kill('SIGKILL');
    await Promise.all(attempts);
    child = await startProcess(port);
    try {
      const { rows } = await testSystemPool().query<{ id: string; events: number }>(
        `SELECT a.id, (SELECT count(*)::int FROM events.events e WHERE e.entity_id = a.id) AS events
           FROM accounts.accounts a WHERE a.tenant_id = $1`,
        [tenant.tenantId],
      );
      const stored = new Map(rows.map((row) => [row.id, row.events]));
      for (const id of acknowledged) assert.ok(stored.has(id), `acknowledged account ${id} is stored`);
      for (const [id, events] of stored) assert.equal(events, 1, `account ${id} has exactly its creation event`);
      // The restarted platform serves what was committed before the crash.
      const listed = await queryOk(url, tenant.apiKey, '{ accounts(first: 100) { nodes { id } } }');
      assert.equal(listed.accounts.nodes.length, stored.size);
    } finally {
      child.kill('SIGTERM');
    }
  });

  test('SIGKILL mid-transfers: each transfer is whole or absent, and the ledger still balances', async () => {
    const tenant: TestTenant = await createTestTenant();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/graphql`;
    let child = await startProcess(port);
    const accounts: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const id = await createAccountVia(url, tenant.apiKey, `Crash payer ${i}`);
      await depositVia(url, tenant.apiKey, id, '1000.00');
      accounts.push(id);
    }
    const acknowledged: string[] = [];
    const attempts = Array.from({ length: 80 }, (_, i) =>
      postGraphQL(
        url,
        tenant.apiKey,
        'mutation($input: CreateInternalTransferInput!) { createInternalTransfer(input: $input) { transfer { id } } }',
        { input: { fromAccountId: accounts[i % 4], toAccountId: accounts[(i + 1) % 4], amount: { amount: '3.33', currency: 'USD' }, idempotencyKey: `crash-${i}` } },
      ).then(
        (response) => {
          const id = response.data?.createInternalTransfer?.transfer?.id as string | undefined;
          if (id) acknowledged.push(id);
        },
        () => undefined,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 40));
    child.kill('SIGKILL');
    await Promise.all(attempts);
    child = await startProcess(port);
    try {
      const pool = testSystemPool();
      const { rows: transfers } = await pool.query<{ id: string; status: string; ledger: number; events: string[] }>(
        `SELECT t.id, t.status,
                (SELECT count(*)::int FROM ledger.transfers l WHERE l.reference = t.id::text) AS ledger,
                ARRAY(SELECT e.type FROM events.events e WHERE e.entity_id = t.id ORDER BY e.txid, e.id) AS events
           FROM payments.transfers t WHERE t.tenant_id = $1`,
        [tenant.tenantId],
      );
      const stored = new Map(transfers.map((row) => [row.id, row]));
      for (const id of acknowledged) assert.ok(stored.has(id), `acknowledged transfer ${id} is stored`);
      for (const row of transfers) {
        assert.equal(row.status, 'completed');
        assert.equal(row.ledger, 1, `transfer ${row.id} has exactly one ledger movement`);
        assert.deepEqual(row.events, ['transfer.created', 'transfer.completed']);
      }
      const { rows: orphans } = await pool.query(
        "SELECT l.id FROM ledger.transfers l WHERE l.tenant_id = $1 AND l.code = 'internal_transfer' AND NOT EXISTS (SELECT 1 FROM payments.transfers t WHERE t.id::text = l.reference)",
        [tenant.tenantId],
      );
      assert.deepEqual(orphans, [], 'no money moved without its transfer record');
      const { rows: [totals] } = await pool.query(
        `SELECT sum(credits_posted - debits_posted)::text AS held,
                bool_and(credits_posted - debits_posted = (SELECT coalesce(sum(CASE e.direction WHEN 'credit' THEN e.amount_minor ELSE -e.amount_minor END), 0)
                                                             FROM ledger.entries e WHERE e.account_id = a.id AND e.phase = 'posted')) AS explained
           FROM ledger.accounts a WHERE a.tenant_id = $1 AND a.code = 'customer_balance'`,
        [tenant.tenantId],
      );
      assert.equal(totals.held, '400000', 'the deposits, no more and no less');
      assert.equal(totals.explained, true, 'every balance is the sum of its entries');
      // Retrying after the crash with the same keys moves nothing twice.
      const retried = await postGraphQL(
        url,
        tenant.apiKey,
        'mutation($input: CreateInternalTransferInput!) { createInternalTransfer(input: $input) { transfer { id } } }',
        { input: { fromAccountId: accounts[0], toAccountId: accounts[1], amount: { amount: '3.33', currency: 'USD' }, idempotencyKey: 'crash-0' } },
      );
      assert.equal(retried.errors, undefined);
      const again = await pool.query('SELECT count(*)::int AS n FROM payments.transfers WHERE tenant_id = $1', [tenant.tenantId]);
      assert.equal(again.rows[0].n, transfers.length + (stored.has(retried.data!.createInternalTransfer.transfer.id) ? 0 : 1));
    } finally {
      child.kill('SIGTERM');
    }
  });
});
