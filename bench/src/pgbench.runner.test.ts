import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { parsePgbenchOutput, runPgbench } from './pgbench.runner';

const POSTGRES_15_OUTPUT = `pgbench (15.20 (Debian 15.20-0+deb12u1))
transaction type: <builtin: TPC-B (sort of)>
scaling factor: 1
query mode: simple
number of clients: 16
number of threads: 2
maximum number of tries: 1
duration: 3 s
number of transactions actually processed: 6296
number of failed transactions: 0 (0.000%)
latency average = 7.637 ms
initial connection time = 21.081 ms
tps = 2095.174709 (without initial connection time)
`;

test('reads tps, latency and transaction counts from PostgreSQL 15 output', () => {
  assert.deepEqual(parsePgbenchOutput(POSTGRES_15_OUTPUT), {
    tps: 2095.174709,
    latencyAvgMs: 7.637,
    transactions: 6296,
    failedTransactions: 0,
  });
});

test('reads tps from older output without the failed-transactions line', () => {
  const output = 'number of transactions actually processed: 10\ntps = 512.5 (excluding connections establishing)\n';
  assert.deepEqual(parsePgbenchOutput(output), { tps: 512.5, latencyAvgMs: undefined, transactions: 10, failedTransactions: undefined });
});

test('refuses output without a tps line instead of reporting zero', () => {
  assert.throws(() => parsePgbenchOutput('pgbench: error: connection to server failed'), /no "tps = …" line/);
});

test('creates its scratch database and measures the real server', async () => {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  // Its own database, so a test run never re-initialises the tables under a running `npm run bench`.
  const database = `orquesta_bench_pgbench_test_${process.pid}`;
  const { hostname, port, username } = new URL(serverUrl);
  const psql = (sql: string): void => {
    execFileSync('psql', ['-h', hostname, '-p', port || '5432', '-U', username || 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qc', sql], { timeout: 30_000 });
  };
  psql(`DROP DATABASE IF EXISTS ${database}`);
  try {
    const result = await runPgbench({ serverUrl, database, scale: 1, clients: 2, threads: 1, durationS: 1, signal: AbortSignal.timeout(30_000) });
    assert.ok(result.tps > 0);
    assert.equal(result.failedTransactions ?? 0, 0);
    assert.ok((result.transactions ?? 0) > 0);
  } finally {
    psql(`DROP DATABASE IF EXISTS ${database}`);
  }
});

test('refuses a database name it would have to quote', async () => {
  await assert.rejects(
    runPgbench({ serverUrl: 'postgres://postgres@127.0.0.1:5432/postgres', database: 'x; DROP', scale: 1, clients: 1, threads: 1, durationS: 1, signal: AbortSignal.timeout(5_000) }),
    /refusing pgbench database name/,
  );
});
