import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { getIntrospectionQuery } from 'graphql';
import { tapLogs } from '@orquesta/context';
import { closeTestPools, createAccountVia, postGraphQL, queryOk, subscribe, subscriptionClient } from '@orquesta/testing';
import { createTestTenant, startTestPlatform, type TestTenant } from '../testing';
import type { Platform } from '../platform';
import { ALIASES_MAX, BATCH_MAX, COST_MAX, DEPTH_MAX, TOKENS_MAX } from '@orquesta/gateway';

let platform: Platform;
let testTenant: TestTenant;
let liveTenant: TestTenant;

before(async () => {
  platform = await startTestPlatform();
  testTenant = await createTestTenant();
  liveTenant = await createTestTenant({ livemode: true });
});

after(async () => {
  await platform.stop();
  await closeTestPools();
});

// 1 + 100 × (nodes 1 + 10 agents × (1 + account 1 + 10 agents × 2)) = 22,201.
const COSTLY = `{ accounts(first: 100) { nodes { agents { account { agents { id name } } } } } }`;

function post(body: unknown, apiKey = testTenant.apiKey, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(platform.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, ...headers },
    body: JSON.stringify(body),
  });
}

describe('query cost', () => {
  test('refuses an operation above the maximum cost with QUERY_TOO_COMPLEX and 400', async () => {
    const response = await postGraphQL(platform.url, testTenant.apiKey, COSTLY);
    assert.equal(response.status, 400);
    assert.equal(response.data, undefined);
    assert.equal(response.errors?.length, 1);
    assert.equal(response.errors![0].extensions?.code, 'QUERY_TOO_COMPLEX');
    assert.equal(response.errors![0].extensions?.cost, 22_201);
    assert.equal(response.errors![0].extensions?.costMax, COST_MAX);
    assert.match(response.errors![0].message, /cost 22201 exceeds the maximum of 5000/);
  });

  test('counts `first` from variables: the same shape with a small page runs', async () => {
    const query = `query($first: Int!) { accounts(first: $first) { nodes { agents { account { agents { id name } } } } } }`;
    const refused = await postGraphQL(platform.url, testTenant.apiKey, query, { first: 100 });
    assert.equal(refused.errors?.[0].extensions?.code, 'QUERY_TOO_COMPLEX');
    const data = await queryOk(platform.url, testTenant.apiKey, query, { first: 2 });
    assert.ok(Array.isArray(data.accounts.nodes));
  });
});

