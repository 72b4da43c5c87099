import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { Redis } from 'ioredis';
import { databaseUrls } from '@orquesta/db';
import { closeTestPools, createTestScope, testDatabaseUrl, testRedisUrl, type TestScope } from '@orquesta/testing';
import { createQueue } from './queue-names';
import { createRelay, subscribeToTenant, type Relay } from './relay';
import type { OutboxEvent } from './outbox';

const urls = databaseUrls(testDatabaseUrl());
const appPool = new Pool({ connectionString: urls.app, max: 4 });
const subscriber = new Redis(testRedisUrl());
const publisher = new Redis(testRedisUrl());
const queue = createQueue(`relay-test-${randomUUID()}`, { url: testRedisUrl() } as never);
let tenant: TestScope;
let relay: Relay;
const received: OutboxEvent[] = [];
const seen = new Set<string>();
const relayName = `test-${randomUUID()}`;

function startRelay(): Relay {
  return createRelay({
    systemUrl: urls.system,
    publisher,
    name: relayName,
    startFrom: 'now',
    pollIntervalMs: 100,
    consumers: [{ queue, accepts: (event) => event.tenantId === tenant.tenantId && event.type.startsWith('relay.') }],
  });
}

async function begin(): Promise<PoolClient> {
  const client = await appPool.connect();
  await client.query('BEGIN');
  await client.query("SELECT set_config('app.tenant_id', $1, true), set_config('app.livemode', 'false', true)", [tenant.tenantId]);
  return client;
}

async function insertEvent(client: PoolClient, type: string): Promise<void> {
  await client.query(
    `INSERT INTO events.events (tenant_id, livemode, type, entity_type, entity_id, entity_version, payload) VALUES ($1, false, $2, 'Test', $3, 1, '{}')`,
    [tenant.tenantId, type, randomUUID()],
  );
}

async function commitEvent(type: string): Promise<void> {
  const client = await begin();
  await insertEvent(client, type);
  await client.query('COMMIT');
  client.release();
}

async function waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) {
      const system = new Pool({ connectionString: urls.system, max: 1 });
      const state = await system.query('SELECT txid::text, event_id::text FROM events.relay_state WHERE name = $1', [relayName]);
      const mine = await system.query("SELECT txid::text, id::text, type FROM events.events WHERE tenant_id = $1 AND type LIKE 'relay.%' ORDER BY txid, id", [tenant.tenantId]);
      await system.end();
      throw new Error(
        `condition not met in time: leader=${relay.isLeader} received=${JSON.stringify(received.map((e) => [e.id, e.type]))} ` +
          `position=${JSON.stringify(state.rows)} events=${JSON.stringify(mine.rows)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

before(async () => {
  tenant = createTestScope();
  // Other relays (other test files' platforms) publish the same events; receivers dedupe by id.
  subscriber.on('message', (_channel, message) => {
    const event = JSON.parse(message) as OutboxEvent;
    if (seen.has(event.id)) return;
    seen.add(event.id);
    received.push(event);
  });
  await subscribeToTenant(subscriber, tenant.tenantId);
  relay = startRelay();
  await relay.start();
  await waitFor(() => relay.isLeader);
});

after(async () => {
  await relay.stop();
  await queue.obliterate({ force: true });
  await queue.close();
  subscriber.disconnect();
  publisher.disconnect();
  await appPool.end();
  await closeTestPools();
});

describe('the outbox relay', () => {
  test('publishes committed events to the tenant channel in order, and never rolled-back ones', async () => {
    received.length = 0;
    await commitEvent('relay.one');
    const rolledBack = await begin();
    await insertEvent(rolledBack, 'relay.rolled_back');
    await rolledBack.query('ROLLBACK');
    rolledBack.release();
    await commitEvent('relay.two');
    await relay.drained();
    const mine = () => received.filter((event) => event.type.startsWith('relay.') && event.type !== 'relay.job').map((event) => event.type);
    await waitFor(() => mine().length >= 2);
    assert.deepEqual(mine(), ['relay.one', 'relay.two']);
  });

  test('holds back a later commit until an older open transaction settles, so no cursor skips it', async () => {
    received.length = 0;
    const mine = () => received.filter((event) => event.type === 'relay.older' || event.type === 'relay.newer').map((event) => event.type);
    const older = await begin();
    try {
      await insertEvent(older, 'relay.older');
      await commitEvent('relay.newer');
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.deepEqual(mine(), [], 'nothing is published while an older transaction may still commit');
      await older.query('COMMIT');
    } finally {
      // Never leave it open: an open transaction holds back every relay on this database.
      await older.query('ROLLBACK').catch(() => undefined);
      older.release();
    }
    await relay.drained();
    await waitFor(() => mine().length >= 2);
    assert.deepEqual(mine(), ['relay.older', 'relay.newer']);
  });

  test('hands accepted events to BullMQ once each, even when a relay restarts and repeats', async () => {
    await relay.drained();
    const system = new Pool({ connectionString: urls.system, max: 1 });
    const saved = await system.query('SELECT txid, event_id FROM events.relay_state WHERE name = $1', [relayName]);
    await commitEvent('relay.job');
    await relay.drained();
    await relay.stop();
    // As if the relay had crashed after handing over and before saving its position.
    await system.query('UPDATE events.relay_state SET txid = $1, event_id = $2 WHERE name = $3', [saved.rows[0].txid, saved.rows[0].event_id, relayName]);
    await system.end();
    await commitEvent('relay.after_restart');
    relay = startRelay();
    await relay.start();
    await waitFor(() => relay.isLeader);
    await relay.drained();
    const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized']);
    const types = jobs.map((job) => job.name).sort();
    assert.equal(types.filter((type) => type === 'relay.job').length, 1, 'the repeated event was not enqueued twice');
    assert.equal(types.filter((type) => type === 'relay.after_restart').length, 1, 'the event written while stopped was not lost');
    assert.equal(new Set(jobs.map((job) => job.id)).size, jobs.length);
    for (const job of jobs) assert.match(String(job.id), /^evt_\d+_\d+$/);
    assert.deepEqual(Object.keys(jobs[0].data), ['eventId'], 'jobs carry ids, never snapshots');
  });
});
