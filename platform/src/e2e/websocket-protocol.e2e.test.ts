import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { closeTestPools, queryOk, subscribe, subscriptionClient } from '@orquesta/testing';
import { createTestTenant, startTestPlatform, type TestTenant } from '../testing';
import { SUBSCRIPTIONS_PER_SOCKET_MAX } from '@orquesta/gateway';
import type { Platform } from '../platform';

let platform: Platform;
let tenant: TestTenant;

before(async () => {
  platform = await startTestPlatform();
  tenant = await createTestTenant();
});

after(async () => {
  await platform.stop();
  await closeTestPools();
});

/** Opens a raw graphql-transport-ws socket, runs `script`, and resolves with the close code. */
function closeCodeOf(script: (socket: WebSocket) => void, timeoutMs = 8_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(platform.wsUrl, 'graphql-transport-ws');
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('socket was not closed in time'));
    }, timeoutMs);
    socket.on('open', () => script(socket));
    socket.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    socket.on('error', () => undefined);
  });
}

function send(socket: WebSocket, message: unknown): void {
  socket.send(JSON.stringify(message));
}

const SUBSCRIBE = { type: 'subscribe', id: '1', payload: { query: 'subscription { accountUpdated(id: "0190b5e0-0000-7000-8000-000000000001") { id } }' } };

describe('graphql-ws close codes', () => {
  test('4408 when connection_init never comes', async () => {
    assert.equal(await closeCodeOf(() => undefined), 4408);
  });

  test('4403 for a missing or bad credential', async () => {
    assert.equal(await closeCodeOf((socket) => send(socket, { type: 'connection_init' })), 4403);
    assert.equal(
      await closeCodeOf((socket) => send(socket, { type: 'connection_init', payload: { authorization: 'Bearer pk_test_' + '1'.repeat(64) } })),
      4403,
    );
  });

  test('4401 when subscribing before the connection is acknowledged', async () => {
    assert.equal(await closeCodeOf((socket) => send(socket, SUBSCRIBE)), 4401);
  });

  test('4409 for a duplicate subscription id', async () => {
    const code = await closeCodeOf((socket) => {
      socket.on('message', (raw) => {
        const message = JSON.parse(String(raw)) as { type: string };
        if (message.type !== 'connection_ack') return;
        const account = { ...SUBSCRIBE, payload: { query: 'subscription { accountUpdated(id: "0190b5e0-0000-7000-8000-000000000001") { id } }' } };
        send(socket, account);
        send(socket, account);
      });
      send(socket, { type: 'connection_init', payload: { authorization: `Bearer ${tenant.apiKey}` } });
    });
    assert.equal(code, 4409);
  });
});

describe('bounds', () => {
  test(`a socket holds at most ${SUBSCRIPTIONS_PER_SOCKET_MAX} subscriptions; ending one frees its place`, async () => {
    const created = await queryOk(platform.url, tenant.apiKey, 'mutation { createAccount(input: { type: PERSON, name: "Many Eyes" }) { account { id } } }');
    const id = created.createAccount.account.id;
    const client = subscriptionClient(platform.wsUrl, tenant.apiKey);
    const query = 'subscription($id: ID!) { accountUpdated(id: $id) { id } }';
    try {
      const held = Array.from({ length: SUBSCRIPTIONS_PER_SOCKET_MAX }, () => subscribe(client, query, { id }));
      await held[0].quiet(1_000);
      const refused = subscribe(client, query, { id });
      assert.match(JSON.stringify((await refused.next()).errors), /At most 100 subscriptions/);
      held[0].close();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const admitted = subscribe(client, query, { id });
      assert.equal(await admitted.quiet(500), true, 'admitted once a place is free');
      for (const subscription of [...held, admitted]) subscription.close();
    } finally {
      await client.dispose();
    }
  });
});
