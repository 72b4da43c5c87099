import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { statementCounter } from '@orquesta/db';
import { closeTestPools, queryOk, testSystemPool } from '@orquesta/testing';
import { createTestTenant, startTestPlatform, type TestTenant } from '../testing';
import type { Platform } from '../platform';
import type { SubgraphName } from '../subgraph-registry';

let platform: Platform;
let tenant: TestTenant;

const QUERY = `query($n: Int!) { accounts(first: $n) { nodes { id name agents { id name } transfers(first: 5) { nodes { id } } streams { nodes { id } } } } }`;
// Agent.account.name sends the gateway back to the accounts subgraph: a second fetch, still batched.
const ROUND_TRIP = `query($n: Int!) { accounts(first: $n) { nodes { id agents { id account { id name } } } } }`;

before(async () => {
  platform = await startTestPlatform();
  tenant = await createTestTenant();
  // 50 accounts with 2 agents each, written directly: this test is about reads.
  await testSystemPool().query(
    `WITH accounts AS (
       INSERT INTO accounts.accounts (id, tenant_id, livemode, type, name)
       SELECT gen_random_uuid(), $1, false, 'business', 'Account ' || n FROM generate_series(1, 50) n RETURNING id)
     INSERT INTO agents.agents (id, tenant_id, livemode, account_id, name)
     SELECT gen_random_uuid(), $1, false, accounts.id, 'Agent ' || k FROM accounts, generate_series(1, 2) k`,
    [tenant.tenantId],
  );
});

after(async () => {
  await platform.stop();
  await closeTestPools();
});

async function statementsFor(first: number, query = QUERY): Promise<Map<SubgraphName, string[]>> {
  const readers = new Map([...platform.dataSources].map(([name, dataSource]) => [name, statementCounter(dataSource).begin()] as const));
  const data = await queryOk(platform.url, tenant.apiKey, query, { n: first });
  assert.equal(data.accounts.nodes.length, first);
  for (const node of data.accounts.nodes) assert.equal(node.agents.length, 2);
  return new Map([...readers].map(([name, read]) => [name, read().statements]));
}

// Transaction framing (BEGIN, set_config, COMMIT) is not data access.
const isData = (sql: string) => /^\s*(SELECT|WITH)\b/i.test(sql) && !/set_config\(/.test(sql);

test('50 accounts with agents, transfers and streams cost one data statement per subgraph', async () => {
  await statementsFor(5); // warm the query plans
  const few = await statementsFor(5);
  const many = await statementsFor(50);
  for (const name of ['accounts', 'agents', 'payments', 'streams'] as const) {
    const dataStatements = many.get(name)!.filter(isData);
    assert.equal(dataStatements.length, 1, `${name}: ${JSON.stringify(dataStatements)}`);
    assert.equal(many.get(name)!.length, few.get(name)!.length, `${name}: statements must not grow with the number of accounts`);
  }
  assert.equal(many.get('treasury')!.length, 0);
});

test('a second trip to the same subgraph is one more batched statement, not one per agent', async () => {
  await statementsFor(5, ROUND_TRIP);
  const few = await statementsFor(5, ROUND_TRIP);
  const many = await statementsFor(50, ROUND_TRIP);
  assert.equal(many.get('accounts')!.filter(isData).length, 2, 'the page, then every agent\'s account at once');
  assert.equal(many.get('agents')!.filter(isData).length, 1);
  for (const name of ['accounts', 'agents'] as const) assert.equal(many.get(name)!.length, few.get(name)!.length);
});
