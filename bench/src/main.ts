import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { ACCOUNTS_50_QUERY, ACCOUNTS_50_REQUEST_BODY, checkAccounts50Body } from './accounts50.query';
import { loadBenchConfig, redactUrl, type BenchConfig } from './bench.config';
import { seedDemoTenant } from './demo-tenant.seed';
import { runGatewayLoad } from './gateway-load.runner';
import { cpuBetween, takeCpuSnapshot } from './cpu-usage.sampler';
import { createGraphqlClient } from './graphql.client';
import { runPgbench } from './pgbench.runner';
import { findFreePort, startPlatform } from './platform.process';
import { evaluateTarget, failedRequests, formatReportTable, type BenchReport } from './report';

const SEED = { accountsMin: 50, agentsPerAccountMin: 2 } as const;
const API_TIMEOUT_MS = 10_000;
// Everything but the timed phases is small; this bounds a run that hangs somewhere unforeseen.
const OVERALL_SLACK_MS = 5 * 60_000;

// More than this many cores busy before anything starts means someone else is using the machine.
const BUSY_BEFORE_RUN_WARN_CORES = 0.25;

const EXIT_PASS = 0;
const EXIT_TARGET_MISSED = 1;
const EXIT_BENCH_FAILED = 2;
const EXIT_INTERRUPTED = 130;

// Compiled to dist/bench/src/main.js; the repository root is three levels up.
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');
const GATEWAY_ENTRY = path.join(REPO_ROOT, 'dist', 'platform', 'src', 'main.js');

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Sends the measured query once and returns the body, refusing anything but a full, error-free page. */
async function preflight(url: string, apiKey: string, signal: AbortSignal): Promise<{ body: string; accounts: number; agents: number }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: ACCOUNTS_50_REQUEST_BODY,
    signal: AbortSignal.any([signal, AbortSignal.timeout(API_TIMEOUT_MS)]),
  });
  const body = await response.text();
  const check = checkAccounts50Body(body, SEED.agentsPerAccountMin);
  if (response.status !== 200 || !check.ok) {
    throw new Error(`pre-flight Accounts50 failed (HTTP ${response.status}): ${check.ok ? body.slice(0, 500) : check.problem}`);
  }
  return { body, accounts: check.accounts, agents: check.agents };
}

/** How busy the machine is with nothing of ours running, over one second. */
async function busyCoresNow(signal: AbortSignal): Promise<number | null> {
  const before = takeCpuSnapshot();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  signal.throwIfAborted();
  const after = takeCpuSnapshot();
  return before && after ? cpuBetween(before, after).machineBusyCores : null;
}

