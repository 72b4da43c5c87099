import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createLedger, customerBalance, withTenantResult } from '@orquesta/ledger';
import { CURRENCIES } from '@orquesta/money';
import { closeTestPools, createAccountVia, depositVia, postGraphQL, queryOk, subscribe, subscriptionClient, testSystemPool } from '@orquesta/testing';
import { createTestTenant, startTestPlatform, type TestTenant } from '../testing';
import type { Platform } from '../platform';

const TRANSFER = `
  mutation($input: CreateInternalTransferInput!) {
    createInternalTransfer(input: $input) {
      transfer {
        id type status description idempotencyKey failureReason completedAt
        amount { amount currency } fee { amount currency }
        initiatedBy { type id name }
        from { id name } to { id name }
      }
    }
  }`;
const BALANCES = 'query($id: ID!) { account(id: $id) { balances { currency available pending total } } }';

let platform: Platform;
let tenant: TestTenant;
let stranger: TestTenant;

before(async () => {
  platform = await startTestPlatform();
  tenant = await createTestTenant();
  stranger = await createTestTenant();
});

after(async () => {
  await platform.stop();
  await closeTestPools();
});

function transfer(input: Record<string, unknown>, apiKey = tenant.apiKey) {
  return postGraphQL(platform.url, apiKey, TRANSFER, { input: { idempotencyKey: randomUUID(), ...input } });
}

async function balances(id: string, apiKey = tenant.apiKey): Promise<Array<{ currency: string; available: string; pending: string; total: string }>> {
  return (await queryOk(platform.url, apiKey, BALANCES, { id })).account.balances;
}

async function usd(id: string): Promise<string> {
  return (await balances(id)).find((balance) => balance.currency === 'USD')?.available ?? '0.00';
}

async function funded(name: string, amount: string): Promise<string> {
  const id = await createAccountVia(platform.url, tenant.apiKey, name);
  await depositVia(platform.url, tenant.apiKey, id, amount);
  return id;
}

