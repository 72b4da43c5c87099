import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createSubgraphDataSource, databaseUrls, type TenantScope } from '@orquesta/db';
import type { Result } from '@orquesta/graphql';
import { closeTestPools, createTestScope, testDatabaseUrl, testSystemPool } from '@orquesta/testing';
import { customerBalance, ledgerAccountId, systemAccount } from './ledger-account';
import { createLedger, type ExecuteOptions, type LedgerOperation, type LedgerOutcome } from './ledger';
import { fingerprint, withTenantResult } from './idempotency';
import { forgetExpiredIdempotencyKeys, releaseExpiredHolds } from './ledger-maintenance.job';

const ledger = createLedger();
const show = (value: unknown) => JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${v}n` : v));
let dataSource: DataSource;
let scope: TenantScope;

before(async () => {
  dataSource = createSubgraphDataSource({ schema: 'ledger', url: databaseUrls(testDatabaseUrl()).app, entities: [], poolSize: 12 });
  await dataSource.initialize();
  const tenant = createTestScope();
  scope = { tenantId: tenant.tenantId, livemode: tenant.livemode };
});

after(async () => {
  await dataSource.destroy();
  await closeTestPools();
});

function run(operations: LedgerOperation[], options: ExecuteOptions = {}): Promise<Result<LedgerOutcome>> {
  return withTenantResult(dataSource, scope, (manager) => ledger.execute(manager, scope, operations, options));
}

async function deposit(owner: string, amountMinor: bigint, currency = 'USD'): Promise<void> {
  const result = await run([
    { kind: 'transfer', debit: systemAccount(scope, 'rail_settlement', currency, 'test'), credit: customerBalance(owner, currency), amountMinor, code: 'deposit' },
  ]);
  assert.ok(result.ok, show(result));
}

function move(from: string, to: string, amountMinor: bigint, extra: Partial<Extract<LedgerOperation, { kind: 'transfer' }>> = {}): LedgerOperation {
  return { kind: 'transfer', debit: customerBalance(from, 'USD'), credit: customerBalance(to, 'USD'), amountMinor, code: 'internal_transfer', ...extra };
}

async function columns(owner: string, currency = 'USD') {
  const { rows } = await testSystemPool().query(
    'SELECT debits_pending::text AS dp, debits_posted::text AS dpo, credits_pending::text AS cp, credits_posted::text AS cpo FROM ledger.accounts WHERE id = $1',
    [ledgerAccountId(scope, customerBalance(owner, currency))],
  );
  const row = rows[0] ?? { dp: '0', dpo: '0', cp: '0', cpo: '0' };
  return { debitsPending: BigInt(row.dp), debitsPosted: BigInt(row.dpo), creditsPending: BigInt(row.cp), creditsPosted: BigInt(row.cpo) };
}

async function available(owner: string): Promise<bigint> {
  const c = await columns(owner);
  return c.creditsPosted - c.debitsPosted - c.debitsPending;
}

function holdId(result: Result<LedgerOutcome>): string {
  assert.ok(result.ok && !result.value.replayed, show(result));
  return (result.value as Extract<LedgerOutcome, { replayed: false }>).transfers[0].id;
}

describe('the ledger', () => {
  test('moves money between accounts with balanced entries, and announces both balances', async () => {
    const [alice, bob] = [randomUUID(), randomUUID()];
    await deposit(alice, 10_000n);
    const result = await run([move(alice, bob, 2_550n, { reference: 'ref-1' })], { actor: { type: 'system', id: 'test' } });
    assert.ok(result.ok);
    assert.equal(await available(alice), 7_450n);
    assert.equal(await available(bob), 2_550n);
    const { rows: entries } = await testSystemPool().query(
      "SELECT e.direction, e.phase, e.amount_minor::text AS amount FROM ledger.entries e JOIN ledger.transfers t ON t.id = e.transfer_id WHERE t.reference = 'ref-1' AND t.tenant_id = $1 ORDER BY direction",
      [scope.tenantId],
    );
    assert.deepEqual(entries, [
      { direction: 'credit', phase: 'posted', amount: '2550' },
      { direction: 'debit', phase: 'posted', amount: '2550' },
    ]);
    const { rows: events } = await testSystemPool().query(
      "SELECT entity_id, payload FROM events.events WHERE tenant_id = $1 AND type = 'balance.changed' AND payload->>'reference' = 'ref-1' ORDER BY entity_id",
      [scope.tenantId],
    );
    assert.deepEqual(
      events.map((event) => [event.entity_id, event.payload.available]).sort(),
      [[alice, '74.50'], [bob, '25.50']].sort(),
    );
  });

  test('refuses to overdraw with the available amount, and writes nothing', async () => {
    const [alice, bob] = [randomUUID(), randomUUID()];
    await deposit(alice, 1_000n);
    const before = await testSystemPool().query('SELECT count(*)::int AS n FROM ledger.transfers WHERE tenant_id = $1', [scope.tenantId]);
    const result = await run([move(alice, bob, 1_001n)]);
    assert.deepEqual(result, { ok: false, error: { code: 'INSUFFICIENT_FUNDS', accountId: alice, currency: 'USD', available: '10.00' } });
    const afterCount = await testSystemPool().query('SELECT count(*)::int AS n FROM ledger.transfers WHERE tenant_id = $1', [scope.tenantId]);
    assert.equal(afterCount.rows[0].n, before.rows[0].n);
    assert.equal(await available(alice), 1_000n);
    assert.deepEqual(await columns(bob), { debitsPending: 0n, debitsPosted: 0n, creditsPending: 0n, creditsPosted: 0n }, 'no ledger account was left behind');
  });

  test('refuses zero, negative, same-account and mixed-currency transfers', async () => {
    const [alice, bob] = [randomUUID(), randomUUID()];
    await deposit(alice, 1_000n);
    for (const amountMinor of [0n, -5n]) {
      const result = await run([move(alice, bob, amountMinor)]);
      assert.equal(!result.ok && result.error.code, 'BAD_USER_INPUT');
    }
    const same = await run([move(alice, alice, 5n)]);
    assert.equal(!same.ok && same.error.code, 'BAD_USER_INPUT');
    const mixed = await run([{ kind: 'transfer', debit: customerBalance(alice, 'USD'), credit: customerBalance(bob, 'MXN'), amountMinor: 5n, code: 'x' }]);
    assert.equal(!mixed.ok && mixed.error.code, 'BAD_USER_INPUT');
    assert.equal(await available(alice), 1_000n);
  });

  test('holds, then posts in full, posts in part (releasing the rest) or voids', async () => {
    const [alice, bob] = [randomUUID(), randomUUID()];
    await deposit(alice, 10_000n);
    const holdUntil = new Date(Date.now() + 60_000);

    const full = holdId(await run([move(alice, bob, 3_000n, { holdUntil })]));
    assert.deepEqual(await columns(alice), { debitsPending: 3_000n, debitsPosted: 0n, creditsPending: 0n, creditsPosted: 10_000n });
    assert.equal(await available(alice), 7_000n, 'a hold is not spendable');
    assert.equal((await columns(bob)).creditsPending, 3_000n);
    assert.ok((await run([{ kind: 'post', pendingId: full }])).ok);
    assert.equal(await available(alice), 7_000n);
    assert.equal(await available(bob), 3_000n);

    const partial = holdId(await run([move(alice, bob, 2_000n, { holdUntil })]));
    const overPost = await run([{ kind: 'post', pendingId: partial, amountMinor: 2_001n }]);
    assert.equal(!overPost.ok && overPost.error.code, 'BAD_USER_INPUT');
    assert.ok((await run([{ kind: 'post', pendingId: partial, amountMinor: 1_500n }])).ok);
    assert.equal(await available(alice), 5_500n, 'the unposted 5.00 went back');
    assert.equal(await available(bob), 4_500n);

    const voided = holdId(await run([move(alice, bob, 1_000n, { holdUntil })]));
    assert.ok((await run([{ kind: 'void', pendingId: voided }])).ok);
    assert.equal(await available(alice), 5_500n);
    const twice = await run([{ kind: 'post', pendingId: voided }]);
    assert.equal(!twice.ok && twice.error.code, 'CONFLICT', 'a voided hold cannot be posted');
    assert.deepEqual(await columns(alice), { debitsPending: 0n, debitsPosted: 4_500n, creditsPending: 0n, creditsPosted: 10_000n });
  });

  test('releases expired holds from the sweep, and refuses to post them afterwards', async () => {
    const [alice, bob] = [randomUUID(), randomUUID()];
    await deposit(alice, 5_000n);
    const hold = holdId(await run([move(alice, bob, 4_000n, { holdUntil: new Date(Date.now() + 30_000) })]));
    const early = await run([{ kind: 'expire', pendingId: hold }]);
    assert.equal(!early.ok && early.error.code, 'CONFLICT', 'not before its time');

    const later = new Date(Date.now() + 31_000);
    const late = await run([{ kind: 'post', pendingId: hold }], { now: later });
    assert.equal(!late.ok && late.error.code, 'CONFLICT', 'an expired hold cannot be posted');
    const released = await releaseExpiredHolds({ systemPool: testSystemPool(), dataSource, ledger }, later);
    assert.ok(released >= 1);
    assert.equal(await available(alice), 5_000n);
    assert.equal((await columns(bob)).creditsPending, 0n);
    const { rows } = await testSystemPool().query('SELECT state FROM ledger.transfers WHERE id = $1', [hold]);
    assert.equal(rows[0].state, 'expired');
  });

  test('a linked group fails as a whole: an overdraft in the second step undoes the first', async () => {
    const [alice, bob, carol] = [randomUUID(), randomUUID(), randomUUID()];
    await deposit(alice, 1_000n);
    const result = await run([move(alice, bob, 600n), move(alice, carol, 600n)]);
    assert.equal(!result.ok && result.error.code, 'INSUFFICIENT_FUNDS');
    assert.equal(!result.ok && result.error.code === 'INSUFFICIENT_FUNDS' && result.error.available, '4.00', 'available before the failing step');
    assert.equal(await available(alice), 1_000n);
    assert.equal(await available(bob), 0n);
    const ok = await run([move(alice, bob, 600n), move(alice, carol, 400n)]);
    assert.ok(ok.ok);
    assert.equal(await available(alice), 0n);
  });

  test('an idempotency key returns the first result, refuses other parameters, and survives a 50-way storm', async () => {
    const [alice, bob] = [randomUUID(), randomUUID()];
    await deposit(alice, 1_000n);
    const key = `storm-${randomUUID()}`;
    const claim = (amountMinor: bigint) => ({ key, operation: 'test', fingerprint: fingerprint({ alice, bob, amountMinor }), resourceId: randomUUID() });
    const results = await Promise.all(Array.from({ length: 50 }, () => run([move(alice, bob, 700n)], { idempotency: claim(700n) })));
    assert.ok(results.every((result) => result.ok), show(results.find((result) => !result.ok)));
    const fresh = results.filter((result) => result.ok && !result.value.replayed);
    assert.equal(fresh.length, 1, 'exactly one call moved money');
    const resourceIds = new Set(results.map((result) => (result.ok && result.value.replayed ? result.value.resourceId : null)).filter(Boolean));
    assert.equal(resourceIds.size, 1, 'every retry got the same resource back');
    assert.equal(await available(alice), 300n);

    const reused = await run([move(alice, bob, 100n)], { idempotency: claim(100n) });
    assert.deepEqual(reused, { ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED', key } });
  });

  test('forgets idempotency keys after a week, and only then', async () => {
    const [alice, bob] = [randomUUID(), randomUUID()];
    await deposit(alice, 1_000n);
    const key = `old-${randomUUID()}`;
    const claim = { key, operation: 'test', fingerprint: fingerprint({ alice }), resourceId: randomUUID() };
    assert.ok((await run([move(alice, bob, 100n)], { idempotency: claim })).ok);
    const pool = testSystemPool();
    const kept = async () => (await pool.query('SELECT 1 FROM ledger.idempotency_keys WHERE key = $1', [key])).rowCount;
    // Age this key alone: other test files' keys must not be touched.
    const age = (days: number) => pool.query(`UPDATE ledger.idempotency_keys SET created_at = now() - make_interval(days => $2) WHERE key = $1`, [key, days]);
    await age(6);
    await forgetExpiredIdempotencyKeys(pool);
    assert.equal(await kept(), 1, 'six days later the key still answers');
    await age(8);
    await forgetExpiredIdempotencyKeys(pool);
    assert.equal(await kept(), 0, 'eight days later it is gone');
  });

  test('32 concurrent clients on 8 hot accounts: money is conserved, nothing goes negative, entries add up', async () => {
    const owners = Array.from({ length: 8 }, () => randomUUID());
    for (const owner of owners) await deposit(owner, 100_000n);
    let moved = 0;
    let refused = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        for (let i = 0; i < 25; i += 1) {
          const from = owners[Math.floor(Math.random() * owners.length)];
          let to = owners[Math.floor(Math.random() * owners.length)];
          if (to === from) to = owners[(owners.indexOf(from) + 1) % owners.length];
          const result = await run([move(from, to, BigInt(1 + Math.floor(Math.random() * 40_000)))]);
          if (result.ok) moved += 1;
          else if (result.error.code === 'INSUFFICIENT_FUNDS') refused += 1;
          else assert.fail(show(result));
        }
      }),
    );
    assert.equal(moved + refused, 800);
    assert.ok(moved > 0);
    const ids = owners.map((owner) => ledgerAccountId(scope, customerBalance(owner, 'USD')));
    const { rows } = await testSystemPool().query(
      `SELECT a.id, (a.credits_posted - a.debits_posted)::text AS balance,
              (SELECT coalesce(sum(CASE e.direction WHEN 'credit' THEN e.amount_minor ELSE -e.amount_minor END), 0)::text
                 FROM ledger.entries e WHERE e.account_id = a.id AND e.phase = 'posted') AS from_entries,
              (SELECT balance_after_minor::text FROM ledger.entries e WHERE e.account_id = a.id ORDER BY account_version DESC LIMIT 1) AS last_after,
              a.version::text AS version, (SELECT count(*)::text FROM ledger.entries e WHERE e.account_id = a.id) AS entry_count
         FROM ledger.accounts a WHERE a.id = ANY($1::uuid[])`,
      [ids],
    );
    let total = 0n;
    for (const row of rows) {
      assert.ok(BigInt(row.balance) >= 0n, 'no balance below zero');
      assert.equal(row.from_entries, row.balance, 'the entries explain the balance');
      assert.equal(row.last_after, row.balance, 'the last entry carries the balance');
      assert.equal(row.version, row.entry_count, 'one version per entry, no gap');
      total += BigInt(row.balance);
    }
    assert.equal(total, 800_000n, 'no money created or lost');
  });

  test('the database itself refuses an overdraft, a rewritten entry and a deleted account', async () => {
    const alice = randomUUID();
    await deposit(alice, 100n);
    const id = ledgerAccountId(scope, customerBalance(alice, 'USD'));
    const pool = testSystemPool();
    await assert.rejects(pool.query('UPDATE ledger.accounts SET debits_posted = 101 WHERE id = $1', [id]), /debits_within_credits/);
    await assert.rejects(pool.query('UPDATE ledger.entries SET amount_minor = 1 WHERE account_id = $1', [id]), /immutable/);
    await assert.rejects(pool.query('DELETE FROM ledger.accounts WHERE id = $1', [id]), /immutable/);
  });
});
