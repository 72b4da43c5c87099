import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { demoTenantId } from '@orquesta/accounts';
import { redisNamespace } from '@orquesta/context';
import { createPool, databaseName, databaseUrls } from '@orquesta/db';
import { QUEUE_NAMES, tenantChannel, type OutboxEvent } from '@orquesta/events';
import {
  closeTestPools,
  createAccountVia,
  depositVia,
  queryOk,
  startPrivatePostgres,
  startWebhookReceiver,
  subscribe,
  subscriptionClient,
  testDatabaseUrl,
  testRedisUrl,
  testSystemPool,
  type PrivatePostgres,
  type WebhookReceiver,
} from '@orquesta/testing';
import { createTestTenant, startTestPlatform, type TestTenant } from '../testing';
import type { Platform } from '../platform';

// Two deployments (two databases) on ONE Redis, as `npm start` and `npm test` are on a
// developer's machine. The second database lives on a PostgreSQL of the test's own (created
// here, removed afterwards), so a second platform's connections never crowd the shared server: each hears only its own events, runs only its own jobs (webhooks,
// payouts) and serves only its own subscriptions. Both hold a tenant with the SAME id, so
// without namespaces they would share its channel as well as the queues.

let postgres: PrivatePostgres;
const deployments: Array<{ name: string; platform: Platform; pool: Pool; databaseUrl: string }> = [];
const receivers: WebhookReceiver[] = [];
const redis = new Redis(testRedisUrl());
const listener = new Redis(testRedisUrl());
const sharedTenantId = randomUUID();
// The shared Redis may hold keys of software older than the namespace (or of other tenants of
// the server): only keys that appear while these two deployments run count against them.
const outsideNamespaces = async () => [...(await redis.keys('bull:*')), ...(await redis.keys('orquesta:ratelimit:*'))];
let keysBefore = new Set<string>();

before(async () => {
  keysBefore = new Set(await outsideNamespaces());
  const a = await startTestPlatform();
  deployments.push({ name: 'A', platform: a, pool: testSystemPool(), databaseUrl: testDatabaseUrl() });
  postgres = await startPrivatePostgres();
  const sideUrl = postgres.urlFor('orquesta_neighbour');
  const b = await startTestPlatform({ DATABASE_URL: sideUrl });
  deployments.push({ name: 'B', platform: b, pool: createPool({ connectionString: databaseUrls(sideUrl).system, max: 2, applicationName: 'orquesta-test' }), databaseUrl: sideUrl });
});

after(async () => {
  for (const receiver of receivers) await receiver.close();
  for (const deployment of deployments) await deployment.platform.stop();
  await deployments[1]?.pool.end();
  if (postgres) {
    await postgres.stop();
    // The second deployment's database is gone: so are its queues and keys.
    const prefix = redisNamespace({ DATABASE_URL: postgres.urlFor('orquesta_neighbour') });
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
  }
  await closeTestPools();
  redis.disconnect();
  listener.disconnect();
});

