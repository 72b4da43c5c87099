import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { closeTestPools, createAccountVia, subscribe, renameAccountVia, subscriptionClient, testSystemPool } from '@orquesta/testing';
import { createTestTenant, startTestPlatform, type TestTenant } from '../testing';
import type { Platform } from '../platform';

const ACCOUNT_UPDATED = `subscription($id: ID!) { accountUpdated(id: $id) { id name } }`;

let platform: Platform;
let tenant: TestTenant;

before(async () => {
  platform = await startTestPlatform({}, { socketRecheckMs: 250 });
  tenant = await createTestTenant();
});

after(async () => {
  await platform.stop();
  await closeTestPools();
});

describe('subscriptions survive what goes wrong', () => {
  test('changes made while the gateway had lost Redis are delivered from the outbox once it is back', async () => {
    const id = await createAccountVia(platform.url, tenant.apiKey, 'Outage Co', 'PERSON');
    const client = subscriptionClient(platform.wsUrl, tenant.apiKey);
    const live = subscribe(client, ACCOUNT_UPDATED, { id });
    try {
      // Whatever settled around subscribing (the creation) is not what this test is about.
      await live.drain(300);
      // Drop the gateway's Redis subscriber: whatever the relay publishes meanwhile never reaches it.
      platform.redisSubscriber.disconnect();
      await renameAccountVia(platform.url, tenant.apiKey, id, 'during outage 1');
      await renameAccountVia(platform.url, tenant.apiKey, id, 'during outage 2');
      await platform.relay.drained();
      assert.equal(await live.quiet(300), true, 'nothing can arrive while Redis is gone');
      await platform.redisSubscriber.connect();
      const seen = new Set<string>();
      for (let i = 0; i < 2; i += 1) {
        const message = await live.until((m) => m.errors !== undefined || m.extensions?.event?.type === 'account.updated');
        assert.equal(message.errors, undefined);
        seen.add(message.extensions!.event!.id);
      }
      assert.equal(seen.size, 2, 'both changes arrive, once each');
      await renameAccountVia(platform.url, tenant.apiKey, id, 'after outage');
      const next = await live.next();
      assert.equal(next.data?.accountUpdated.name, 'after outage');
      assert.equal(await live.quiet(400), true, 'and nothing twice');
    } finally {
      live.close();
      await client.dispose();
    }
  });

  test('a socket closes with 4403 once its API key is revoked', async () => {
    const doomed = await createTestTenant();
    const id = await createAccountVia(platform.url, doomed.apiKey, 'Revoked Co', 'PERSON');
    const socket = new WebSocket(platform.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${doomed.apiKey}` } })));
      socket.on('message', (raw) => {
        if (JSON.parse(String(raw)).type === 'connection_ack') {
          socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: ACCOUNT_UPDATED, variables: { id } } }));
          resolve();
        }
      });
    });
    await testSystemPool().query('UPDATE accounts.api_keys SET revoked_at = now() WHERE id = $1', [doomed.apiKeyId]);
    const code = await Promise.race([closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 8_000))]);
    assert.equal(code, 4403);
  });
});
