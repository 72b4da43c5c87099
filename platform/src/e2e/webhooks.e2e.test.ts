import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestPools, createAccountVia, postGraphQL, queryOk, renameAccountVia, startWebhookReceiver, testSystemPool, type WebhookReceiver } from '@orquesta/testing';
import { createTestTenant, startTestPlatform, type TestTenant } from '../testing';
import type { Platform } from '../platform';

let platform: Platform;
const receivers: WebhookReceiver[] = [];

before(async () => {
  platform = await startTestPlatform();
});

after(async () => {
  for (const receiver of receivers) await receiver.close();
  await platform.stop();
  await closeTestPools();
});

async function receiver(): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver();
  receivers.push(started);
  return started;
}

const CREATE_ENDPOINT = `mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { id url status eventTypes } }
}`;

async function createEndpoint(tenant: TestTenant, target: WebhookReceiver, eventTypes: string[] = ['*'], path = '/hook') {
  const data = await queryOk(platform.url, tenant.apiKey, CREATE_ENDPOINT, { input: { url: target.url(path), eventTypes, description: 'test' } });
  const { secret, endpoint } = data.createWebhookEndpoint;
  target.secrets = [secret];
  return { id: endpoint.id as string, secret: secret as string };
}

const DELIVERIES = `query($id: ID!) { webhookEndpoint(id: $id) { status disabledReason deliveries(first: 50) { nodes {
  id eventId eventType status attemptCount lastStatusCode attempts { statusCode latencyMs responseExcerpt error succeeded attemptedAt }
} } } }`;

async function deliveriesOf(tenant: TestTenant, endpointId: string) {
  const data = await queryOk(platform.url, tenant.apiKey, DELIVERIES, { id: endpointId });
  return data.webhookEndpoint;
}

