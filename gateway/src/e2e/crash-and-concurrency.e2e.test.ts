import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  closeTestPools,
  createTestTenant,
  freePort,
  postGraphQL,
  queryOk,
  startTestPlatform,
  testDatabaseUrl,
  testRedisUrl,
  testSystemPool,
  waitUntilReady,
  type TestTenant,
} from '@orquesta/testing';
import type { Platform } from '../platform';

let platform: Platform;

before(async () => {
  platform = await startTestPlatform();
});

after(async () => {
  await platform.stop();
  await closeTestPools();
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
    env: { ...process.env, DATABASE_URL: testDatabaseUrl(), REDIS_URL: testRedisUrl(), PORT: String(port), ORQUESTA_WEB_DIST: '/nonexistent' },
    stdio: 'ignore',
  });
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
});
