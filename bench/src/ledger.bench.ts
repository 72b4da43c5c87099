import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { provisionTenant } from '@orquesta/accounts';
import { createSubgraphDataSource, databaseUrls, type TenantScope } from '@orquesta/db';
import { customerBalance, createLedger, LEDGER_SCHEMA, systemAccount, withTenantResult } from '@orquesta/ledger';
import { prepareDatabase } from '@orquesta/platform';
import { loadBenchConfig } from './bench.config';
import { runGatewayLoad } from './gateway-load.runner';
import { createGraphqlClient } from './graphql.client';
import { runPgbench } from './pgbench.runner';
import { findFreePort, startPlatform } from './platform.process';
import { LatencyRecorder } from './latency.stats';

// `npm run bench:ledger`: money movement measured against PostgreSQL's own baseline, in one run.
//  1. pgbench tpcb-like at 16 clients, and a pgbench script doing ordered-lock transfers on 10 rows;
//  2. the ledger library (no GraphQL) moving money among 1,000 accounts, then among 10 hot ones;
//  3. createInternalTransfer through the gateway at 16 connections.
// Targets (issue "Money moves"): 2 ≥ 0.8 × its pgbench twin; 3 ≥ 0.30 × tpcb with p99 ≤ 50 ms.

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const GATEWAY_ENTRY = path.join(REPO_ROOT, 'dist', 'platform', 'src', 'main.js');
const HOT_ACCOUNTS = 10;
const SPREAD_ACCOUNTS = 1_000;
const TARGETS = { ledgerVsTpcb: 0.8, hotVsScript: 0.8, gatewayVsTpcb: 0.3, gatewayP99MsMax: 50 } as const;

const HOT_SCRIPT = {
  setupSql: `DROP TABLE IF EXISTS hot_accounts, hot_entries;
    CREATE TABLE hot_accounts (id int PRIMARY KEY, debits bigint NOT NULL DEFAULT 0, credits bigint NOT NULL DEFAULT 1000000000);
    CREATE TABLE hot_entries (id bigserial PRIMARY KEY, account int NOT NULL, amount bigint NOT NULL, created_at timestamptz DEFAULT now());
    INSERT INTO hot_accounts (id) SELECT generate_series(1, ${HOT_ACCOUNTS});`,
  // The same shape as a ledger transfer: lock both rows in id order, move, journal both sides.
  script: `\\set a random(1, ${HOT_ACCOUNTS})
\\set b random(1, ${HOT_ACCOUNTS - 1})
\\set b (:a + :b - 1) % ${HOT_ACCOUNTS} + 1
BEGIN;
SELECT id, debits, credits FROM hot_accounts WHERE id IN (:a, :b) ORDER BY id FOR UPDATE;
UPDATE hot_accounts SET debits = debits + 1 WHERE id = :a;
UPDATE hot_accounts SET credits = credits + 1 WHERE id = :b;
INSERT INTO hot_entries (account, amount) VALUES (:a, -1), (:b, 1);
END;
`,
};

function progress(message: string): void {
  process.stderr.write(`[bench:ledger] ${message}\n`);
}

interface LibraryRun {
  readonly transfersPerSecond: number;
  readonly refused: number;
  readonly p99Ms: number;
}

async function runLibrary(databaseUrl: string, owners: readonly string[], clients: number, durationS: number): Promise<LibraryRun> {
  const urls = databaseUrls(databaseUrl);
  const dataSource = createSubgraphDataSource({ schema: LEDGER_SCHEMA, url: urls.app, entities: [], poolSize: clients });
  await dataSource.initialize();
  const system = new Pool({ connectionString: urls.system, max: 1 });
  const ledger = createLedger();
  const { tenantId } = await provisionTenant(system, `Ledger bench ${randomUUID().slice(0, 8)}`);
  const scope: TenantScope = { tenantId, livemode: false };
  const move = (from: string, to: string, amountMinor: bigint, code: string) =>
    withTenantResult(dataSource, scope, (manager) =>
      ledger.execute(manager, scope, [{ kind: 'transfer', debit: from === 'rail' ? systemAccount(scope, 'rail_settlement', 'USD', 'bench') : customerBalance(from, 'USD'), credit: customerBalance(to, 'USD'), amountMinor, code }]),
    );
  for (const owner of owners) await move('rail', owner, 10_000_000n, 'deposit');

  const latencies = new LatencyRecorder();
  let done = 0;
  let refused = 0;
  const deadline = Date.now() + durationS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < deadline) {
        const a = Math.floor(Math.random() * owners.length);
        const b = (a + 1 + Math.floor(Math.random() * (owners.length - 1))) % owners.length;
        const started = performance.now();
        const result = await move(owners[a], owners[b], 1n + BigInt(Math.floor(Math.random() * 100)), 'internal_transfer');
        latencies.record(performance.now() - started);
        if (result.ok) done += 1;
        else refused += 1;
      }
    }),
  );
  await dataSource.destroy();
  await system.end();
  return { transfersPerSecond: done / durationS, refused, p99Ms: latencies.summarize().p99Ms };
}

