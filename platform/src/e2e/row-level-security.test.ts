import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Pool } from 'pg';
import { databaseUrls } from '@orquesta/db';
import { closeTestPools, testDatabaseUrl, testSystemPool } from '@orquesta/testing';
import { createTestTenant } from '../testing';

// The application filter is the first wall; these tests take it away and check the second.
const appPool = new Pool({ connectionString: databaseUrls(testDatabaseUrl()).app, max: 2 });

after(async () => {
  await appPool.end();
  await closeTestPools();
});

async function asTenant<T>(tenantId: string | null, livemode: boolean, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = await appPool.connect();
  try {
    await client.query('BEGIN');
    if (tenantId) {
      await client.query("SELECT set_config('app.tenant_id', $1, true), set_config('app.livemode', $2, true)", [tenantId, String(livemode)]);
    }
    const { rows } = await client.query(sql, params);
    await client.query('COMMIT');
    return rows as T[];
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

describe('row-level security', () => {
  test('is enabled and forced on every table that has a tenant_id', async () => {
    const { rows } = await testSystemPool().query<{ table: string; enabled: boolean; forced: boolean; policies: number }>(`
      SELECT n.nspname || '.' || c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
             (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind = 'r' AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)`);
    assert.ok(rows.length >= 6, `tenant tables found: ${rows.map((r) => r.table).join(', ')}`);
    for (const row of rows) assert.deepEqual({ ...row, policies: row.policies > 0 }, { table: row.table, enabled: true, forced: true, policies: true });
  });

  test('the app role is neither a superuser nor able to bypass row-level security', async () => {
    const { rows } = await appPool.query('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user');
    assert.deepEqual(rows[0], { rolsuper: false, rolbypassrls: false });
  });

  test("a query without any tenant filter sees only the scoped tenant's rows, and nothing unscoped", async () => {
    const [a, b] = await Promise.all([createTestTenant(), createTestTenant()]);
    const system = testSystemPool();
    for (const [tenant, name] of [[a, 'A corp'], [b, 'B corp']] as const) {
      await system.query(
        "INSERT INTO accounts.accounts (id, tenant_id, livemode, type, name) VALUES (gen_random_uuid(), $1, false, 'business', $2)",
        [tenant.tenantId, name],
      );
      await system.query(
        `INSERT INTO events.events (tenant_id, livemode, type, entity_type, entity_id, entity_version, payload)
         VALUES ($1, false, 'test.event', 'Test', gen_random_uuid(), 1, '{}')`,
        [tenant.tenantId],
      );
    }
    const seenByA = await asTenant<{ tenant_id: string }>(a.tenantId, false, 'SELECT tenant_id FROM accounts.accounts');
    assert.ok(seenByA.length >= 1);
    assert.ok(seenByA.every((row) => row.tenant_id === a.tenantId));
    const eventsByA = await asTenant<{ tenant_id: string }>(a.tenantId, false, 'SELECT tenant_id FROM events.events');
    assert.ok(eventsByA.length >= 1 && eventsByA.every((row) => row.tenant_id === a.tenantId));
    const keysByA = await asTenant<{ tenant_id: string }>(a.tenantId, false, 'SELECT tenant_id FROM accounts.api_keys');
    assert.ok(keysByA.every((row) => row.tenant_id === a.tenantId));
    assert.deepEqual(await asTenant(a.tenantId, true, 'SELECT 1 FROM accounts.accounts'), [], 'live mode sees no test-mode rows');
    assert.deepEqual(await asTenant(null, false, 'SELECT 1 FROM accounts.accounts'), [], 'no scope, no rows');
    assert.deepEqual(await asTenant(null, false, 'SELECT 1 FROM agents.agents'), []);
  });

  test("writing a row for another tenant is refused by the policy's check", async () => {
    const [a, b] = await Promise.all([createTestTenant(), createTestTenant()]);
    await assert.rejects(
      asTenant(a.tenantId, false, "INSERT INTO accounts.accounts (id, tenant_id, livemode, type, name) VALUES (gen_random_uuid(), $1, false, 'person', 'x')", [b.tenantId]),
      /row-level security/,
    );
    await assert.rejects(
      asTenant(a.tenantId, false, `INSERT INTO events.events (tenant_id, livemode, type, entity_type, entity_id, entity_version, payload)
        VALUES ($1, false, 'x', 'X', gen_random_uuid(), 1, '{}')`, [b.tenantId]),
      /row-level security/,
    );
  });
});