describe('money through the gateway', () => {
  test('a deposit then an internal transfer: balances, the transfer with federated accounts, entries and lists agree', async () => {
    const payer = await funded('Payer SA', '100.00');
    const payee = await createAccountVia(platform.url, tenant.apiKey, 'Payee SA');
    const response = await transfer({ fromAccountId: payer, toAccountId: payee, amount: { amount: '30.00', currency: 'USD' }, description: 'Invoice 7' });
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    const created = response.data!.createInternalTransfer.transfer;
    assert.equal(created.type, 'INTERNAL');
    assert.equal(created.status, 'COMPLETED');
    assert.deepEqual(created.amount, { amount: '30.00', currency: 'USD' });
    assert.deepEqual(created.fee, { amount: '0.00', currency: 'USD' });
    assert.deepEqual(created.from, { id: payer, name: 'Payer SA' });
    assert.deepEqual(created.to, { id: payee, name: 'Payee SA' });
    assert.equal(created.initiatedBy.type, 'API_KEY');
    assert.equal(created.initiatedBy.id, tenant.apiKeyId);
    assert.equal(created.description, 'Invoice 7');
    assert.ok(created.completedAt);

    assert.deepEqual(await balances(payer), [{ currency: 'USD', available: '70.00', pending: '0.00', total: '70.00' }]);
    assert.deepEqual(await balances(payee), [{ currency: 'USD', available: '30.00', pending: '0.00', total: '30.00' }]);

    const views = await queryOk(
      platform.url,
      tenant.apiKey,
      `query($id: ID!, $payer: ID!) {
         transfer(id: $id) { id status }
         transfers(filter: { accountId: $payer, status: COMPLETED, type: INTERNAL }) { nodes { id } }
         account(id: $payer) {
           transfers(first: 5) { nodes { id amount { amount } } }
           ledgerEntries(first: 5, currency: "USD") { nodes { direction phase amount { amount } balanceAfter { amount } reason reference } }
         }
       }`,
      { id: created.id, payer },
    );
    assert.equal(views.transfer.status, 'COMPLETED');
    assert.deepEqual(views.transfers.nodes, [{ id: created.id }]);
    assert.deepEqual(views.account.transfers.nodes, [{ id: created.id, amount: { amount: '30.00' } }]);
    assert.deepEqual(views.account.ledgerEntries.nodes, [
      { direction: 'DEBIT', phase: 'POSTED', amount: { amount: '30.00' }, balanceAfter: { amount: '70.00' }, reason: 'internal_transfer', reference: created.id },
      { direction: 'CREDIT', phase: 'POSTED', amount: { amount: '100.00' }, balanceAfter: { amount: '100.00' }, reason: 'deposit', reference: views.account.ledgerEntries.nodes[1].reference },
    ]);

    // The events, through the Events API, with the transfer resolved by the payments subgraph.
    const events = await queryOk(
      platform.url,
      tenant.apiKey,
      'query($id: ID!) { events(entityId: $id) { nodes { type payload entity { ... on Transfer { id status amount { amount } } } } } }',
      { id: created.id },
    );
    assert.deepEqual(
      events.events.nodes.map((event: { type: string; entity: unknown; payload: { status: string } }) => [event.type, event.payload.status, event.entity]),
      [
        ['transfer.created', 'completed', { id: created.id, status: 'COMPLETED', amount: { amount: '30.00' } }],
        ['transfer.completed', 'completed', { id: created.id, status: 'COMPLETED', amount: { amount: '30.00' } }],
      ],
    );
  });

  test('bad input and missing funds get clear codes and move nothing', async () => {
    const payer = await funded('Careful Co', '10.00');
    const payee = await createAccountVia(platform.url, tenant.apiKey, 'Other Co');
    const cases: Array<[string, Record<string, unknown>, string, string?]> = [
      ['insufficient funds', { fromAccountId: payer, toAccountId: payee, amount: { amount: '10.01', currency: 'USD' } }, 'INSUFFICIENT_FUNDS'],
      ['same account', { fromAccountId: payer, toAccountId: payer, amount: { amount: '1.00', currency: 'USD' } }, 'BAD_USER_INPUT', 'input.toAccountId'],
      ['zero', { fromAccountId: payer, toAccountId: payee, amount: { amount: '0.00', currency: 'USD' } }, 'BAD_USER_INPUT', 'input.amount.amount'],
      ['negative', { fromAccountId: payer, toAccountId: payee, amount: { amount: '-1.00', currency: 'USD' } }, 'BAD_USER_INPUT', 'input.amount.amount'],
      ['unknown currency', { fromAccountId: payer, toAccountId: payee, amount: { amount: '1.00', currency: 'XYZ' } }, 'BAD_USER_INPUT', 'input.amount.currency'],
      ['too many decimals', { fromAccountId: payer, toAccountId: payee, amount: { amount: '1.001', currency: 'USD' } }, 'BAD_USER_INPUT', 'input.amount.amount'],
      ['a currency the account does not hold', { fromAccountId: payer, toAccountId: payee, amount: { amount: '1.00', currency: 'MXN' } }, 'BAD_USER_INPUT', 'amount.currency'],
      ['malformed id', { fromAccountId: 'nope', toAccountId: payee, amount: { amount: '1.00', currency: 'USD' } }, 'BAD_USER_INPUT', 'input.fromAccountId'],
      ['empty idempotency key', { fromAccountId: payer, toAccountId: payee, amount: { amount: '1.00', currency: 'USD' }, idempotencyKey: '' }, 'BAD_USER_INPUT', 'input.idempotencyKey'],
      ['unknown account', { fromAccountId: payer, toAccountId: randomUUID(), amount: { amount: '1.00', currency: 'USD' } }, 'NOT_FOUND'],
    ];
    for (const [name, input, code, field] of cases) {
      const response = await transfer(input);
      assert.equal(response.status, 200, name);
      assert.equal(response.data, null, name);
      assert.equal(response.errors?.[0].extensions?.code, code, `${name}: ${JSON.stringify(response.errors)}`);
      if (field) assert.equal(response.errors?.[0].extensions?.field, field, name);
      assert.doesNotMatch(JSON.stringify(response.errors), /SELECT|INSERT|at .*\.js/, `${name}: no SQL or stack`);
    }
    const refused = await transfer({ fromAccountId: payer, toAccountId: payee, amount: { amount: '10.01', currency: 'USD' } });
    assert.deepEqual(refused.errors?.[0].extensions, { code: 'INSUFFICIENT_FUNDS', accountId: payer, currency: 'USD', available: '10.00' });
    const numeric = await postGraphQL(platform.url, tenant.apiKey, TRANSFER, {
      input: { fromAccountId: payer, toAccountId: payee, amount: { amount: 1.5, currency: 'USD' }, idempotencyKey: randomUUID() },
    });
    assert.equal(numeric.errors?.[0].extensions?.code, 'BAD_USER_INPUT', 'a JSON number is never money');
    assert.equal(await usd(payer), '10.00');
    assert.equal(await usd(payee), '0.00');
  });

  test("another tenant's accounts and transfers are NOT_FOUND everywhere", async () => {
    const mine = await funded('Mine', '50.00');
    const theirs = await createAccountVia(platform.url, stranger.apiKey, 'Theirs');
    await depositVia(platform.url, stranger.apiKey, theirs, '50.00');
    const done = await transfer({ fromAccountId: mine, toAccountId: await createAccountVia(platform.url, tenant.apiKey, 'Mine 2'), amount: { amount: '1.00', currency: 'USD' } });
    const transferId = done.data!.createInternalTransfer.transfer.id;

    const attempts = [
      await transfer({ fromAccountId: theirs, toAccountId: mine, amount: { amount: '1.00', currency: 'USD' } }),
      await transfer({ fromAccountId: mine, toAccountId: theirs, amount: { amount: '1.00', currency: 'USD' } }),
      await postGraphQL(platform.url, tenant.apiKey, 'mutation($id: ID!) { simulateDeposit(input: { accountId: $id, amount: { amount: "1.00", currency: "USD" }, idempotencyKey: "x" }) { balance { total } } }', { id: theirs }),
      await postGraphQL(platform.url, tenant.apiKey, 'query($id: ID!) { accountStatement(accountId: $id, currency: "USD", from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z") { closingBalance } }', { id: theirs }),
      await postGraphQL(platform.url, stranger.apiKey, 'query($id: ID!) { transfer(id: $id) { id } }', { id: transferId }),
    ];
    for (const response of attempts) assert.equal(response.errors?.[0].extensions?.code, 'NOT_FOUND', JSON.stringify(response));
    const listed = await queryOk(platform.url, stranger.apiKey, 'query($id: ID!) { transfers(filter: { accountId: $id }) { nodes { id } } }', { id: mine });
    assert.deepEqual(listed.transfers.nodes, []);
    assert.equal(await usd(mine), '49.00');
    const theirBalance = (await balances(theirs, stranger.apiKey))[0];
    assert.equal(theirBalance.available, '50.00');
  });

  test('an idempotency key: 50 concurrent retries make one transfer; other parameters are refused', async () => {
    const payer = await funded('Retrier', '100.00');
    const payee = await createAccountVia(platform.url, tenant.apiKey, 'Retried');
    const input = { fromAccountId: payer, toAccountId: payee, amount: { amount: '60.00', currency: 'USD' }, idempotencyKey: `storm-${randomUUID()}` };
    const responses = await Promise.all(Array.from({ length: 50 }, () => transfer(input)));
    for (const response of responses) assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    const ids = new Set(responses.map((response) => response.data!.createInternalTransfer.transfer.id));
    assert.equal(ids.size, 1, 'every retry got the same transfer');
    assert.equal(await usd(payer), '40.00', 'money moved once');
    const reused = await transfer({ ...input, amount: { amount: '1.00', currency: 'USD' } });
    assert.equal(reused.errors?.[0].extensions?.code, 'IDEMPOTENCY_KEY_REUSED');
    const { rows } = await testSystemPool().query('SELECT count(*)::int AS n FROM payments.transfers WHERE idempotency_key = $1', [input.idempotencyKey]);
    assert.equal(rows[0].n, 1);
  });

  test('32 concurrent clients moving money among 8 hot accounts: conserved, never negative, every acknowledged transfer stored once', async () => {
    const accounts: string[] = [];
    for (let i = 0; i < 8; i += 1) accounts.push(await funded(`Hot ${i}`, '1000.00'));
    const acknowledged: string[] = [];
    let refused = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        for (let i = 0; i < 8; i += 1) {
          const from = accounts[Math.floor(Math.random() * 8)];
          const to = accounts[(accounts.indexOf(from) + 1 + Math.floor(Math.random() * 7)) % 8];
          const cents = 1 + Math.floor(Math.random() * 40_000);
          const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
          const response = await transfer({ fromAccountId: from, toAccountId: to, amount: { amount, currency: 'USD' } });
          if (response.data?.createInternalTransfer) acknowledged.push(response.data.createInternalTransfer.transfer.id);
          else if (response.errors?.[0].extensions?.code === 'INSUFFICIENT_FUNDS') refused += 1;
          else assert.fail(JSON.stringify(response));
        }
      }),
    );
    assert.equal(acknowledged.length + refused, 256);
    let totalCents = 0n;
    for (const id of accounts) {
      const [balance] = await balances(id);
      assert.ok(!balance.available.startsWith('-'), `${balance.available} is not negative`);
      totalCents += BigInt(balance.total.replace('.', ''));
    }
    assert.equal(totalCents, 800_000n, 'no money created or lost');
    const { rows } = await testSystemPool().query('SELECT id FROM payments.transfers WHERE id = ANY($1::uuid[])', [acknowledged]);
    assert.equal(rows.length, acknowledged.length, 'every acknowledged transfer is stored once');
  });

  test('amounts round-trip exactly in every currency', async () => {
    for (const currency of Object.values(CURRENCIES)) {
      const id = await createAccountVia(platform.url, tenant.apiKey, `Holder ${currency.code}`);
      const amount = currency.scale === 0 ? '12345678901234567' : `12345678901234567.${'9'.repeat(currency.scale - 1)}1`;
      await depositVia(platform.url, tenant.apiKey, id, amount, currency.code);
      const [balance] = await balances(id);
      assert.deepEqual(balance, { currency: currency.code, available: amount, pending: currency.scale === 0 ? '0' : `0.${'0'.repeat(currency.scale)}`, total: amount });
    }
  });

  test('a statement: opening + credits − debits = closing, and its entries add up', async () => {
    const id = await funded('Statement Co', '500.00');
    const other = await createAccountVia(platform.url, tenant.apiKey, 'Statement Peer');
    const from = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await transfer({ fromAccountId: id, toAccountId: other, amount: { amount: '120.50', currency: 'USD' } });
    await depositVia(platform.url, tenant.apiKey, id, '20.25');
    await transfer({ fromAccountId: id, toAccountId: other, amount: { amount: '0.75', currency: 'USD' } });
    const to = new Date(Date.now() + 1000);
    const data = await queryOk(
      platform.url,
      tenant.apiKey,
      `query($id: ID!, $from: DateTimeISO!, $to: DateTimeISO!) {
         accountStatement(accountId: $id, currency: "USD", from: $from, to: $to) {
           account { id name } currency openingBalance closingBalance totalCredits totalDebits entryCount
           entries(first: 100) { nodes { direction phase amount { amount } } }
         }
       }`,
      { id, from: from.toISOString(), to: to.toISOString() },
    );
    const statement = data.accountStatement;
    assert.deepEqual(
      { opening: statement.openingBalance, closing: statement.closingBalance, credits: statement.totalCredits, debits: statement.totalDebits, count: statement.entryCount },
      { opening: '500.00', closing: '399.00', credits: '20.25', debits: '121.25', count: 3 },
    );
    assert.equal(statement.account.name, 'Statement Co');
    const sum = (direction: string) =>
      statement.entries.nodes.filter((entry: { direction: string }) => entry.direction === direction).reduce((total: bigint, entry: { amount: { amount: string } }) => total + BigInt(entry.amount.amount.replace('.', '')), 0n);
    assert.equal(sum('CREDIT'), 2025n);
    assert.equal(sum('DEBIT'), 12125n);
    const unknownCurrency = await postGraphQL(platform.url, tenant.apiKey, 'query($id: ID!) { account(id: $id) { ledgerEntries(currency: "XXX") { nodes { id } } } }', { id });
    assert.equal(unknownCurrency.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    const backwards = await postGraphQL(platform.url, tenant.apiKey, 'query($id: ID!) { accountStatement(accountId: $id, currency: "USD", from: "2030-01-01T00:00:00Z", to: "2020-01-01T00:00:00Z") { closingBalance } }', { id });
    assert.equal(backwards.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
  });

  test('simulateDeposit is for test mode only, and a repeated key deposits once', async () => {
    const live = await createTestTenant({ livemode: true });
    const liveAccount = await createAccountVia(platform.url, live.apiKey, 'Live account');
    const refused = await postGraphQL(platform.url, live.apiKey, 'mutation($id: ID!) { simulateDeposit(input: { accountId: $id, amount: { amount: "1.00", currency: "USD" }, idempotencyKey: "k" }) { balance { total } } }', { id: liveAccount });
    assert.equal(refused.errors?.[0].extensions?.code, 'FORBIDDEN');

    const id = await createAccountVia(platform.url, tenant.apiKey, 'Twice');
    const deposit = 'mutation($id: ID!, $amount: Decimal!) { simulateDeposit(input: { accountId: $id, amount: { amount: $amount, currency: "USD" }, idempotencyKey: "same-key" }) { account { id } balance { total } } }';
    const first = await queryOk(platform.url, tenant.apiKey, deposit, { id, amount: '5.00' });
    const second = await queryOk(platform.url, tenant.apiKey, deposit, { id, amount: '5.00' });
    assert.equal(first.simulateDeposit.balance.total, '5.00');
    assert.equal(second.simulateDeposit.balance.total, '5.00');
    const other = await postGraphQL(platform.url, tenant.apiKey, deposit, { id, amount: '6.00' });
    assert.equal(other.errors?.[0].extensions?.code, 'IDEMPOTENCY_KEY_REUSED');
  });

  test('a quote locks the treasury rate for 5 minutes and prices the fee exactly', async () => {
    const rate = await queryOk(platform.url, tenant.apiKey, '{ fxRate(from: "USD", to: "MXN") { rate } }');
    const data = await queryOk(
      platform.url,
      tenant.apiKey,
      'mutation { createQuote(input: { fromCurrency: "USD", toCurrency: "MXN", amount: "1000.00", corridor: "USD-MXN" }) { quote { id corridor rate feeBps fee { amount currency } amount { amount } targetAmount { amount currency } expiresAt expired } } }',
    );
    const quote = data.createQuote.quote;
    assert.equal(quote.rate, rate.fxRate.rate);
    assert.equal(quote.feeBps, 50);
    assert.deepEqual(quote.fee, { amount: '5.00', currency: 'USD' });
    // (1000.00 − 5.00) × rate, rounded down to centavos, in exact arithmetic.
    const [whole, fraction = ''] = quote.rate.split('.');
    const expected = (99_500n * BigInt(whole + fraction)) / 10n ** BigInt(fraction.length);
    assert.deepEqual(quote.targetAmount, { amount: `${expected / 100n}.${String(expected % 100n).padStart(2, '0')}`, currency: 'MXN' });
    const ttl = new Date(quote.expiresAt).getTime() - Date.now();
    assert.ok(ttl > 290_000 && ttl <= 300_000, `expires in 5 minutes (${ttl} ms)`);
    assert.equal(quote.expired, false);
    const again = await queryOk(platform.url, tenant.apiKey, 'query($id: ID!) { quote(id: $id) { rate targetAmount { amount } } }', { id: quote.id });
    assert.equal(again.quote.rate, quote.rate);

    const hidden = await postGraphQL(platform.url, stranger.apiKey, 'query($id: ID!) { quote(id: $id) { id } }', { id: quote.id });
    assert.equal(hidden.errors?.[0].extensions?.code, 'NOT_FOUND');
    for (const input of ['fromCurrency: "XXX", toCurrency: "MXN", amount: "1.00"', 'fromCurrency: "USD", toCurrency: "MXN", amount: "1.001"', 'fromCurrency: "USD", toCurrency: "MXN", amount: "1.00", corridor: "USD-BRL"']) {
      const bad = await postGraphQL(platform.url, tenant.apiKey, `mutation { createQuote(input: { ${input} }) { quote { id } } }`);
      assert.equal(bad.errors?.[0].extensions?.code, 'BAD_USER_INPUT', input);
    }
  });
});