async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not in time: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('two deployments on one Redis', () => {
  test('each has its own namespace, and its own demo tenant id', () => {
    const [a, b] = deployments;
    assert.notEqual(redisNamespace({ DATABASE_URL: a.databaseUrl }), redisNamespace({ DATABASE_URL: b.databaseUrl }));
    assert.equal(redisNamespace({ DATABASE_URL: a.databaseUrl, ORQUESTA_REDIS_PREFIX: 'staging-eu' }), 'staging-eu');
    assert.notEqual(demoTenantId(databaseName(a.databaseUrl)), demoTenantId(databaseName(b.databaseUrl)));
    assert.equal(demoTenantId('orquesta'), demoTenantId('orquesta'), 'stable across restarts');
  });

  test('each receives only its own events, webhooks, payouts and subscriptions', async () => {
    // What each deployment's relay publishes for the shared tenant id, on its own channel.
    const published = new Map<string, OutboxEvent[]>();
    listener.on('message', (channel: string, message: string) => published.get(channel)?.push(JSON.parse(message) as OutboxEvent));
    const channelOf = (deployment: { databaseUrl: string }) => tenantChannel(redisNamespace({ DATABASE_URL: deployment.databaseUrl }), sharedTenantId);
    for (const deployment of deployments) {
      published.set(channelOf(deployment), []);
      await listener.subscribe(channelOf(deployment));
    }
    const sides = [];
    for (const deployment of deployments) {
      const tenant: TestTenant = await createTestTenant({ pool: deployment.pool, tenantId: sharedTenantId, role: 'owner' });
      const receiver = await startWebhookReceiver();
      receivers.push(receiver);
      const created = await queryOk(deployment.platform.url, tenant.apiKey, 'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret } }', {
        input: { url: receiver.url(`/${deployment.name}`), eventTypes: ['account.*', 'transfer.*'] },
      });
      receiver.secrets = [created.createWebhookEndpoint.secret];
      const client = subscriptionClient(deployment.platform.wsUrl, tenant.apiKey);
      const live = subscribe<{ paymentEvents: { id: string; type: string; entityId: string } }>(client, 'subscription { paymentEvents(types: ["account.*", "transfer.*"]) { id type entityId } }');
      sides.push({ deployment, tenant, receiver, client, live, entities: [] as string[], payoutId: '' });
    }
    await new Promise((resolve) => setTimeout(resolve, 500));

    // The same work on both sides at once: two accounts, a deposit, a transfer and a payout each.
    await Promise.all(
      sides.map(async (side) => {
        const { url } = side.deployment.platform;
        const payer = await createAccountVia(url, side.tenant.apiKey, `${side.deployment.name} payer`);
        const payee = await createAccountVia(url, side.tenant.apiKey, `${side.deployment.name} payee`);
        await depositVia(url, side.tenant.apiKey, payer, '100.00');
        const transfer = await queryOk(url, side.tenant.apiKey, 'mutation($input: CreateInternalTransferInput!) { createInternalTransfer(input: $input) { transfer { id } } }', {
          input: { fromAccountId: payer, toAccountId: payee, amount: { amount: '10.00', currency: 'USD' }, idempotencyKey: randomUUID() },
        });
        const payout = await queryOk(url, side.tenant.apiKey, 'mutation($input: CreatePayoutInput!) { createPayout(input: $input) { transfer { id } } }', {
          input: { fromAccountId: payer, amount: { amount: '5.00', currency: 'USD' }, destination: { network: 'SPEI', clabe: '032180000118359719' }, idempotencyKey: randomUUID() },
        });
        side.payoutId = payout.createPayout.transfer.id;
        side.entities.push(payer, payee, transfer.createInternalTransfer.transfer.id, side.payoutId);
      }),
    );

    for (const side of sides) {
      const { name, pool } = side.deployment;
      const others = sides.filter((other) => other !== side).flatMap((other) => other.entities);
      // The payout settles on its own deployment's workers (the other side's would not find it).
      await waitUntil(async () => (await pool.query('SELECT status FROM payments.transfers WHERE id = $1', [side.payoutId])).rows[0]?.status, (status) => status === 'completed');
      // Webhooks: this side's events reach this side's receiver, verified, and nothing else does.
      await side.receiver.waitFor((all) => all.filter((r) => r.payload.type === 'account.created').length >= 2 && all.some((r) => r.payload.type === 'transfer.completed' && r.payload.data.id === side.payoutId));
      for (const delivery of side.receiver.received) {
        assert.equal(delivery.path, `/${name}`);
        assert.deepEqual(delivery.verifiedWith, [0], 'signed with this side\'s endpoint secret');
        assert.ok(!others.includes(delivery.payload.data.id), `${name} was sent ${delivery.payload.type} of the other deployment's ${delivery.payload.data.id}`);
      }
      // Subscriptions: the subscriber saw its own entities, and none of the other side's.
      const seen: string[] = [];
      await side.live.until((message) => {
        assert.equal(message.errors, undefined, JSON.stringify(message.errors));
        const event = message.data?.paymentEvents;
        if (event) seen.push(event.entityId);
        return event?.type === 'transfer.completed' && event.entityId === side.payoutId;
      }, 30_000);
      for (const entityId of side.entities) assert.ok(seen.includes(entityId), `${name}'s subscriber saw ${entityId}`);
      for (const entityId of seen) assert.ok(!others.includes(entityId), `${name}'s subscriber saw an event of the other deployment's ${entityId}`);
      side.live.close();
      await side.client.dispose();
      // Its relay published its events on its own channel, and only its own.
      const onChannel = published.get(channelOf(side.deployment))!.map((event) => event.entityId);
      for (const entityId of side.entities) assert.ok(onChannel.includes(entityId), `${name}'s channel carried ${entityId}`);
      for (const entityId of onChannel) assert.ok(!others.includes(entityId), `${name}'s channel carried the other deployment's ${entityId}`);
    }

    // In Redis: each deployment's payout jobs under its own namespace, nothing under BullMQ's
    // default prefix, no channel without a namespace.
    for (const { deployment } of sides) {
      const queue = new Queue(QUEUE_NAMES.payoutSettlement, { connection: redis, prefix: redisNamespace({ DATABASE_URL: deployment.databaseUrl }) });
      assert.ok((await queue.getJobCountByTypes('completed', 'active', 'waiting', 'delayed')) > 0, `${deployment.name}'s payout jobs are in its namespace`);
      await queue.close();
    }
    const appeared = (await outsideNamespaces()).filter((key) => !keysBefore.has(key));
    assert.deepEqual(appeared.filter((key) => key.startsWith('bull:')), [], 'no queue outside a namespace');
    assert.deepEqual(appeared.filter((key) => key.startsWith('orquesta:ratelimit:')), [], 'no limiter key outside a namespace');
  });
});
