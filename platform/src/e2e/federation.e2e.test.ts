import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeTestPools, postGraphQL, queryOk } from '@orquesta/testing';
import { createTestTenant, startTestPlatform, type TestTenant } from '../testing';
import type { Platform } from '../platform';

const CREATE_ACCOUNT = `mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id name type email verificationTier verificationStatus livemode } } }`;
const CREATE_AGENT = `mutation($input: CreateAgentInput!) { createAgent(input: $input) { agent { id name status kyaTier kyaStatus account { id name } } } }`;

let platform: Platform;
let tenant: TestTenant;
let other: TestTenant;

async function createAccount(who: TestTenant, name: string, type = 'BUSINESS'): Promise<string> {
  const data = await queryOk(platform.url, who.apiKey, CREATE_ACCOUNT, { input: { type, name, email: `${name.replace(/\W/g, '').toLowerCase()}@example.com` } });
  return data.createAccount.account.id;
}

before(async () => {
  platform = await startTestPlatform();
  [tenant, other] = await Promise.all([createTestTenant(), createTestTenant()]);
});

after(async () => {
  await platform.stop();
  await closeTestPools();
});

describe('the federated graph', () => {
  test('resolves one query across accounts, agents, payments, streams and treasury', async () => {
    const accountId = await createAccount(tenant, 'Andes Import SAS');
    const agent = await queryOk(platform.url, tenant.apiKey, CREATE_AGENT, { input: { accountId, name: 'Payables bot', description: 'pays invoices' } });
    assert.equal(agent.createAgent.agent.account.name, 'Andes Import SAS', 'Agent.account resolved by the accounts subgraph');
    assert.equal(agent.createAgent.agent.status, 'ACTIVE');

    const data = await queryOk(
      platform.url,
      tenant.apiKey,
      `query($id: ID!) {
        account(id: $id) { id name type agents { id name account { id } } transfers(first: 5) { nodes { id } pageInfo { hasNextPage } } streams { nodes { id } } }
        currencies { code scale }
        fxRate(from: "USD", to: "MXN") { from to rate }
      }`,
      { id: accountId },
    );
    assert.equal(data.account.name, 'Andes Import SAS');
    assert.deepEqual(data.account.agents.map((a: { name: string }) => a.name), ['Payables bot']);
    assert.equal(data.account.agents[0].account.id, accountId);
    assert.deepEqual(data.account.transfers, { nodes: [], pageInfo: { hasNextPage: false } });
    assert.deepEqual(data.account.streams, { nodes: [] });
    assert.deepEqual(
      data.currencies.map((c: { code: string }) => c.code).sort(),
      ['ARS', 'BRL', 'COP', 'KES', 'MXN', 'USD', 'USDC'],
    );
    assert.equal(data.currencies.find((c: { code: string }) => c.code === 'USDC').scale, 6);
    assert.match(data.fxRate.rate, /^\d+(\.\d+)?$/);
  });

  test('pages accounts newest first with cursors and filters by type and search', async () => {
    const own = await createTestTenant();
    const ids: string[] = [];
    for (const name of ['Alpha 50% Ltd', 'Beta SA', 'Gamma Person']) ids.push(await createAccount(own, name, name.includes('Person') ? 'PERSON' : 'BUSINESS'));
    const first = await queryOk(platform.url, own.apiKey, `{ accounts(first: 2) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`);
    assert.deepEqual(first.accounts.edges.map((e: { node: { id: string } }) => e.node.id), [ids[2], ids[1]]);
    assert.equal(first.accounts.pageInfo.hasNextPage, true);
    const second = await queryOk(platform.url, own.apiKey, `query($after: String) { accounts(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage } } }`, {
      after: first.accounts.pageInfo.endCursor,
    });
    assert.deepEqual(second.accounts.nodes.map((n: { id: string }) => n.id), [ids[0]]);
    assert.equal(second.accounts.pageInfo.hasNextPage, false);

    const people = await queryOk(platform.url, own.apiKey, `{ accounts(filter: { type: PERSON }) { nodes { name } } }`);
    assert.deepEqual(people.accounts.nodes, [{ name: 'Gamma Person' }]);
    const percent = await queryOk(platform.url, own.apiKey, `{ accounts(filter: { search: "50%" }) { nodes { name } } }`);
    assert.deepEqual(percent.accounts.nodes, [{ name: 'Alpha 50% Ltd' }], 'LIKE wildcards in a search are literal');
  });

  test('updates only the fields given; null removes the email; verification is not client-writable', async () => {
    const accountId = await createAccount(tenant, 'Before Rename');
    const UPDATE = `mutation($input: UpdateAccountInput!) { updateAccount(input: $input) { account { id name email verificationTier verificationStatus createdAt updatedAt } } }`;
    const renamed = await queryOk(platform.url, tenant.apiKey, UPDATE, { input: { id: accountId, name: 'After Rename' } });
    assert.equal(renamed.updateAccount.account.name, 'After Rename');
    assert.equal(renamed.updateAccount.account.email, 'beforerename@example.com');
    assert.ok(renamed.updateAccount.account.updatedAt > renamed.updateAccount.account.createdAt);
    const cleared = await queryOk(platform.url, tenant.apiKey, UPDATE, { input: { id: accountId, email: null } });
    assert.deepEqual(
      { ...cleared.updateAccount.account, createdAt: undefined, updatedAt: undefined },
      { id: accountId, name: 'After Rename', email: null, verificationTier: 0, verificationStatus: 'UNVERIFIED', createdAt: undefined, updatedAt: undefined },
    );
    const selfVerify = await postGraphQL(platform.url, tenant.apiKey, `mutation($id: ID!) { updateAccount(input: { id: $id, verificationTier: 3 }) { account { id } } }`, { id: accountId });
    assert.equal(selfVerify.errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    const nullName = await postGraphQL(platform.url, tenant.apiKey, UPDATE, { input: { id: accountId, name: null } });
    assert.equal(nullName.errors?.[0].extensions?.field, 'input.name');
  });
});

describe('errors a client can act on', () => {
  test('a missing or wrong API key is UNAUTHENTICATED and reveals nothing else', async () => {
    for (const key of [undefined, 'pk_test_' + '0'.repeat(64), 'not-a-key', 'pk_live_' + 'f'.repeat(64)]) {
      const response = await postGraphQL(platform.url, key, '{ accounts { nodes { id } } }');
      assert.equal(response.status, 401);
      assert.deepEqual(response.errors, [{ message: 'Authentication required', extensions: { code: 'UNAUTHENTICATED' } }]);
      assert.equal(response.data, undefined);
    }
  });

  test('invalid input is BAD_USER_INPUT naming the field, and nothing is written', async () => {
    const own = await createTestTenant();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'PERSON', name: '   ' }, 'input.name'],
      [{ type: 'PERSON', name: 'x'.repeat(201) }, 'input.name'],
      [{ type: 'PERSON', name: 'Ok', email: 'not-an-email' }, 'input.email'],
    ];
    for (const [input, field] of cases) {
      const response = await postGraphQL(platform.url, own.apiKey, CREATE_ACCOUNT, { input });
      assert.equal(response.errors?.[0].extensions?.code, 'BAD_USER_INPUT', JSON.stringify(input));
      assert.equal(response.errors?.[0].extensions?.field, field);
    }
    const enumError = await postGraphQL(platform.url, own.apiKey, CREATE_ACCOUNT, { input: { type: 'ROBOT', name: 'x' } });
    assert.equal(enumError.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    const rename = await postGraphQL(platform.url, own.apiKey, `mutation { updateAccount(input: { id: "${await createAccount(own, 'Tier')}", name: "" }) { account { id } } }`);
    assert.equal(rename.errors?.[0].extensions?.field, 'input.name');
    const page = await postGraphQL(platform.url, own.apiKey, '{ accounts(first: 101) { nodes { id } } }');
    assert.equal(page.errors?.[0].extensions?.field, 'first');
    const cursor = await postGraphQL(platform.url, own.apiKey, '{ accounts(after: "garbage") { nodes { id } } }');
    assert.equal(cursor.errors?.[0].extensions?.field, 'after');

    const listed = await queryOk(platform.url, own.apiKey, '{ accounts { nodes { name } } }');
    assert.deepEqual(listed.accounts.nodes, [{ name: 'Tier' }], 'only the one valid account exists');
  });

  test("another tenant's ids are NOT_FOUND on every query and mutation", async () => {
    const foreignAccount = await createAccount(other, 'Other Tenant Co');
    const foreignAgent = (await queryOk(platform.url, other.apiKey, CREATE_AGENT, { input: { accountId: foreignAccount, name: 'Foreign bot' } })).createAgent.agent.id;

    const read = await postGraphQL(platform.url, tenant.apiKey, `query($id: ID!) { account(id: $id) { id name } }`, { id: foreignAccount });
    assert.equal(read.errors?.[0].extensions?.code, 'NOT_FOUND');
    assert.equal(read.data?.account, null);
    const agent = await postGraphQL(platform.url, tenant.apiKey, `query($id: ID!) { agent(id: $id) { id } }`, { id: foreignAgent });
    assert.equal(agent.errors?.[0].extensions?.code, 'NOT_FOUND');
    const update = await postGraphQL(platform.url, tenant.apiKey, `mutation($id: ID!) { updateAccount(input: { id: $id, name: "Hijacked" }) { account { id } } }`, { id: foreignAccount });
    assert.equal(update.errors?.[0].extensions?.code, 'NOT_FOUND');
    const adopt = await postGraphQL(platform.url, tenant.apiKey, CREATE_AGENT, { input: { accountId: foreignAccount, name: 'Intruder' } });
    assert.equal(adopt.errors?.[0].extensions?.code, 'NOT_FOUND');
    const filtered = await queryOk(platform.url, tenant.apiKey, `query($id: ID!) { agents(filter: { accountId: $id }) { nodes { id } } }`, { id: foreignAccount });
    assert.deepEqual(filtered.agents.nodes, []);
    const list = await queryOk(platform.url, tenant.apiKey, '{ accounts(first: 100) { nodes { id } } agents(first: 100) { nodes { id } } }');
    assert.ok(!list.accounts.nodes.some((n: { id: string }) => n.id === foreignAccount));
    assert.ok(!list.agents.nodes.some((n: { id: string }) => n.id === foreignAgent));

    const untouched = await queryOk(platform.url, other.apiKey, `query($id: ID!) { account(id: $id) { name agents { name } } }`, { id: foreignAccount });
    assert.deepEqual(untouched.account, { name: 'Other Tenant Co', agents: [{ name: 'Foreign bot' }] });
  });

  test('malformed documents and abusive shapes are refused with a code, never a 500', async () => {
    const syntax = await postGraphQL(platform.url, tenant.apiKey, '{ accounts { ');
    assert.equal(syntax.errors?.[0].extensions?.code, 'GRAPHQL_PARSE_FAILED');
    const unknown = await postGraphQL(platform.url, tenant.apiKey, '{ nope }');
    assert.equal(unknown.errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    const deep = `{ accounts { nodes { agents { account { agents { account { agents { account { agents { account { agents { account { id } } } } } } } } } } } } }`;
    const tooDeep = await postGraphQL(platform.url, tenant.apiKey, deep);
    assert.equal(tooDeep.errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.match(tooDeep.errors![0].message, /deeper than 12/);
    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: currencies { code }`).join(' ')} }`;
    const tooMany = await postGraphQL(platform.url, tenant.apiKey, aliases);
    assert.equal(tooMany.errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.match(tooMany.errors![0].message, /more than 30 aliases/);
    const notJson = await fetch(platform.url, { method: 'POST', headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' }, body: '{"query": ' });
    assert.equal(notJson.status, 400);
    const huge = await fetch(platform.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ currencies { code } }`, variables: { pad: 'x'.repeat(600_000) } }),
    });
    assert.equal(huge.status, 413);
    const decimal = await postGraphQL(platform.url, tenant.apiKey, '{ fxRate(from: "USD", to: "XYZ") { rate } }');
    assert.equal(decimal.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.equal(decimal.errors?.[0].extensions?.field, 'to');
  });
});