/**
 * Waits until the platform's relay has handed over every event written so far (the library
 * phases leave tens of thousands), so the gateway phase measures steady state, not a backlog.
 */
async function relayCaughtUp(databaseUrl: string, timeoutMs = 120_000): Promise<void> {
  const pool = new Pool({ connectionString: databaseUrls(databaseUrl).system, max: 1 });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await pool.query<{ behind: number }>(
        `SELECT count(*)::int AS behind FROM events.events e, events.relay_state r
          WHERE r.name = 'default' AND (e.txid, e.id) > (r.txid, r.event_id)`,
      );
      if (rows[0].behind === 0) return;
      if (Date.now() > deadline) throw new Error(`the relay is still ${rows[0].behind} events behind`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await pool.end();
  }
}

async function main(): Promise<number> {
  const config = loadBenchConfig();
  const signal = new AbortController().signal;
  const clients = config.connections;
  const durationS = config.durationS;

  progress(`pgbench tpcb-like -c ${clients} -T ${durationS}`);
  const tpcb = await runPgbench({ serverUrl: config.databaseUrl, database: config.pgbenchDatabase, scale: config.pgbenchScale, clients, threads: config.pgbenchThreads, durationS, signal });
  progress(`pgbench ordered-lock transfers on ${HOT_ACCOUNTS} rows -c ${clients}`);
  const hotScript = await runPgbench({ serverUrl: config.databaseUrl, database: config.pgbenchDatabase, scale: 1, clients, threads: config.pgbenchThreads, durationS, signal, custom: HOT_SCRIPT });

  await prepareDatabase(config.databaseUrl, { seedDemo: true, demoApiKey: config.demoApiKey });
  progress(`ledger library: ${clients} clients over ${SPREAD_ACCOUNTS} accounts`);
  const spread = await runLibrary(config.databaseUrl, Array.from({ length: SPREAD_ACCOUNTS }, () => randomUUID()), clients, durationS);
  progress(`ledger library: ${clients} clients over ${HOT_ACCOUNTS} hot accounts`);
  const hot = await runLibrary(config.databaseUrl, Array.from({ length: HOT_ACCOUNTS }, () => randomUUID()), clients, durationS);

  progress(`tpcb ${tpcb.tps.toFixed(0)} TPS, ordered-lock script ${hotScript.tps.toFixed(0)} TPS, ledger ${spread.transfersPerSecond.toFixed(0)}/s spread, ${hot.transfersPerSecond.toFixed(0)}/s hot`);
  mkdirSync(path.join(REPO_ROOT, 'bench', 'results'), { recursive: true });
  const port = await findFreePort();
  progress(`gateway: createInternalTransfer at ${clients} connections`);
  const platform = await startPlatform({
    entryPath: GATEWAY_ENTRY,
    cwd: REPO_ROOT,
    env: { DATABASE_URL: config.databaseUrl, REDIS_URL: config.redisUrl, ORQUESTA_DEMO_API_KEY: config.demoApiKey, ORQUESTA_WEB_DIST: path.join(REPO_ROOT, 'bench', 'results', 'no-web-dist') },
    nodeArgs: config.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${config.cpuProfileDir}`] : [],
    port,
    readyTimeoutMs: config.readyTimeoutMs,
    logPath: path.join(REPO_ROOT, 'bench', 'results', 'platform-ledger.log'),
    signal,
  });
  let gateway;
  try {
    const url = `${platform.baseUrl}/graphql`;
    const client = createGraphqlClient({ url, apiKey: config.demoApiKey, timeoutMs: 10_000, signal });
    const accounts: string[] = [];
    for (let i = 0; i < 200; i += 1) {
      const created = await client.request<{ createAccount: { account: { id: string } } }>('mutation($name: String!) { createAccount(input: { type: BUSINESS, name: $name }) { account { id } } }', { name: `Bench payer ${i}` });
      const id = created.createAccount.account.id;
      await client.request('mutation($id: ID!, $key: String!) { simulateDeposit(input: { accountId: $id, amount: { amount: "1000000.00", currency: "USD" }, idempotencyKey: $key }) { balance { total } } }', { id, key: randomUUID() });
      accounts.push(id);
    }
    progress('waiting for the relay to hand over the library phases\' events');
    await relayCaughtUp(config.databaseUrl);
    const query = 'mutation($input: CreateInternalTransferInput!) { createInternalTransfer(input: $input) { transfer { id status } } }';
    const nextBody = () => {
      const a = Math.floor(Math.random() * accounts.length);
      const b = (a + 1 + Math.floor(Math.random() * (accounts.length - 1))) % accounts.length;
      return JSON.stringify({ query, variables: { input: { fromAccountId: accounts[a], toAccountId: accounts[b], amount: { amount: '0.01', currency: 'USD' }, idempotencyKey: randomUUID() } } });
    };
    const load = await runGatewayLoad({
      url,
      apiKey: config.demoApiKey,
      body: nextBody(),
      nextBody,
      connections: clients,
      durationS,
      warmupS: config.warmupS,
      platformPid: platform.pid,
      isValidBody: (body) => body.includes('"status":"COMPLETED"') && !body.includes('"errors"'),
      signal,
    });
    gateway = load.measured;
  } finally {
    await platform.stop();
  }

  const report = {
    pgbench: { tpcbTps: tpcb.tps, orderedLockScriptTps: hotScript.tps, clients },
    ledger: {
      spread: { ...spread, ratioToTpcb: spread.transfersPerSecond / tpcb.tps, target: TARGETS.ledgerVsTpcb },
      hot: { ...hot, ratioToScript: hot.transfersPerSecond / hotScript.tps, target: TARGETS.hotVsScript },
    },
    gateway: {
      transfersPerSecond: gateway.okPerSecond,
      p50Ms: gateway.latency.p50Ms,
      p99Ms: gateway.latency.p99Ms,
      errors: gateway.non2xx + gateway.invalidBodies + gateway.transportErrors,
      firstInvalidBody: gateway.firstInvalidBody,
      ratioToTpcb: gateway.okPerSecond / tpcb.tps,
      target: { ratio: TARGETS.gatewayVsTpcb, p99MsMax: TARGETS.gatewayP99MsMax },
    },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const rows: Array<[string, string, string]> = [
    ['ledger library, 1,000 accounts', `${spread.transfersPerSecond.toFixed(0)}/s vs tpcb ${tpcb.tps.toFixed(0)} TPS`, `${report.ledger.spread.ratioToTpcb.toFixed(2)} (≥ ${TARGETS.ledgerVsTpcb})`],
    ['ledger library, 10 hot accounts', `${hot.transfersPerSecond.toFixed(0)}/s vs script ${hotScript.tps.toFixed(0)} TPS`, `${report.ledger.hot.ratioToScript.toFixed(2)} (≥ ${TARGETS.hotVsScript})`],
    ['createInternalTransfer via gateway', `${gateway.okPerSecond.toFixed(0)}/s, p99 ${gateway.latency.p99Ms.toFixed(1)} ms`, `${report.gateway.ratioToTpcb.toFixed(2)} (≥ ${TARGETS.gatewayVsTpcb}, p99 ≤ ${TARGETS.gatewayP99MsMax})`],
  ];
  for (const [name, figures, ratio] of rows) process.stderr.write(`${name.padEnd(36)} ${figures.padEnd(40)} ratio ${ratio}\n`);
  const met =
    report.ledger.spread.ratioToTpcb >= TARGETS.ledgerVsTpcb &&
    report.ledger.hot.ratioToScript >= TARGETS.hotVsScript &&
    report.gateway.ratioToTpcb >= TARGETS.gatewayVsTpcb &&
    gateway.latency.p99Ms <= TARGETS.gatewayP99MsMax &&
    report.gateway.errors === 0;
  return met ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`[bench:ledger] failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  },
);
