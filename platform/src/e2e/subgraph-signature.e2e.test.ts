import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { CONTEXT_HEADER, SIGNATURE_HEADER, encodeContext, loadConfig } from '@orquesta/context';
import { databaseUrls } from '@orquesta/db';
import { createSubgraph, listenSubgraph, type Subgraph } from '@orquesta/graphql';
import { closeTestPools, testDatabaseUrl } from '@orquesta/testing';
import { createTestTenant, type TestTenant } from '../testing';
import { findSubgraph } from '../subgraph-registry';

// A subgraph reached directly, as an attacker inside the network would: it must answer nothing
// without the gateway's signature, and `_entities` is no back door.
const secret = loadConfig({}).contextSecret;
let dataSource: DataSource;
let subgraph: Subgraph;
let server: Server;
let url: string;
let tenant: TestTenant;

before(async () => {
  const module = findSubgraph('accounts')!;
  dataSource = module.createDataSource(databaseUrls(testDatabaseUrl()).app, 2);
  await dataSource.initialize();
  subgraph = createSubgraph(await module.define(dataSource), secret);
  server = await listenSubgraph(subgraph, 0);
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  tenant = await createTestTenant();
});

after(async () => {
  server.close();
  await subgraph.close();
  await dataSource.destroy();
  await closeTestPools();
});

async function call(headers: Record<string, string>, query: string, variables?: unknown) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: await response.text() };
}

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id name } } }`;

describe('a subgraph reached directly', () => {
  test('answers a request the gateway signed', async () => {
    const signed = encodeContext(tenant.request, secret);
    const response = await call({ ...signed }, '{ accounts { nodes { id } } }');
    assert.equal(response.status, 200);
    assert.deepEqual(JSON.parse(response.body), { data: { accounts: { nodes: [] } } });
  });

  test('answers nothing without a signature, with a forged one, or with a tampered context', async () => {
    const unsigned = await call({}, '{ accounts { nodes { id } } }');
    assert.deepEqual(unsigned, { status: 401, body: '' });

    const signed = encodeContext(tenant.request, secret);
    const forgedSignature = await call({ [CONTEXT_HEADER]: signed[CONTEXT_HEADER], [SIGNATURE_HEADER]: 'A'.repeat(43) }, '{ accounts { nodes { id } } }');
    assert.deepEqual(forgedSignature, { status: 401, body: '' });

    const other = await createTestTenant();
    const tampered = Buffer.from(JSON.stringify({ ctx: other.request, exp: Date.now() + 60_000 })).toString('base64url');
    const swapped = await call({ [CONTEXT_HEADER]: tampered, [SIGNATURE_HEADER]: signed[SIGNATURE_HEADER] }, '{ accounts { nodes { id } } }');
    assert.deepEqual(swapped, { status: 401, body: '' });

    const wrongSecret = encodeContext(tenant.request, 'someone-elses-secret-of-sufficient-length');
    assert.deepEqual(await call({ ...wrongSecret }, '{ accounts { nodes { id } } }'), { status: 401, body: '' });
  });

  test('_entities needs the signature too, and only resolves the signed tenant\'s entities', async () => {
    const owner = await createTestTenant();
    const id = (
      JSON.parse(
        (await call({ ...encodeContext(owner.request, secret) }, 'mutation { createAccount(input: { type: PERSON, name: "Entity Owner" }) { account { id } } }')).body,
      ) as { data: { createAccount: { account: { id: string } } } }
    ).data.createAccount.account.id;
    const representations = [{ __typename: 'Account', id }];
    assert.deepEqual(await call({}, ENTITIES, { r: representations }), { status: 401, body: '' });
    const asOwner = JSON.parse((await call({ ...encodeContext(owner.request, secret) }, ENTITIES, { r: representations })).body);
    assert.deepEqual(asOwner.data._entities, [{ id, name: 'Entity Owner' }]);
    const asStranger = JSON.parse((await call({ ...encodeContext(tenant.request, secret) }, ENTITIES, { r: representations })).body);
    assert.deepEqual(asStranger.data._entities, [null]);
  });
});