describe('the ledger maintenance worker', () => {
  test('releases a hold once it expires, with nobody asking', async () => {
    const payer = await funded('Held payer', '10.00');
    const payee = await createAccountVia(platform.url, tenant.apiKey, 'Held payee');
    const scope = { tenantId: tenant.tenantId, livemode: tenant.livemode };
    const held = await withTenantResult(platform.dataSources.get('payments')!, scope, (manager) =>
      createLedger().execute(manager, scope, [
        { kind: 'transfer', debit: customerBalance(payer, 'USD'), credit: customerBalance(payee, 'USD'), amountMinor: 400n, code: 'test_hold', holdUntil: new Date(Date.now() + 1_500) },
      ]),
    );
    assert.ok(held.ok && !held.value.replayed);
    const holdId = (held.value as { readonly transfers: ReadonlyArray<{ id: string }> }).transfers[0].id;
    assert.deepEqual((await balances(payer))[0], { currency: 'USD', available: '6.00', pending: '4.00', total: '10.00' });
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { rows } = await testSystemPool().query('SELECT state FROM ledger.transfers WHERE id = $1', [holdId]);
      if (rows[0].state === 'expired') break;
      assert.ok(Date.now() < deadline, `the hold is still ${rows[0].state}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.deepEqual((await balances(payer))[0], { currency: 'USD', available: '10.00', pending: '0.00', total: '10.00' });
  });
});

describe('live money', () => {
  test('balanceChanged pushes the account with its new balances; transferUpdated resumes after a cursor', async () => {
    const payer = await funded('Live payer', '20.00');
    const payee = await createAccountVia(platform.url, tenant.apiKey, 'Live payee');
    const client = subscriptionClient(platform.wsUrl, tenant.apiKey);
    const balanceChanges = subscribe(client, 'subscription($id: ID!) { balanceChanged(accountId: $id) { id name balances { currency available } } }', { id: payee });
    try {
      await balanceChanges.quiet(300);
      const made = await transfer({ fromAccountId: payer, toAccountId: payee, amount: { amount: '7.50', currency: 'USD' } });
      const transferId = made.data!.createInternalTransfer.transfer.id;
      const pushed = await balanceChanges.until((message) => message.extensions?.event?.type === 'balance.changed');
      assert.deepEqual(pushed.data?.balanceChanged, { id: payee, name: 'Live payee', balances: [{ currency: 'USD', available: '7.50' }] });

      const replay = subscribe(client, 'subscription($id: ID!, $after: ID) { transferUpdated(id: $id, after: $after) { id status amount { amount } } }', {
        id: transferId,
        after: 'evt_0_0',
      });
      const first = await replay.next();
      const second = await replay.next();
      assert.deepEqual([first.extensions?.event?.type, second.extensions?.event?.type], ['transfer.created', 'transfer.completed']);
      assert.deepEqual(second.data?.transferUpdated, { id: transferId, status: 'COMPLETED', amount: { amount: '7.50' } });
      replay.close();

      const refused = subscribe(subscriptionClient(platform.wsUrl, stranger.apiKey), 'subscription($id: ID!) { transferUpdated(id: $id) { id } }', { id: transferId });
      const denied = await refused.next();
      assert.equal(denied.errors?.[0].extensions?.code, 'NOT_FOUND');
      refused.close();
    } finally {
      balanceChanges.close();
    }
  });
});