async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not in time: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('webhook endpoints and delivery', () => {
  test('delivers an event signed per Standard Webhooks, verified by the standardwebhooks package, and logs the attempt', async () => {
    const tenant = await createTestTenant();
    const target = await receiver();
    const endpoint = await createEndpoint(tenant, target, ['account.*']);
    assert.match(endpoint.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    const accountId = await createAccountVia(platform.url, tenant.apiKey, 'Hooked Ltd');
    const [delivery] = await target.waitFor((all) => all.some((r) => r.payload.type === 'account.created'));
    assert.deepEqual(delivery.verifiedWith, [0], 'the signature verifies with the endpoint secret');
    assert.deepEqual(Object.keys(delivery.payload).sort(), ['data', 'timestamp', 'type']);
    assert.equal(delivery.payload.data.id, accountId);
    assert.match(delivery.id, /^evt_\d+_\d+$/);
    assert.ok(Math.abs(Number(delivery.timestamp) - Date.now() / 1000) < 60);

    const event = await queryOk(platform.url, tenant.apiKey, `query($id: ID!) { event(id: $id) {
      id type entityType entityId payload entity { __typename ... on Account { id name } }
      deliveries { status attemptCount endpointId attempts { statusCode succeeded latencyMs } }
    } }`, { id: delivery.id });
    assert.equal(event.event.type, 'account.created');
    assert.equal(event.event.entity.name, 'Hooked Ltd');
    await waitUntil(
      () => queryOk(platform.url, tenant.apiKey, `query($id: ID!) { event(id: $id) { deliveries { status attempts { statusCode succeeded } } } }`, { id: delivery.id }),
      (data) => data.event.deliveries[0]?.status === 'SUCCEEDED',
    );
    const log = await deliveriesOf(tenant, endpoint.id);
    assert.equal(log.deliveries.nodes.length, 1);
    assert.equal(log.deliveries.nodes[0].attempts[0].statusCode, 200);
    assert.equal(log.deliveries.nodes[0].attempts[0].responseExcerpt, 'ok');
  });

  test('never shows the secret again and refuses bad input with BAD_USER_INPUT and a reason', async () => {
    const tenant = await createTestTenant();
    const target = await receiver();
    const introspected = await queryOk(platform.url, tenant.apiKey, '{ __type(name: "WebhookEndpoint") { fields { name } } }');
    assert.ok(!introspected.__type.fields.some((field: { name: string }) => /secret/i.test(field.name) && field.name !== 'previousSecretExpiresAt'));
    const cases: Array<[string, string[], RegExp]> = [
      ['not a url', ['*'], /not a valid URL/],
      ['ftp://example.com/hook', ['*'], /http or https/],
      [target.url(), ['transfer.exploded'], /matches no event type/],
      [target.url(), ['Transfer.*;drop'], /not an event type/],
      [target.url(), [], /at least one/],
      ['http://169.254.169.254/latest/meta-data', ['*'], /disallowed address/],
      ['http://10.0.0.7/hook', ['*'], /disallowed address/],
      ['http://[::1]:8080/hook', ['*'], /disallowed address/],
      ['http://0xa9fea9fe/hook', ['*'], /disallowed address \(169\.254\.169\.254\)/],
      ['http://167772161/hook', ['*'], /disallowed address \(10\.0\.0\.1\)/],
      ['http://localhost:9/hook', ['*'], /local host name/],
      ['http://user:pass@example.com/hook', ['*'], /credentials/],
    ];
    for (const [url, eventTypes, reason] of cases) {
      const response = await postGraphQL(platform.url, tenant.apiKey, CREATE_ENDPOINT, { input: { url, eventTypes } });
      assert.equal(response.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `${url} ${eventTypes}: ${JSON.stringify(response.errors)}`);
      assert.match(response.errors![0].message, reason, url);
    }
  });

  test('delivers only what the filter matches, and a test event only to its endpoint', async () => {
    const tenant = await createTestTenant();
    const transfers = await receiver();
    const everything = await receiver();
    const onlyTransfers = await createEndpoint(tenant, transfers, ['transfer.*']);
    await createEndpoint(tenant, everything, ['*']);
    await createAccountVia(platform.url, tenant.apiKey, 'Filtered');
    await everything.waitFor((all) => all.some((r) => r.payload.type === 'account.created'));
    const sent = await queryOk(platform.url, tenant.apiKey, 'mutation($id: ID!) { sendTestEvent(endpointId: $id) { eventId } }', { id: onlyTransfers.id });
    const [test] = await transfers.waitFor((all) => all.length > 0);
    assert.equal(test.payload.type, 'webhook.test');
    assert.equal(test.id, sent.sendTestEvent.eventId);
    assert.deepEqual(test.verifiedWith, [0]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(transfers.received.map((r) => r.payload.type), ['webhook.test'], 'no account event reached a transfer.* endpoint');
    assert.ok(!everything.received.some((r) => r.payload.type === 'webhook.test'), 'the test event went to its endpoint only');
  });

  test('retries failures on the schedule, with jitter, under the same webhook-id, until a 2xx', async () => {
    const tenant = await createTestTenant();
    const target = await receiver();
    target.reply = ({ count }) => (count <= 3 ? { status: 500, body: 'down' } : { status: 204 });
    const endpoint = await createEndpoint(tenant, target, ['account.created']);
    await createAccountVia(platform.url, tenant.apiKey, 'Flaky receiver');
    const all = await target.waitFor((received) => received.length >= 4, 30_000);
    assert.equal(new Set(all.map((r) => r.id)).size, 1, 'every attempt carries the same webhook-id');
    const gaps = all.slice(1).map((r, i) => r.receivedAt - all[i].receivedAt);
    // Test schedule 400, 800, 1600 ms with ±10% jitter (and some slack for a busy machine).
    [400, 800, 1600].forEach((scheduled, i) => assert.ok(gaps[i] >= scheduled * 0.9 - 20 && gaps[i] < scheduled * 1.1 + 6_000, `gap ${i}: ${gaps[i]} ms`));
    const log = await waitUntil(() => deliveriesOf(tenant, endpoint.id), (value) => value.deliveries.nodes[0]?.status === 'SUCCEEDED');
    const [delivery] = log.deliveries.nodes;
    assert.equal(delivery.attemptCount, 4);
    assert.deepEqual(delivery.attempts.map((a: { statusCode: number }) => a.statusCode), [204, 500, 500, 500]);
    assert.equal(delivery.attempts[1].responseExcerpt, 'down');
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(target.received.length, 4, 'nothing after the success');
  });

  test('honours Retry-After on 429', async () => {
    const tenant = await createTestTenant();
    const target = await receiver();
    target.reply = ({ count }) => (count === 1 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 });
    await createEndpoint(tenant, target, ['account.created']);
    await createAccountVia(platform.url, tenant.apiKey, 'Rate limited');
    const all = await target.waitFor((received) => received.length >= 2, 30_000);
    const gap = all[1].receivedAt - all[0].receivedAt;
    assert.ok(gap >= 1_900, `waited ${gap} ms, Retry-After said 2 s`);
  });

  test('a 410 disables the endpoint at once and records webhook_endpoint.disabled', async () => {
    const tenant = await createTestTenant();
    const target = await receiver();
    target.reply = () => ({ status: 410, body: 'gone' });
    const endpoint = await createEndpoint(tenant, target, ['account.*']);
    await createAccountVia(platform.url, tenant.apiKey, 'Gone receiver');
    const log = await waitUntil(() => deliveriesOf(tenant, endpoint.id), (value) => value.status === 'DISABLED');
    assert.equal(log.disabledReason, 'GONE');
    assert.equal(log.deliveries.nodes[0].status, 'FAILED');
    const events = await waitUntil(
      () => queryOk(platform.url, tenant.apiKey, '{ events(types: ["webhook_endpoint.*"]) { nodes { type entityId payload entity { __typename ... on WebhookEndpoint { id status } } } } }'),
      (data) => data.events.nodes.length === 1,
    );
    assert.equal(events.events.nodes[0].entityId, endpoint.id);
    assert.equal(events.events.nodes[0].entity.status, 'DISABLED');
    await renameAccountVia(platform.url, tenant.apiKey, (await createAccountVia(platform.url, tenant.apiKey, 'After gone')), 'still gone');
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.equal(target.received.length, 1, 'a disabled endpoint receives nothing more');
  });

  test('an endpoint failing for 5 days is disabled, with an event', async () => {
    const tenant = await createTestTenant();
    const target = await receiver();
    target.reply = () => ({ status: 503 });
    const endpoint = await createEndpoint(tenant, target, ['account.*']);
    await testSystemPool().query("UPDATE accounts.webhook_endpoints SET failing_since = now() - interval '5 days 1 minute' WHERE id = $1", [endpoint.id]);
    await createAccountVia(platform.url, tenant.apiKey, 'Five days down');
    const log = await waitUntil(() => deliveriesOf(tenant, endpoint.id), (value) => value.status === 'DISABLED');
    assert.equal(log.disabledReason, 'FAILING');
    const enabled = await queryOk(platform.url, tenant.apiKey, 'mutation($id: ID!) { updateWebhookEndpoint(input: { id: $id, enabled: true }) { endpoint { status disabledReason } } }', { id: endpoint.id });
    assert.deepEqual(enabled.updateWebhookEndpoint.endpoint, { status: 'ENABLED', disabledReason: null });
  });

  test('after a rotation both secrets sign, so a receiver on either verifies', async () => {
    const tenant = await createTestTenant();
    const target = await receiver();
    const endpoint = await createEndpoint(tenant, target, ['account.*']);
    const rotated = await queryOk(platform.url, tenant.apiKey, 'mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { previousSecretExpiresAt } } }', { id: endpoint.id });
    const { secret } = rotated.rotateWebhookSecret;
    assert.notEqual(secret, endpoint.secret);
    const expires = Date.parse(rotated.rotateWebhookSecret.endpoint.previousSecretExpiresAt) - Date.now();
    assert.ok(expires > 23.9 * 3600_000 && expires <= 24 * 3600_000);
    target.secrets = [endpoint.secret, secret];
    await createAccountVia(platform.url, tenant.apiKey, 'Rotated');
    const [delivery] = await target.waitFor((all) => all.length > 0);
    assert.equal(delivery.signature.split(' ').length, 2);
    assert.deepEqual(delivery.verifiedWith, [0, 1]);
  });

  test('a manual retry and a replay send again with the same webhook-id', async () => {
    const tenant = await createTestTenant();
    const target = await receiver();
    const endpoint = await createEndpoint(tenant, target, ['account.*']);
    const from = new Date(Date.now() - 60_000).toISOString();
    await createAccountVia(platform.url, tenant.apiKey, 'Replay one');
    await createAccountVia(platform.url, tenant.apiKey, 'Replay two');
    await target.waitFor((all) => all.length >= 2);
    const log = await waitUntil(() => deliveriesOf(tenant, endpoint.id), (value) => value.deliveries.nodes.every((d: { status: string }) => d.status === 'SUCCEEDED') && value.deliveries.nodes.length === 2);
    const first = log.deliveries.nodes[1];
    const retried = await queryOk(platform.url, tenant.apiKey, 'mutation($id: ID!) { retryWebhookDelivery(id: $id) { delivery { id status } } }', { id: first.id });
    assert.equal(retried.retryWebhookDelivery.delivery.status, 'PENDING');
    await target.waitFor((all) => all.length >= 3);
    assert.equal(target.received[2].id, first.eventId);
    await waitUntil(() => deliveriesOf(tenant, endpoint.id), (value) => value.deliveries.nodes.every((d: { status: string }) => d.status === 'SUCCEEDED'));
    const replay = await queryOk(platform.url, tenant.apiKey, 'mutation($input: ReplayEventsInput!) { replayEvents(input: $input) { deliveriesQueued } }', {
      input: { endpointId: endpoint.id, from, to: new Date(Date.now() + 1_000).toISOString(), types: ['account.created'] },
    });
    assert.equal(replay.replayEvents.deliveriesQueued, 2);
    const all = await target.waitFor((received) => received.length >= 5);
    assert.deepEqual(new Set(all.slice(3).map((r) => r.id)), new Set(target.received.slice(0, 2).map((r) => r.id)));
    assert.ok(all.every((r) => r.verifiedWith.length === 1));
  });

  test('a receiver that hangs or sends a huge body does not hold up another endpoint', async () => {
    const tenant = await createTestTenant();
    const slow = await receiver();
    const fast = await receiver();
    slow.reply = () => ({ hang: true });
    await createEndpoint(tenant, slow, ['account.*']);
    await createEndpoint(tenant, fast, ['account.*']);
    const started = Date.now();
    for (let i = 0; i < 12; i += 1) await createAccountVia(platform.url, tenant.apiKey, `Busy ${i}`);
    await fast.waitFor((all) => all.length >= 12, 20_000);
    assert.ok(Date.now() - started < 10_000, `the fast endpoint got all 12 in ${Date.now() - started} ms`);
    const huge = await receiver();
    huge.reply = () => ({ status: 200, body: 'x'.repeat(5 * 1024 * 1024) });
    const hugeEndpoint = await createEndpoint(tenant, huge, ['webhook.test']);
    await queryOk(platform.url, tenant.apiKey, 'mutation($id: ID!) { sendTestEvent(endpointId: $id) { eventId } }', { id: hugeEndpoint.id });
    const log = await waitUntil(() => deliveriesOf(tenant, hugeEndpoint.id), (value) => value.deliveries.nodes[0]?.status === 'SUCCEEDED');
    assert.equal(log.deliveries.nodes[0].attempts[0].responseExcerpt.length, 1000);
  });

  test("another tenant's endpoints, deliveries and events are NOT_FOUND, and never listed", async () => {
    const owner = await createTestTenant();
    const stranger = await createTestTenant();
    const target = await receiver();
    const endpoint = await createEndpoint(owner, target, ['account.*']);
    await createAccountVia(platform.url, owner.apiKey, 'Private');
    const [delivered] = await target.waitFor((all) => all.length > 0);
    const log = await waitUntil(() => deliveriesOf(owner, endpoint.id), (value) => value.deliveries.nodes[0]?.status === 'SUCCEEDED');
    const deliveryId = log.deliveries.nodes[0].id;
    const attempts: Array<[string, Record<string, unknown>]> = [
      ['query($id: ID!) { webhookEndpoint(id: $id) { id } }', { id: endpoint.id }],
      ['query($id: ID!) { event(id: $id) { id } }', { id: delivered.id }],
      ['mutation($id: ID!) { updateWebhookEndpoint(input: { id: $id, enabled: false }) { endpoint { id } } }', { id: endpoint.id }],
      ['mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { deletedId } }', { id: endpoint.id }],
      ['mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }', { id: endpoint.id }],
      ['mutation($id: ID!) { sendTestEvent(endpointId: $id) { eventId } }', { id: endpoint.id }],
      ['mutation($id: ID!) { retryWebhookDelivery(id: $id) { delivery { id } } }', { id: deliveryId }],
      ['mutation($id: ID!) { replayEvents(input: { endpointId: $id, from: "2020-01-01T00:00:00Z", to: "2030-01-01T00:00:00Z" }) { deliveriesQueued } }', { id: endpoint.id }],
    ];
    for (const [query, variables] of attempts) {
      const response = await postGraphQL(platform.url, stranger.apiKey, query, variables);
      assert.equal(response.errors?.[0]?.extensions?.code, 'NOT_FOUND', `${query}: ${JSON.stringify(response.errors)}`);
    }
    const lists = await queryOk(platform.url, stranger.apiKey, '{ webhookEndpoints { nodes { id } } events(first: 100) { nodes { id } } }');
    assert.deepEqual(lists.webhookEndpoints.nodes, []);
    assert.ok(!lists.events.nodes.some((event: { id: string }) => event.id === delivered.id));
    const still = await queryOk(platform.url, owner.apiKey, 'query($id: ID!) { webhookEndpoint(id: $id) { status } }', { id: endpoint.id });
    assert.equal(still.webhookEndpoint.status, 'ENABLED');
  });

  test('deleting an endpoint stops its deliveries', async () => {
    const tenant = await createTestTenant();
    const target = await receiver();
    const endpoint = await createEndpoint(tenant, target, ['account.*']);
    const deleted = await queryOk(platform.url, tenant.apiKey, 'mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { deletedId } }', { id: endpoint.id });
    assert.equal(deleted.deleteWebhookEndpoint.deletedId, endpoint.id);
    await createAccountVia(platform.url, tenant.apiKey, 'Nobody listens');
    await platform.relay.drained();
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(target.received.length, 0);
  });
});

describe('the events API', () => {
  test('pages through events oldest first with the event id as cursor, filtered by type and entity', async () => {
    const tenant = await createTestTenant();
    const a = await createAccountVia(platform.url, tenant.apiKey, 'Events A');
    const b = await createAccountVia(platform.url, tenant.apiKey, 'Events B');
    await renameAccountVia(platform.url, tenant.apiKey, a, 'Events A2');
    const all = await waitUntil(
      () => queryOk(platform.url, tenant.apiKey, '{ events(first: 10) { nodes { id type entityId createdAt livemode } pageInfo { hasNextPage endCursor } } }'),
      (data) => data.events.nodes.length === 3,
    );
    assert.deepEqual(all.events.nodes.map((e: { type: string }) => e.type), ['account.created', 'account.created', 'account.updated']);
    assert.equal(all.events.nodes[0].livemode, false);
    const page1 = await queryOk(platform.url, tenant.apiKey, '{ events(first: 2) { nodes { id } pageInfo { hasNextPage endCursor } } }');
    assert.equal(page1.events.pageInfo.hasNextPage, true);
    const page2 = await queryOk(platform.url, tenant.apiKey, 'query($after: ID) { events(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage } } }', { after: page1.events.pageInfo.endCursor });
    assert.deepEqual(page2.events.nodes.map((e: { id: string }) => e.id), [all.events.nodes[2].id]);
    assert.equal(page2.events.pageInfo.hasNextPage, false);
    const updates = await queryOk(platform.url, tenant.apiKey, '{ events(types: ["account.updated"]) { nodes { entityId } } }');
    assert.deepEqual(updates.events.nodes.map((e: { entityId: string }) => e.entityId), [a]);
    const ofB = await queryOk(platform.url, tenant.apiKey, 'query($id: ID) { events(entityId: $id) { nodes { entityId type } } }', { id: b });
    assert.deepEqual(ofB.events.nodes, [{ entityId: b, type: 'account.created' }]);
    const bad = await postGraphQL(platform.url, tenant.apiKey, '{ events(types: ["nope.never"]) { nodes { id } } }');
    assert.equal(bad.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    const badCursor = await postGraphQL(platform.url, tenant.apiKey, '{ events(after: "evt_x") { nodes { id } } }');
    assert.equal(badCursor.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  });
});
