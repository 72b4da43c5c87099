import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Pool } from 'pg';
import { closeTestPools, createTestScope, testDatabaseUrl, testSystemPool } from '@orquesta/testing';
import { createSubgraphDataSource } from './data-source';
import { databaseUrls } from './database-urls';
import { inlineParameters, readForTenant, sqlLiteral } from './tenant-read';
import { withTenant } from './tenant-transaction';

let dataSource: DataSource;

// A table of this test's own under the same row-level security as every tenant table, so the
// library is tested without borrowing a service's tables. Dropped afterwards.
const SCHEMA = 'db_library_test';
const TABLE = `${SCHEMA}.rows`;

async function asAdmin(sql: string): Promise<void> {
  const admin = new Pool({ connectionString: databaseUrls(testDatabaseUrl()).admin, max: 1 });
  admin.on('error', () => undefined);
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

before(async () => {
  await asAdmin(`
    DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE;
    CREATE SCHEMA ${SCHEMA};
    CREATE TABLE ${TABLE} (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL, livemode boolean NOT NULL, name text NOT NULL);
    ALTER TABLE ${TABLE} ENABLE ROW LEVEL SECURITY;
    ALTER TABLE ${TABLE} FORCE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON ${TABLE}
      USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
    GRANT USAGE ON SCHEMA ${SCHEMA} TO orquesta_app, orquesta_system;
    GRANT SELECT, INSERT ON ${TABLE} TO orquesta_app, orquesta_system;`);
  dataSource = createSubgraphDataSource({ schema: SCHEMA, url: databaseUrls(testDatabaseUrl()).app, entities: [], poolSize: 1 });
  await dataSource.initialize();
});

after(async () => {
  await dataSource.destroy();
  await closeTestPools();
  await asAdmin(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
});

describe('readForTenant', () => {
  test("sees only the scoped tenant's rows, and the scope does not outlive the read", async () => {
    const [a, b] = [createTestScope(), createTestScope()];
    for (const tenant of [a, b]) {
      await testSystemPool().query(
        `INSERT INTO ${TABLE} (tenant_id, livemode, name) VALUES ($1, false, $2)`,
        [tenant.tenantId, `read ${tenant.tenantId}`],
      );
    }
    // No tenant filter in the SQL on purpose: row-level security alone must scope it.
    const rows = await readForTenant<{ tenant_id: string }>(dataSource, a, `SELECT tenant_id FROM ${TABLE}`);
    assert.ok(rows.length >= 1 && rows.every((row) => row.tenant_id === a.tenantId));
    // One pooled connection: the next plain query runs on it, outside any scope.
    const after = await dataSource.query(`SELECT current_setting('app.tenant_id', true) AS tenant, (SELECT count(*)::int FROM ${TABLE}) AS visible`);
    assert.ok(!after[0].tenant);
    assert.equal(after[0].visible, 0);
  });

  test('a failing read rolls back and leaves the connection clean', async () => {
    const tenant = createTestScope();
    await assert.rejects(readForTenant(dataSource, tenant, 'SELECT 1 / $1', [0]), /division by zero/);
    const [state] = await dataSource.query("SELECT current_setting('app.tenant_id', true) AS tenant, pg_current_xact_id_if_assigned() AS open");
    assert.ok(!state.tenant, `no tenant left on the connection, got ${state.tenant}`);
  });

  test('inlined values cannot break out of their literal', async () => {
    const tenant = createTestScope();
    const hostile = ["'; DROP TABLE db_library_test.rows; --", "\\'; SELECT 1; --", 'ünïcødé \' " \\ $1', randomUUID()];
    const echoed = await readForTenant<{ value: string }>(dataSource, tenant, 'SELECT unnest($1::text[]) AS value', [hostile]);
    assert.deepEqual(echoed.map((row) => row.value), hostile);
    assert.throws(() => sqlLiteral('a\u0000b'));
    assert.throws(() => sqlLiteral(1.5));
    assert.throws(() => sqlLiteral({}));
    assert.throws(() => inlineParameters('SELECT $2', [1]));
    assert.equal(inlineParameters('SELECT $1, $2, $3', [null, true, 42]), 'SELECT NULL, TRUE, 42');
  });
});

describe('withTenant', () => {
  test('commits the work, hands it the prelude rows under row-level security, and leaves the connection clean', async () => {
    const [a, b] = [createTestScope(), createTestScope()];
    const name = `tx ${randomUUID()}`;
    const seen = await withTenant(
      dataSource,
      a,
      async (manager, prelude) => {
        await manager.query(`INSERT INTO ${TABLE} (tenant_id, livemode, name) VALUES ($1, false, $2)`, [a.tenantId, name]);
        return prelude as Array<{ tenant_id: string }>;
      },
      { sql: `SELECT tenant_id FROM ${TABLE} WHERE name <> $1`, params: [name] },
    );
    assert.ok(seen.every((row) => row.tenant_id === a.tenantId), 'the prelude saw only the scoped tenant');
    const stored = await testSystemPool().query(`SELECT tenant_id FROM ${TABLE} WHERE name = $1`, [name]);
    assert.deepEqual(stored.rows, [{ tenant_id: a.tenantId }]);
    await assert.rejects(
      withTenant(dataSource, b, (manager) => manager.query(`INSERT INTO ${TABLE} (tenant_id, livemode, name) VALUES ($1, false, 'x')`, [a.tenantId])),
      /row-level security/,
      "writing another tenant's row fails",
    );
    const [state] = await dataSource.query("SELECT current_setting('app.tenant_id', true) AS tenant, pg_current_xact_id_if_assigned() AS open");
    assert.ok(!state.tenant && !state.open, 'no scope and no open transaction left behind');
  });

  test('a failure rolls everything back', async () => {
    const tenant = createTestScope();
    const name = `rolled back ${randomUUID()}`;
    await assert.rejects(
      withTenant(dataSource, tenant, async (manager) => {
        await manager.query(`INSERT INTO ${TABLE} (tenant_id, livemode, name) VALUES ($1, false, $2)`, [tenant.tenantId, name]);
        throw new Error('boom');
      }),
      /boom/,
    );
    const stored = await testSystemPool().query(`SELECT 1 FROM ${TABLE} WHERE name = $1`, [name]);
    assert.equal(stored.rowCount, 0);
  });
});
