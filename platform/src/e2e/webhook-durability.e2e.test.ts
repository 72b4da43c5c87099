import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { closeTestPools, createAccountVia, postGraphQL, queryOk, startWebhookReceiver, subscribe, subscriptionClient, testRedisUrl, type WebhookReceiver } from '@orquesta/testing';
import { createTestTenant, startTestPlatform, type TestTenant } from '../testing';
import type { Platform } from '../platform';

let platform: Platform;
let admin: Redis;
const receivers: WebhookReceiver[] = [];

before(async () => {
  platform = await startTestPlatform();
  admin = new Redis(testRedisUrl());
});

after(async () => {
  for (const receiver of receivers) await receiver.close();
  await platform.stop();
  admin.disconnect();
  await closeTestPools();
});

async function endpointFor(tenant: TestTenant, eventTypes: string[]): Promise<{ receiver: WebhookReceiver; id: string }> {
  const receiver = await startWebhookReceiver();
  receivers.push(receiver);
  const data = await queryOk(platform.url, tenant.apiKey, 'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id } } }', {
    input: { url: receiver.url(), eventTypes },
  });
  receiver.secrets = [data.createWebhookEndpoint.secret];
  return { receiver, id: data.createWebhookEndpoint.endpoint.id };
}

/** What a Redis restart looks like from this process: every one of its connections drops at once. */
async function dropThisProcessRedisConnections(): Promise<number> {
  const list = String(await admin.client('LIST'));
  const ids = list
    .split('\n')
    .filter((line) => new RegExp(`name=orquesta-[a-z]+-${process.pid}( |$)`).test(line))
    .map((line) => /(?:^| )id=(\d+)/.exec(line)![1]);
  for (const id of ids) await admin.client('KILL', 'ID', id);
  return ids.length;
}

describe('webhook delivery survives what goes wrong', () => {
  test('a worker killed mid-delivery: the delivery is sent again by another worker, same webhook-id, and succeeds once', async () => {
    const tenant = await createTestTenant();
    const { receiver, id } = await endpointFor(tenant, ['account.created']);
    receiver.reply = ({ count }) => (count === 1 ? { hang: true } : { status: 200 });
    await createAccountVia(platform.url, tenant.apiKey, 'Killed mid-flight');
    await receiver.waitFor((all) => all.length === 1);
    await platform.webhooks.restartWorker({ force: true });
    const all = await receiver.waitFor((received) => received.length >= 2, 40_000);
    assert.equal(all[1].id, all[0].id, 'the same webhook-id, so the receiver can dedupe');
    assert.deepEqual(all[1].verifiedWith, [0]);
    const deadline = Date.now() + 20_000;
    let log;
    do {
      log = await queryOk(platform.url, tenant.apiKey, 'query($id: ID!) { webhookEndpoint(id: $id) { deliveries { nodes { status attemptCount attempts { statusCode } } } } }', { id });
      if (log.webhookEndpoint.deliveries.nodes[0]?.status === 'SUCCEEDED') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } while (Date.now() < deadline);
    const [delivery] = log.webhookEndpoint.deliveries.nodes;
    assert.equal(delivery.status, 'SUCCEEDED');
    assert.deepEqual(delivery.attempts.map((a: { statusCode: number }) => a.statusCode).slice(0, 1), [200]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(receiver.received.length, 2, 'sent again only as the retry of the killed attempt');
  });

  test('Redis connections dropped mid-run: every event is still delivered, none twice', async () => {
    const tenant = await createTestTenant();
    const { receiver } = await endpointFor(tenant, ['account.created']);
    const total = 20;
    for (let i = 0; i < total; i += 1) {
      if (i === total / 2) assert.ok((await dropThisProcessRedisConnections()) > 0, 'found this process’s connections');
      await createAccountVia(platform.url, tenant.apiKey, `Outage ${i}`);
    }
    const all = await receiver.waitFor((received) => new Set(received.map((r) => r.id)).size >= total, 40_000);
    assert.equal(new Set(all.map((r) => r.payload.data.name)).size, total);
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.equal(receiver.received.length, total, 'nothing was sent twice');
    assert.ok(receiver.received.every((r) => r.verifiedWith.length === 1));
  });
});

describe('Subscription.paymentEvents', () => {
  const PAYMENT_EVENTS = `subscription($types: [String!], $after: ID) {
    paymentEvents(types: $types, after: $after) { id type entityId entity { __typename ... on Account { name } } }
  }`;

  test('resumes from the last event id with no gap and no duplicate, then continues live', async () => {
    const tenant = await createTestTenant();
    const client = subscriptionClient(platform.wsUrl, tenant.apiKey);
    const first = subscribe(client, PAYMENT_EVENTS, { types: ['account.*'] });
    const seen: string[] = [];
    try {
      await first.quiet(300);
      for (let i = 0; i < 3; i += 1) await createAccountVia(platform.url, tenant.apiKey, `Live ${i}`);
      for (let i = 0; i < 3; i += 1) {
        const message = await first.next(15_000);
        assert.equal(message.errors, undefined, JSON.stringify(message.errors));
        assert.equal(message.data?.paymentEvents.type, 'account.created');
        assert.equal(message.data?.paymentEvents.entity.name, `Live ${i}`);
        seen.push(message.data!.paymentEvents.id);
      }
    } finally {
      first.close();
    }
    for (let i = 0; i < 3; i += 1) await createAccountVia(platform.url, tenant.apiKey, `Missed ${i}`);
    const resumed = subscribe(client, PAYMENT_EVENTS, { types: ['account.*'], after: seen[seen.length - 1] });
    try {
      const names: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const message = await resumed.next(15_000);
        assert.equal(message.errors, undefined, JSON.stringify(message.errors));
        assert.ok(!seen.includes(message.data!.paymentEvents.id), 'no duplicate');
        seen.push(message.data!.paymentEvents.id);
        names.push(message.data!.paymentEvents.entity.name);
      }
      assert.deepEqual(names, ['Missed 0', 'Missed 1', 'Missed 2'], 'in order, no gap');
      await createAccountVia(platform.url, tenant.apiKey, 'Live again');
      const live = await resumed.next(15_000);
      assert.equal(live.data?.paymentEvents.entity.name, 'Live again');
      assert.equal(await resumed.quiet(400), true);
      const listed = await queryOk(platform.url, tenant.apiKey, '{ events(types: ["account.created"]) { nodes { id } } }');
      assert.deepEqual(listed.events.nodes.map((e: { id: string }) => e.id), [...seen, live.data!.paymentEvents.id], 'the same ids, in the same order, as the Events API');
    } finally {
      resumed.close();
      await client.dispose();
    }
  });

  test('refuses an unknown event type and a malformed cursor', async () => {
    const tenant = await createTestTenant();
    const client = subscriptionClient(platform.wsUrl, tenant.apiKey);
    try {
      for (const variables of [{ types: ['nope.never'] }, { after: 'not-a-cursor' }]) {
        const sub = subscribe(client, PAYMENT_EVENTS, variables);
        const message = await sub.next(10_000);
        assert.match(JSON.stringify(message.errors), /BAD_USER_INPUT/);
        sub.close();
      }
    } finally {
      await client.dispose();
    }
    const response = await postGraphQL(platform.url, tenant.apiKey, '{ events(types: ["*"]) { nodes { id } } }');
    assert.equal(response.errors, undefined);
  });
});