function writeResults(report: BenchReport): string {
  const target = path.join(RESULTS_DIR, 'latest.json');
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(report, null, 2)}\n`);
  renameSync(temporary, target);
  return target;
}

async function bench(config: BenchConfig, signal: AbortSignal): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  if (!existsSync(GATEWAY_ENTRY)) {
    throw new Error(`${GATEWAY_ENTRY} does not exist; the gateway must build before it can be measured`);
  }

  const busyCoresBeforeRun = await busyCoresNow(signal);
  if (busyCoresBeforeRun !== null && busyCoresBeforeRun > BUSY_BEFORE_RUN_WARN_CORES) {
    progress(`warning: ${busyCoresBeforeRun.toFixed(2)} cores were already busy before the bench started; figures will be low`);
  }

  // First, with the platform not yet running, so the two measurements don't share the CPUs.
  progress(`pgbench baseline: -c ${config.connections} -j ${config.pgbenchThreads} -T ${config.durationS} on ${config.pgbenchDatabase}`);
  const pgbench = await runPgbench({
    serverUrl: config.databaseUrl,
    database: config.pgbenchDatabase,
    scale: config.pgbenchScale,
    clients: config.connections,
    threads: config.pgbenchThreads,
    durationS: config.durationS,
    signal,
  });
  progress(`pgbench: ${pgbench.tps.toFixed(0)} TPS`);

  const port = await findFreePort();
  const logPath = path.join(RESULTS_DIR, 'platform.log');
  if (config.cpuProfileDir) mkdirSync(config.cpuProfileDir, { recursive: true });
  progress(`starting the platform on port ${port} (output in ${path.relative(REPO_ROOT, logPath)})`);
  const startMs = Date.now();
  const platform = await startPlatform({
    entryPath: GATEWAY_ENTRY,
    cwd: REPO_ROOT,
    env: {
      DATABASE_URL: config.databaseUrl,
      REDIS_URL: config.redisUrl,
      ORQUESTA_DEMO_API_KEY: config.demoApiKey,
      // A directory that doesn't exist: the dashboard's static files are not what is measured.
      ORQUESTA_WEB_DIST: path.join(RESULTS_DIR, 'no-web-dist'),
    },
    nodeArgs: config.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${config.cpuProfileDir}`] : [],
    port,
    readyTimeoutMs: config.readyTimeoutMs,
    logPath,
    signal,
  });
  const startupMs = Date.now() - startMs;
  progress(`platform ready in ${startupMs} ms (pid ${platform.pid})`);

  try {
    const graphqlUrl = `${platform.baseUrl}/graphql`;
    const seedStartMs = Date.now();
    const seed = await seedDemoTenant(createGraphqlClient({ url: graphqlUrl, apiKey: config.demoApiKey, timeoutMs: API_TIMEOUT_MS, signal }), SEED);
    const reference = await preflight(graphqlUrl, config.demoApiKey, signal);
    progress(
      `seeded in ${Date.now() - seedStartMs} ms (+${seed.accountsCreated} accounts, +${seed.agentsCreated} agents); ` +
        `Accounts50 answers ${reference.accounts} accounts, ${reference.agents} agents, ${Buffer.byteLength(reference.body)} bytes`,
    );

    progress(`load: ${config.connections} connections, ${config.warmupS} s warm-up then ${config.durationS} s measured`);
    const load = await runGatewayLoad({
      url: graphqlUrl,
      apiKey: config.demoApiKey,
      body: ACCOUNTS_50_REQUEST_BODY,
      connections: config.connections,
      durationS: config.durationS,
      warmupS: config.warmupS,
      platformPid: platform.pid,
      // Nothing writes during the load, so a correct answer is byte-identical to the pre-flight
      // one; any other body gets the full check, which fails on an `errors` array or a short page.
      isValidBody: (body) => body === reference.body || checkAccounts50Body(body, SEED.agentsPerAccountMin).ok,
      signal,
    });
    const measured = load.measured;
    const rps = measured.okPerSecond;
    return {
      schemaVersion: 1,
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        busyCoresBeforeRun,
      },
      config: {
        durationS: config.durationS,
        connections: config.connections,
        warmupS: config.warmupS,
        databaseUrl: redactUrl(config.databaseUrl),
        query: ACCOUNTS_50_QUERY,
        cpuProfileDir: config.cpuProfileDir ?? null,
      },
      pgbench,
      gateway: {
        url: graphqlUrl,
        startupMs,
        seed: { ...seed, accounts: reference.accounts, agents: reference.agents },
        responseBytes: Buffer.byteLength(reference.body),
        warmup: load.warmup,
        measured,
        rps,
        failedRequests: failedRequests(measured),
      },
      gatewayRpsPerPgbenchTps: pgbench.tps > 0 ? rps / pgbench.tps : 0,
      target: evaluateTarget(measured),
    };
  } finally {
    progress('stopping the platform');
    await platform.stop();
  }
}

async function main(): Promise<number> {
  const config = loadBenchConfig();
  mkdirSync(RESULTS_DIR, { recursive: true });

  const controller = new AbortController();
  let signalsSeen = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signalsSeen += 1;
    // The first signal stops cleanly (platform killed, nothing written); a second one exits now
    // and leaves the `exit` hook to SIGKILL whatever is still running.
    if (signalsSeen > 1) process.exit(EXIT_INTERRUPTED);
    progress(`${signal}: stopping`);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const overallMs = (config.durationS * 2 + config.warmupS) * 1000 + config.readyTimeoutMs + OVERALL_SLACK_MS;
  const deadline = setTimeout(() => controller.abort(new Error(`bench still running after ${overallMs} ms`)), overallMs);
  deadline.unref();

  try {
    const report = await bench(config, controller.signal);
    const resultsPath = writeResults(report);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(`\n${formatReportTable(report)}\n`);
    progress(`written to ${path.relative(REPO_ROOT, resultsPath)}`);
    return report.target.pass ? EXIT_PASS : EXIT_TARGET_MISSED;
  } catch (error) {
    if (controller.signal.aborted) {
      const reason = controller.signal.reason instanceof Error ? controller.signal.reason.message : String(controller.signal.reason);
      progress(`aborted: ${reason}`);
      return signalsSeen > 0 ? EXIT_INTERRUPTED : EXIT_BENCH_FAILED;
    }
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT_BENCH_FAILED;
  } finally {
    clearTimeout(deadline);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    progress(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = EXIT_BENCH_FAILED;
  },
);