describe('document size', () => {
  test(`refuses a document of more than ${TOKENS_MAX} tokens while parsing`, async () => {
    const query = `{ currencies { ${'code '.repeat(TOKENS_MAX)} } }`;
    const response = await postGraphQL(platform.url, testTenant.apiKey, query);
    assert.equal(response.status, 400);
    assert.equal(response.errors?.[0].extensions?.code, 'GRAPHQL_PARSE_FAILED');
    assert.match(response.errors![0].message, /Document contains more tha[nt] 5000 tokens/);
  });

  test('keeps the depth and alias limits', async () => {
    const deep = `{ account(id: "${randomUUID()}") ${'{ agents { account '.repeat(7)}{ id }${' } }'.repeat(7)} }`;
    const tooDeep = await postGraphQL(platform.url, testTenant.apiKey, deep);
    assert.equal(tooDeep.status, 400);
    assert.equal(tooDeep.errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.match(tooDeep.errors![0].message, new RegExp(`deeper than ${DEPTH_MAX}`));
    const aliases = `{ ${Array.from({ length: ALIASES_MAX + 1 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const tooMany = await postGraphQL(platform.url, testTenant.apiKey, aliases);
    assert.equal(tooMany.errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.match(tooMany.errors![0].message, new RegExp(`more than ${ALIASES_MAX} aliases`));
  });
});

describe('batched requests', () => {
  test(`answers a batch of up to ${BATCH_MAX} operations, each with its own result`, async () => {
    type Result = { data?: Record<string, unknown>; errors?: Array<{ extensions?: { code?: string } }> };
    const batch = Array.from({ length: BATCH_MAX - 1 }, () => ({ query: '{ currencies { code } }' }));
    const response = await post([...batch, { query: 'query Two { __typename }' }]);
    assert.equal(response.status, 200);
    const results = (await response.json()) as Result[];
    assert.equal(results.length, BATCH_MAX);
    assert.ok(results.slice(0, -1).every((result) => Array.isArray(result.data?.currencies)));
    assert.equal(results.at(-1)!.data?.__typename, 'Query');
    // Each operation of a batch meets every limit on its own.
    const mixed = (await (await post([{ query: '{ __typename }' }, { query: COSTLY }])).json()) as Result[];
    assert.equal(mixed[0].data?.__typename, 'Query');
    assert.equal(mixed[1].errors?.[0].extensions?.code, 'QUERY_TOO_COMPLEX');
  });

  test(`refuses a batch of more than ${BATCH_MAX}, and an empty one, with a clear 400`, async () => {
    for (const size of [BATCH_MAX + 1, 0]) {
      const response = await post(Array.from({ length: size }, () => ({ query: '{ __typename }' })));
      assert.equal(response.status, 400);
      const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      assert.equal(body.errors[0].extensions.code, 'BAD_REQUEST');
      assert.match(body.errors[0].message, new RegExp(`between 1 and ${BATCH_MAX} operations; this one has ${size}`));
    }
  });
});

describe('introspection and suggestions follow the mode', () => {
  test('a test-mode key may introspect the whole schema', async () => {
    const data = await queryOk(platform.url, testTenant.apiKey, getIntrospectionQuery());
    assert.equal(data.__schema.queryType.name, 'Query');
    assert.ok(data.__schema.types.some((type: { name: string }) => type.name === 'Account'));
  });

  test('a live-mode key may not, but may still ask for __typename', async () => {
    for (const query of [getIntrospectionQuery(), '{ __type(name: "Account") { name } }', '{ currencies { code } __schema { queryType { name } } }']) {
      const response = await postGraphQL(platform.url, liveTenant.apiKey, query);
      assert.equal(response.status, 400);
      assert.equal(response.data, undefined);
      assert.equal(response.errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
      assert.match(response.errors![0].message, /Introspection is disabled for live-mode credentials/);
    }
    const data = await queryOk(platform.url, liveTenant.apiKey, '{ __typename currencies { code } }');
    assert.equal(data.__typename, 'Query');
  });

  test('"Did you mean" suggestions reach test-mode keys only', async () => {
    const query = '{ accountz(first: 1) { nodes { id } } }';
    const forTest = await postGraphQL(platform.url, testTenant.apiKey, query);
    assert.equal(forTest.errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.match(forTest.errors![0].message, /Cannot query field "accountz" on type "Query"\. Did you mean "account/);
    const forLive = await postGraphQL(platform.url, liveTenant.apiKey, query);
    assert.equal(forLive.errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.equal(forLive.errors![0].message, 'Cannot query field "accountz" on type "Query".');
    const enumTypo = '{ accounts(first: 1, filter: { type: PERSONN }) { nodes { id } } }';
    const liveEnum = await postGraphQL(platform.url, liveTenant.apiKey, enumTypo);
    assert.equal(liveEnum.errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.doesNotMatch(JSON.stringify(liveEnum.errors), /Did you mean|PERSON\b/);
  });
});

describe('subscriptions over graphql-ws keep the same limits', () => {
  async function firstMessage(apiKey: string, query: string, variables?: Record<string, unknown>): Promise<string> {
    const client = subscriptionClient(platform.wsUrl, apiKey);
    const subscription = subscribe(client, query, variables);
    try {
      return JSON.stringify(await subscription.next(5_000));
    } finally {
      subscription.close();
      await client.dispose();
    }
  }

  test('refuses cost, tokens, depth and aliases, and strips suggestions in live mode', async () => {
    const id = await createAccountVia(platform.url, testTenant.apiKey, 'Limits Co');
    const costly = `subscription($id: ID!) { accountUpdated(id: $id) { agents { account { agents { account { agents { account { agents { id } } } } } } } } }`;
    assert.match(await firstMessage(testTenant.apiKey, costly, { id }), /QUERY_TOO_COMPLEX/);
    const huge = `subscription($id: ID!) { accountUpdated(id: $id) { ${'id '.repeat(TOKENS_MAX)} } }`;
    assert.match(await firstMessage(testTenant.apiKey, huge, { id }), /Document contains more tha[nt] 5000 tokens.*GRAPHQL_PARSE_FAILED/);
    const deep = `subscription($id: ID!) { accountUpdated(id: $id) ${'{ agents { account '.repeat(6)}{ id }${' } }'.repeat(6)} }`;
    assert.match(await firstMessage(testTenant.apiKey, deep, { id }), new RegExp(`deeper than ${DEPTH_MAX}`));
    const aliases = `subscription($id: ID!) { accountUpdated(id: $id) { ${Array.from({ length: ALIASES_MAX + 1 }, (_, i) => `a${i}: id`).join(' ')} } }`;
    assert.match(await firstMessage(testTenant.apiKey, aliases, { id }), new RegExp(`more than ${ALIASES_MAX} aliases`));
    const typo = `subscription($id: ID!) { accountUpdated(id: $id) { nam } }`;
    assert.match(await firstMessage(testTenant.apiKey, typo, { id }), /Did you mean/);
    const liveTypo = await firstMessage(liveTenant.apiKey, typo, { id });
    assert.match(liveTypo, /Cannot query field .{1,8}nam.{1,8} on type .{1,8}Account/);
    assert.doesNotMatch(liveTypo, /Did you mean/);
  });
});

describe('request logs', () => {
  test('one line per request: who, what, how long; the key only as its prefix, never the variables', async () => {
    const lines: string[] = [];
    const untap = tapLogs((line) => lines.push(line));
    const requestId = `req-${randomUUID()}`;
    try {
      const response = await post(
        { query: 'query ShowAccount($id: ID!) { account(id: $id) { id } }', variables: { id: randomUUID(), note: 'do-not-log-this-variable' } },
        testTenant.apiKey,
        { 'x-request-id': requestId, cookie: 'orquesta_session=do-not-log-this-cookie' },
      );
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('x-request-id'), requestId);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      untap();
    }
    const mine = lines.filter((line) => line.includes(requestId));
    assert.equal(mine.length, 1, mine.join(''));
    const entry = JSON.parse(mine[0]);
    assert.equal(entry.level, 'info');
    assert.equal(entry.msg, 'request');
    assert.equal(entry.service, 'gateway');
    assert.equal(entry.method, 'POST');
    assert.equal(entry.path, '/graphql');
    assert.equal(entry.status, 200);
    assert.equal(typeof entry.durationMs, 'number');
    assert.equal(entry.tenantId, testTenant.tenantId);
    assert.equal(entry.livemode, false);
    assert.equal(entry.actorType, 'api_key');
    assert.equal(entry.actorId, testTenant.apiKeyId);
    assert.equal(entry.operationName, 'ShowAccount');
    assert.equal(entry.credentialPrefix, `Bearer ${testTenant.apiKey.slice(0, 16)}…`);
    assert.ok(!mine[0].includes(testTenant.apiKey));
    assert.doesNotMatch(mine[0], /do-not-log-this/);
  });

  test('a refused credential is logged as a 401 without the credential', async () => {
    const lines: string[] = [];
    const untap = tapLogs((line) => lines.push(line));
    const requestId = `req-${randomUUID()}`;
    const wrongKey = `pk_live_${'ab'.repeat(32)}`;
    try {
      const response = await post({ query: '{ __typename }' }, wrongKey, { 'x-request-id': requestId });
      assert.equal(response.status, 401);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      untap();
    }
    const entry = JSON.parse(lines.find((line) => line.includes(requestId))!);
    assert.equal(entry.status, 401);
    assert.equal(entry.tenantId, null);
    assert.equal(entry.credentialPrefix, 'Bearer pk_live_abababab…');
  });

  test('a websocket gets one line when it closes, with who held it and never the credential', async () => {
    const lines: string[] = [];
    const untap = tapLogs((line) => lines.push(line));
    const tenant = await createTestTenant();
    try {
      const id = await createAccountVia(platform.url, tenant.apiKey, 'Socket Co');
      const client = subscriptionClient(platform.wsUrl, tenant.apiKey);
      const subscription = subscribe(client, 'subscription($id: ID!) { accountUpdated(id: $id) { id } }', { id });
      await subscription.quiet(200);
      subscription.close();
      await client.dispose();
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      untap();
    }
    const closed = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'websocket closed' && entry.tenantId === tenant.tenantId);
    assert.equal(closed.length, 1);
    assert.equal(closed[0].actorType, 'api_key');
    assert.equal(closed[0].actorId, tenant.apiKeyId);
    assert.equal(typeof closed[0].durationMs, 'number');
    assert.ok(!lines.some((line) => line.includes(tenant.apiKey)));
  });
});
