import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Actor } from '@orquesta/context';
import { createSubgraphDataSource, databaseUrls, type TenantScope } from '@orquesta/db';
import { fail, ok, type Result } from '@orquesta/graphql';
import { closeTestPools, createTestScope, testDatabaseUrl, testSystemPool } from '@orquesta/testing';
import { balanceOf, customerBalance, systemAccount } from './ledger-account';
import { createLedger } from './ledger';
import { readLedgerAccount } from './ledger-reads';
import { createMoneyPath, type MoneyPath } from './money-mutation';

const actor: Actor = { type: 'system', id: 'money-path-test' };
let dataSource: DataSource;
let scope: TenantScope;
let moveMoney: MoneyPath;

before(async () => {
  dataSource = createSubgraphDataSource({ schema: 'ledger', url: databaseUrls(testDatabaseUrl()).app, entities: [], poolSize: 4 });
  await dataSource.initialize();
  const tenant = createTestScope();
  scope = { tenantId: tenant.tenantId, livemode: tenant.livemode };
  moveMoney = createMoneyPath({ dataSource, ledger: createLedger() });
});

after(async () => {
  await dataSource.destroy();
  await closeTestPools();
});

async function available(owner: string): Promise<bigint> {
  const account = await readLedgerAccount(dataSource, scope, customerBalance(owner, 'USD'));
  return account ? balanceOf(account).availableMinor : 0n;
}

/** A deposit through the money path, whose extra work and replay are counted. */
function deposit(owner: string, amountMinor: bigint, key: string, within: () => Result<string> = () => ok('moved')) {
  const calls = { within: 0, replay: [] as string[] };
  const result = moveMoney<string>({
    scope,
    actor,
    operation: 'testDeposit',
    idempotencyKey: key,
    parameters: { owner, amountMinor },
    plan: (_tx, { resourceId }) =>
      ok({
        operations: [{ kind: 'transfer', debit: systemAccount(scope, 'rail_settlement', 'USD', 'test'), credit: customerBalance(owner, 'USD'), amountMinor, code: 'deposit', reference: resourceId }],
        events: [{ type: 'test.deposited', entityType: 'Account', entityId: owner, entityVersion: 1, payload: { resourceId }, actor }],
        within: () => {
          calls.within += 1;
          return within();
        },
      }),
    replay: async (resourceId) => {
      calls.replay.push(resourceId);
      return ok(`replay of ${resourceId}`);
    },
  });
  return { result, calls };
}

describe('the money path', () => {
  test('moves the money, writes the caller events after balance.changed in the same commit, and runs the extra work once', async () => {
    const owner = randomUUID();
    const { result, calls } = deposit(owner, 500n, `k-${randomUUID()}`);
    assert.deepEqual(await result, ok('moved'));
    assert.equal(calls.within, 1);
    assert.equal(await available(owner), 500n);
    const { rows } = await testSystemPool().query<{ type: string; txid: string }>(
      'SELECT type, txid::text AS txid FROM events.events WHERE tenant_id = $1 AND entity_id = $2 ORDER BY id',
      [scope.tenantId, owner],
    );
    assert.deepEqual(rows.map((row) => row.type), ['balance.changed', 'test.deposited']);
    assert.equal(new Set(rows.map((row) => row.txid)).size, 1, 'one commit');
  });

  test('a retry with the same key and parameters replays the original: no movement, no extra work', async () => {
    const owner = randomUUID();
    const key = `k-${randomUUID()}`;
    await deposit(owner, 300n, key).result;
    const again = deposit(owner, 300n, key);
    const answer = await again.result;
    assert.ok(answer.ok && answer.value.startsWith('replay of '), JSON.stringify(answer));
    assert.equal(again.calls.within, 0);
    assert.equal(again.calls.replay.length, 1);
    assert.equal(await available(owner), 300n);
    const other = await deposit(owner, 301n, key).result;
    assert.equal(!other.ok && other.error.code, 'IDEMPOTENCY_KEY_REUSED');
  });

  test('a failure in the extra work rolls the movement, its events and the key back', async () => {
    const owner = randomUUID();
    const key = `k-${randomUUID()}`;
    const refused = await deposit(owner, 200n, key, () => fail({ code: 'CONFLICT', message: 'usage limit reached' })).result;
    assert.equal(!refused.ok && refused.error.code, 'CONFLICT');
    assert.equal(await available(owner), 0n);
    const { rows } = await testSystemPool().query('SELECT 1 FROM events.events WHERE tenant_id = $1 AND entity_id = $2', [scope.tenantId, owner]);
    assert.equal(rows.length, 0);
    // The key was never claimed: the same key now moves the money.
    assert.deepEqual(await deposit(owner, 200n, key).result, ok('moved'));
    assert.equal(await available(owner), 200n);
  });

  test('refuses a malformed key before any transaction', async () => {
    const { result, calls } = deposit(randomUUID(), 1n, 'has spaces');
    const refused = await result;
    assert.equal(!refused.ok && refused.error.code, 'BAD_USER_INPUT');
    assert.equal(calls.within, 0);
  });
});
