import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { RequestContext } from '@orquesta/context';
import { createPaymentsDataSource, createReportService, ReportGroupBy, ReportPeriod } from '@orquesta/payments';
import { prepareDatabase } from '@orquesta/platform';

// `npm run bench:reports`: a tenant with 1,000,000 transfers in one month; the month's
// reportSummary (by currency, and by corridor) against a plain count(*) over the same rows,
// both warm, median of 5. Target (issue "Books that close"): the report under 1 s.
// DATABASE_URL names the database (default orquesta_bench); BENCH_TRANSFERS the row count.

const TRANSFERS = Number(process.env.BENCH_TRANSFERS ?? 1_000_000);
const RUNS = 5;
const MONTH = { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-04-01T00:00:00Z') };

function progress(message: string): void {
  process.stderr.write(`[bench:reports] ${message}\n`);
}

async function median(run: () => Promise<unknown>): Promise<number> {
  await run(); // warm
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/orquesta_bench';
  const { urls } = await prepareDatabase(databaseUrl, { seedDemo: false });
  // The database owner seeds and vacuums (the service roles may not VACUUM the tables).
  const system = new Pool({ connectionString: databaseUrl, max: 1 });
  const tenantId = randomUUID();
  progress(`seeding ${TRANSFERS} transfers for tenant ${tenantId} in March 2025`);
  // A realistic mix: 90% completed, 5% failed, the rest processing; four currencies; one in
  // ten a payout with its payouts row (corridor, rail).
  await system.query(
    `INSERT INTO payments.transfers (id, tenant_id, livemode, type, status, from_account_id, to_account_id, amount_minor, fee_minor, currency,
                                     initiated_by, version, created_at, updated_at, completed_at)
     SELECT gen_random_uuid(), $1, false, CASE WHEN n % 10 = 0 THEN 'payout' ELSE 'internal' END,
            CASE WHEN n % 20 = 1 THEN 'failed' WHEN n % 20 = 2 THEN 'processing' ELSE 'completed' END,
            gen_random_uuid(), gen_random_uuid(), 100 + n % 100000, n % 50, (ARRAY['USD', 'MXN', 'BRL', 'USDC'])[1 + n % 4],
            '{"type": "api_key", "id": "bench"}', 1, $2::timestamptz + (n * (interval '31 days' / $3)), now(),
            $2::timestamptz + (n * (interval '31 days' / $3)) + interval '3 seconds'
       FROM generate_series(1, $3) AS n`,
    [tenantId, MONTH.from, TRANSFERS],
  );
  await system.query(
    `INSERT INTO payments.payouts (transfer_id, tenant_id, livemode, corridor, network, source_currency, target_currency, rate, target_amount_minor,
                                   destination, hold_id, stage, rail)
     SELECT id, tenant_id, livemode, 'USD-MXN', 'SPEI', 'USD', 'MXN', 17.1, amount_minor * 17, '{}', gen_random_uuid(), 'settled', 'spei_sim'
       FROM payments.transfers WHERE tenant_id = $1 AND type = 'payout'`,
    [tenantId],
  );
  progress('VACUUM ANALYZE (index-only scans need the visibility map)');
  await system.query('VACUUM ANALYZE payments.transfers');
  await system.query('VACUUM ANALYZE payments.payouts');

  const dataSource = createPaymentsDataSource(urls.app, 2);
  await dataSource.initialize();
  const reports = createReportService({ dataSource });
  const request: RequestContext = { tenantId, livemode: false, actor: { type: 'system', id: 'bench' }, role: 'admin', requestId: randomUUID() };
  const app = new Pool({ connectionString: urls.app, max: 1 });
  const countMs = await median(() =>
    app.query(
      `BEGIN; SELECT set_config('app.tenant_id', '${tenantId}', true), set_config('app.livemode', 'false', true);
       SELECT count(*) FROM payments.transfers WHERE tenant_id = '${tenantId}' AND livemode = false AND created_at >= '2025-02-01' AND created_at < '2025-04-01'; COMMIT`,
    ),
  );
  const results: Record<string, number> = {};
  for (const groupBy of [ReportGroupBy.CURRENCY, ReportGroupBy.CORRIDOR]) {
    results[groupBy] = await median(async () => {
      const summary = await reports.summary(request, { period: ReportPeriod.MONTH, from: new Date('2025-03-15T00:00:00Z'), groupBy });
      if (!summary.ok) throw new Error(JSON.stringify(summary.error));
    });
  }
  const report = {
    transfers: TRANSFERS,
    countStarMs: Math.round(countMs),
    reportByCurrencyMs: Math.round(results.currency),
    reportByCorridorMs: Math.round(results.corridor),
    ratioByCurrency: +(results.currency / countMs).toFixed(2),
    ratioByCorridor: +(results.corridor / countMs).toFixed(2),
    underOneSecond: results.currency < 1000 && results.corridor < 1000,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  await system.query('DELETE FROM payments.payouts WHERE tenant_id = $1', [tenantId]);
  await system.query('DELETE FROM payments.transfers WHERE tenant_id = $1', [tenantId]);
  await Promise.all([system.end(), app.end(), dataSource.destroy()]);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
