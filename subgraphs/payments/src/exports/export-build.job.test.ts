import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { databaseUrls } from '@orquesta/db';
import { closeTestPools, createTestScope, testDatabaseUrl, testSystemPool, type TestScope } from '@orquesta/testing';
import { createExportBuilder } from './export-build.job';
import { storedFileOf } from './export.record';
import { storageFor, type ExportStorageConfig } from './export.storage';

// The builder against the real database: a 200,000-transfer export streams from a cursor into
// storage (both kinds) without the process's memory growing with it.

const ROWS = 200_000;
const RSS_LIMIT_BYTES = 300 * 1024 * 1024;
let pool: Pool;
let scope: TestScope;
let dataDir: string;
const period = { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-04-01T00:00:00Z') };

before(async () => {
  pool = new Pool({ connectionString: databaseUrls(testDatabaseUrl()).app, max: 4 });
  pool.on('error', () => undefined);
  scope = createTestScope();
  dataDir = await mkdtemp(join(tmpdir(), 'orquesta-exports-'));
  // Written from outside, as a test may: 200,000 completed transfers over March 2025.
  await testSystemPool().query(
    `INSERT INTO payments.transfers (id, tenant_id, livemode, type, status, from_account_id, to_account_id, amount_minor, fee_minor, currency, description,
                                     initiated_by, version, created_at, updated_at, completed_at)
     SELECT gen_random_uuid(), $1, false, CASE WHEN n % 10 = 0 THEN 'deposit' ELSE 'internal' END, 'completed', gen_random_uuid(), gen_random_uuid(),
            1000 + n, 0, 'USD', 'Invoice ' || n, '{"type": "api_key", "id": "key"}', 1,
            $2::timestamptz + (n * interval '13 seconds'), now(), now()
       FROM generate_series(1, $3) AS n`,
    [scope.tenantId, period.from, ROWS],
  );
});

after(async () => {
  await testSystemPool().query('DELETE FROM payments.transfers WHERE tenant_id = $1', [scope.tenantId]);
  await pool.end();
  await closeTestPools();
  await rm(dataDir, { recursive: true, force: true });
});

async function requestExport(format: string): Promise<string> {
  const id = randomUUID();
  await testSystemPool().query(
    `INSERT INTO payments.exports (id, tenant_id, livemode, format, date_format, period_from, period_to, filters, status, requested_by)
     VALUES ($1, $2, false, $3, 'iso', $4, $5, $6, 'processing', '{"type": "system", "id": "test"}')`,
    [id, scope.tenantId, format, period.from, period.to, JSON.stringify({ accountId: null, corridor: null, currency: null, include: { refunds: true, streams: true, fees: true, payouts: true } })],
  );
  return id;
}

function builderFor(storage: ExportStorageConfig) {
  return createExportBuilder({
    pool,
    storage,
    urls: { secret: 'test secret for export urls, long enough' },
    accountNames: async () => new Map(),
    usdRate: async () => '1',
  });
}

for (const kind of ['postgres', 'file'] as const) {
  describe(`a ${ROWS}-row export into ${kind} storage`, () => {
    test('completes with every row, the right checksum, and RSS under 300 MiB', async () => {
      const storage: ExportStorageConfig = { kind, dataDir };
      const id = await requestExport('quickbooks');
      let peakRss = process.memoryUsage().rss;
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }, 20);
      const built = await builderFor(storage).build({ tenantId: scope.tenantId, livemode: false }, id).finally(() => clearInterval(sampler));
      assert.equal(built?.status, 'ready');
      assert.equal(built?.record_count, String(ROWS));
      assert.ok(peakRss < RSS_LIMIT_BYTES, `peak RSS ${Math.round(peakRss / 1048576)} MiB`);

      // Read it back chunk by chunk: the header, then one line per transfer, in time order.
      const file = storedFileOf(built!)!;
      const hash = createHash('sha256');
      let newlines = 0;
      let head = '';
      for await (const chunk of storageFor(file, storage, pool).read(file)) {
        hash.update(chunk);
        if (head.length < 200) head += chunk.toString('utf8', 0, 200);
        for (const byte of chunk) if (byte === 10) newlines += 1;
      }
      assert.equal(newlines, ROWS + 1);
      assert.equal(hash.digest('hex'), built!.checksum);
      assert.match(head, /^Date,Description,Amount\n2025-03-01,"Transfer to unknown \(TXN-[0-9a-f-]{36}\)",-10\.01\n/);

      // Building again changes nothing: the export is no longer processing.
      const again = await builderFor(storage).build({ tenantId: scope.tenantId, livemode: false }, id);
      assert.equal(again?.checksum, built!.checksum);
    });
  });
}

describe('expiry', () => {
  test('an export past its window is marked expired and its file deleted', async () => {
    const storage: ExportStorageConfig = { kind: 'postgres', dataDir };
    const id = await requestExport('xero');
    const built = await createExportBuilder({ pool, storage, urls: { secret: 's'.repeat(40) }, accountNames: async () => new Map(), usdRate: async () => null, ttlMs: 1 }).build(
      { tenantId: scope.tenantId, livemode: false },
      id,
    );
    assert.equal(built?.status, 'ready');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const expired = await builderFor(storage).expireDue(testSystemPool());
    assert.ok(expired >= 1);
    const { rows } = await testSystemPool().query('SELECT status FROM payments.exports WHERE id = $1', [id]);
    assert.equal(rows[0].status, 'expired');
    const { rows: objects } = await testSystemPool().query('SELECT count(*)::int AS n FROM pg_largeobject_metadata WHERE oid = $1', [storedFileOf(built!)!.largeObject]);
    assert.equal(objects[0].n, 0);
  });
});
