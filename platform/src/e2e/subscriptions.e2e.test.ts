import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestPools, createAccountVia, queryOk, renameAccountVia, subscribe, subscriptionClient } from '@orquesta/testing';
import { createTestTenant, startTestPlatform, type TestTenant } from '../testing';
import type { Platform } from '../platform';

const ACCOUNT_UPDATED = `
  subscription($id: ID!, $after: ID) {
    accountUpdated(id: $id, after: $after) {
      id
      displayName: name
      ...Verification
      agents { id name account { id } }
    }
  }
  fragment Verification on Account { verificationTier verificationStatus }`;

let platform: Platform;
let replica: Platform;
let tenant: TestTenant;

before(async () => {
  // Two gateway replicas on one database and Redis: only one relay leads, both deliver.
  platform = await startTestPlatform();
  replica = await startTestPlatform();
  tenant = await createTestTenant();
});

after(async () => {
  await replica.stop();
  await platform.stop();
  await closeTestPools();
});

describe('Subscription.accountUpdated', () => {
  test('pushes the full federated Account, with aliases, fragments and agents, on every change', async () => {
    const id = await createAccountVia(platform.url, tenant.apiKey, 'Live Co');
    await queryOk(platform.url, tenant.apiKey, `mutation($id: ID!) { createAgent(input: { accountId: $id, name: "Watcher" }) { agent { id } } }`, { id });
    const client = subscriptionClient(platform.wsUrl, tenant.apiKey);
    const subscription = subscribe(client, ACCOUNT_UPDATED, { id });
    try {
      await subscription.quiet(300);
      await renameAccountVia(platform.url, tenant.apiKey, id, 'Live Co Renamed');
      // A subscription without `after` may also see the creation, if it settled just after subscribing.
      const message = await subscription.until((m) => m.extensions?.event?.type === 'account.updated');
      assert.equal(message.errors, undefined);
      assert.deepEqual(message.data?.accountUpdated, {
        id,
        displayName: 'Live Co Renamed',
        verificationTier: 0,
        verificationStatus: 'UNVERIFIED',
        agents: [{ id: message.data?.accountUpdated.agents[0].id, name: 'Watcher', account: { id } }],
      });
      assert.equal(message.extensions?.event?.type, 'account.updated');
      assert.match(message.extensions?.event?.id ?? '', /^evt_\d+_\d+$/);
    } finally {
      subscription.close();
      await client.dispose();
    }
  });

  test('resumes after a cursor with every missed change, in order, no gap and no duplicate', async () => {
    const id = await createAccountVia(platform.url, tenant.apiKey, 'Resume Co');
    const client = subscriptionClient(platform.wsUrl, tenant.apiKey);
    const live = subscribe(client, ACCOUNT_UPDATED, { id });
    await live.quiet(200);
    await renameAccountVia(platform.url, tenant.apiKey, id, 'v1');
    const first = await live.until((m) => m.extensions?.event?.type === 'account.updated');
    assert.equal(first.data?.accountUpdated.displayName, 'v1');
    const cursor = first.extensions!.event!.id;
    live.close();
    await client.dispose();

    // Changes while the client is away.
    for (const name of ['v2', 'v3', 'v4']) await renameAccountVia(platform.url, tenant.apiKey, id, name);

    const again = subscriptionClient(platform.wsUrl, tenant.apiKey);
    const resumed = subscribe(again, ACCOUNT_UPDATED, { id, after: cursor });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const message = await resumed.next();
        assert.equal(message.errors, undefined);
        ids.push(message.extensions!.event!.id);
      }
      assert.equal(new Set(ids).size, 3, 'three distinct events');
      assert.ok(!ids.includes(cursor), 'the event at the cursor is not repeated');
      // Replayed refetches show the current state; the events are the three missed ones.
      await renameAccountVia(platform.url, tenant.apiKey, id, 'v5');
      const liveAgain = await resumed.next();
      assert.equal(liveAgain.data?.accountUpdated.displayName, 'v5');
      assert.ok(!ids.includes(liveAgain.extensions!.event!.id));
      assert.equal(await resumed.quiet(400), true, 'no duplicate after going live');
    } finally {
      resumed.close();
      await again.dispose();
    }
  });

  test('both gateway replicas deliver, whichever one took the write', async () => {
    const id = await createAccountVia(platform.url, tenant.apiKey, 'Replicated Co');
    const onPrimary = subscriptionClient(platform.wsUrl, tenant.apiKey);
    const onReplica = subscriptionClient(replica.wsUrl, tenant.apiKey);
    const a = subscribe(onPrimary, ACCOUNT_UPDATED, { id });
    const b = subscribe(onReplica, ACCOUNT_UPDATED, { id });
    try {
      await Promise.all([a.quiet(300), b.quiet(300)]);
      // One relay leads per database (here or in another test file's platform), never two.
      assert.ok(!(platform.relay.isLeader && replica.relay.isLeader), 'two relays lead at once');
      await renameAccountVia(replica.url, tenant.apiKey, id, 'Written on the replica');
      const updated = (m: { extensions?: { event?: { type: string } } }) => m.extensions?.event?.type === 'account.updated';
      const [fromA, fromB] = await Promise.all([a.until(updated), b.until(updated)]);
      assert.equal(fromA.data?.accountUpdated.displayName, 'Written on the replica');
      assert.equal(fromB.data?.accountUpdated.displayName, 'Written on the replica');
      assert.equal(fromA.extensions?.event?.id, fromB.extensions?.event?.id);
    } finally {
      a.close();
      b.close();
      await Promise.all([onPrimary.dispose(), onReplica.dispose()]);
    }
  });

  test("refuses another tenant's account and malformed arguments", async () => {
    const stranger = await createTestTenant();
    const id = await createAccountVia(platform.url, tenant.apiKey, 'Private Co');
    const client = subscriptionClient(platform.wsUrl, stranger.apiKey);
    try {
      const foreign = subscribe(client, ACCOUNT_UPDATED, { id });
      const refused = await foreign.next();
      assert.match(JSON.stringify(refused.errors), /NOT_FOUND/);
      const malformed = subscribe(client, ACCOUNT_UPDATED, { id: 'nope' });
      assert.match(JSON.stringify((await malformed.next()).errors), /BAD_USER_INPUT/);
      const badCursor = subscribe(client, ACCOUNT_UPDATED, { id, after: 'evt_x' });
      assert.match(JSON.stringify((await badCursor.next()).errors), /BAD_USER_INPUT/);
      const query = subscribe(client, '{ currencies { code } }');
      assert.match(JSON.stringify((await query.next()).errors), /Only subscriptions/);
    } finally {
      await client.dispose();
    }
  });
});
