import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testDatabaseUrl } from '@orquesta/testing';
import { prepareDatabase } from '../infrastructure';

const name = `orquesta_migrate_${randomBytes(4).toString('hex')}`;
const url = new URL(testDatabaseUrl());
url.pathname = `/${name}`;

async function onServer<T>(sql: string, database = 'postgres'): Promise<T[]> {
  const admin = new URL(testDatabaseUrl());
  admin.pathname = `/${database}`;
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

after(async () => {
  await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

test('every migration applies on an empty database, twice without change, and seeds the demo tenant', async () => {
  const first = await prepareDatabase(url.toString(), { seedDemo: true, demoApiKey: `pk_test_${'c'.repeat(64)}` });
  assert.equal(first.demo?.newApiKey, `pk_test_${'c'.repeat(64)}`);
  assert.ok(first.demo?.newOwnerPassword, 'the demo owner is created with a password printed once');
  const tables = await onServer<{ name: string }>(
    `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
      WHERE table_schema IN ('accounts', 'agents', 'payments', 'streams', 'treasury', 'events', 'ledger') AND table_name <> 'migrations' ORDER BY 1`,
    name,
  );
  assert.deepEqual(
    tables.map((t) => t.name),
    [
      'accounts.accounts',
      'accounts.agent_tokens',
      'accounts.api_keys',
      'accounts.audit_log',
      'accounts.invites',
      'accounts.memberships',
      'accounts.refresh_tokens',
      'accounts.security_events',
      'accounts.sessions',
      'accounts.tenants',
      'accounts.users',
      'accounts.webhook_attempts',
      'accounts.webhook_deliveries',
      'accounts.webhook_endpoints',
      'accounts.webhook_fan_out',
      'agents.account_tier_limits',
      'agents.activities',
      'agents.agents',
      'agents.approvals',
      'agents.tenant_policies',
      'agents.usage_counters',
      'agents.usage_reservations',
      'events.events',
      'events.relay_state',
      'ledger.accounts',
      'ledger.entries',
      'ledger.idempotency_keys',
      'ledger.transfers',
      'payments.disputes',
      'payments.exports',
      'payments.payouts',
      'payments.quotes',
      'payments.refunds',
      'payments.transfers',
      'streams.streams',
      'treasury.currencies',
      'treasury.fx_rates',
      'treasury.rail_simulator_payouts',
      'treasury.reconciliation_items',
      'treasury.reconciliation_runs',
      'treasury.routing_rules',
    ],
  );
  const second = await prepareDatabase(url.toString(), { seedDemo: true, demoApiKey: `pk_test_${'c'.repeat(64)}` });
  assert.equal(second.demo?.newApiKey, undefined, 'the key is printed only when it is created');
  assert.equal(second.demo?.newOwnerPassword, undefined, 'the owner password is printed only when the owner is created');
  const counts = await onServer<{ accounts: number; currencies: number }>(
    `SELECT (SELECT count(*)::int FROM accounts.accounts) AS accounts, (SELECT count(*)::int FROM treasury.currencies) AS currencies,
            (SELECT count(*)::int FROM ledger.transfers WHERE code = 'deposit') AS deposits`,
    name,
  );
  assert.deepEqual(counts, [{ accounts: 3, currencies: 7, deposits: 6 }], 'the demo deposits are made once, however many starts');
});
