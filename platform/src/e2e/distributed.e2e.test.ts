import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { assertNoSecrets, captureChildOutput, closeTestPools, freePort, postGraphQL, queryOk, testDatabaseUrl, testRedisUrl, waitUntilReady } from '@orquesta/testing';
import { createTestTenant, type TestTenant } from '../testing';

// Distributed mode with the same code: the gateway and two subgraphs as separate processes.
const DIST = join(__dirname, '..', 'distributed');

const ports: Record<string, number> = {};
const processes = new Map<string, ChildProcess>();
// Everything each process printed (request logs included), checked for secrets at the end.
const outputs: Array<{ name: string; text(): string }> = [];
let gatewayUrl: string;
let tenant: TestTenant;

function env(port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: testRedisUrl(),
    ORQUESTA_LOG_LEVEL: 'info',
    PORT: String(port),
    ORQUESTA_ACCOUNTS_URL: `http://127.0.0.1:${ports.accounts}/graphql`,
    ORQUESTA_AGENTS_URL: `http://127.0.0.1:${ports.agents}/graphql`,
    // Not started in this test: the gateway must still serve what it can.
    ORQUESTA_PAYMENTS_URL: `http://127.0.0.1:${ports.unused}/graphql`,
    ORQUESTA_STREAMS_URL: `http://127.0.0.1:${ports.unused}/graphql`,
    ORQUESTA_TREASURY_URL: `http://127.0.0.1:${ports.unused}/graphql`,
  };
}

async function start(name: string, script: string, args: string[] = []): Promise<void> {
  const child = spawn(process.execPath, [join(DIST, script), ...args], { env: env(ports[name]), stdio: ['ignore', 'pipe', 'pipe'] });
  outputs.push({ name, ...captureChildOutput(child) });
  processes.set(name, child);
  await waitUntilReady(ports[name]);
}

function kill(name: string): Promise<void> {
  const child = processes.get(name)!;
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

before(async () => {
  for (const name of ['accounts', 'agents', 'gateway', 'unused']) ports[name] = await freePort();
  await Promise.all([start('accounts', 'subgraph-main.js', ['accounts']), start('agents', 'subgraph-main.js', ['agents'])]);
  await start('gateway', 'gateway-main.js');
  gatewayUrl = `http://127.0.0.1:${ports.gateway}/graphql`;
  tenant = await createTestTenant();
});

after(async () => {
  for (const name of [...processes.keys()]) await kill(name).catch(() => undefined);
  await closeTestPools();
  for (const output of outputs) assertNoSecrets(output.text(), `the ${output.name} process`);
});

const WITH_AGENTS = `{ accounts { nodes { name agents { name } } } }`;

describe('distributed mode', () => {
  test('the gateway federates subgraphs running as separate processes', async () => {
    const created = await queryOk(gatewayUrl, tenant.apiKey, 'mutation { createAccount(input: { type: BUSINESS, name: "Distributed SA" }) { account { id } } }');
    const accountId = created.createAccount.account.id;
    await queryOk(gatewayUrl, tenant.apiKey, `mutation($id: ID!) { createAgent(input: { accountId: $id, name: "Remote bot" }) { agent { id } } }`, { id: accountId });
    const data = await queryOk(gatewayUrl, tenant.apiKey, WITH_AGENTS);
    assert.deepEqual(data.accounts.nodes, [{ name: 'Distributed SA', agents: [{ name: 'Remote bot' }] }]);
  });

  test('a crashed subgraph gives clients a clean error, and the graph recovers when it restarts', async () => {
    await kill('agents');
    const degraded = await postGraphQL(gatewayUrl, tenant.apiKey, WITH_AGENTS);
    assert.equal(degraded.status, 200);
    assert.deepEqual(degraded.errors?.map((error) => error.extensions?.code), ['SERVICE_UNAVAILABLE']);
    assert.doesNotMatch(JSON.stringify(degraded), /ECONNREFUSED|stack|agents/i);
    const unaffected = await queryOk(gatewayUrl, tenant.apiKey, '{ accounts { nodes { name } } }');
    assert.deepEqual(unaffected.accounts.nodes, [{ name: 'Distributed SA' }]);

    await start('agents', 'subgraph-main.js', ['agents']);
    const recovered = await queryOk(gatewayUrl, tenant.apiKey, WITH_AGENTS);
    assert.deepEqual(recovered.accounts.nodes, [{ name: 'Distributed SA', agents: [{ name: 'Remote bot' }] }]);
  });

  test('a subgraph port answers nothing to a request that did not come through the gateway', async () => {
    const response = await fetch(`http://127.0.0.1:${ports.accounts}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.apiKey}` },
      body: JSON.stringify({ query: '{ accounts { nodes { id } } }' }),
    });
    assert.equal(response.status, 401);
    assert.equal(await response.text(), '');
  });
});
