import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What pgbench reports for one timed run. */
export interface PgbenchResult {
  readonly database: string;
  readonly scale: number;
  readonly clients: number;
  readonly threads: number;
  readonly durationS: number;
  readonly tps: number;
  readonly latencyAvgMs: number | undefined;
  readonly transactions: number | undefined;
  readonly failedTransactions: number | undefined;
}

export interface PgbenchOptions {
  /** Any URL on the server to measure; only host, port and user are used. */
  readonly serverUrl: string;
  readonly database: string;
  readonly scale: number;
  readonly clients: number;
  readonly threads: number;
  readonly durationS: number;
  readonly signal: AbortSignal;
  readonly pgbenchPath?: string;
  readonly psqlPath?: string;
  /** A custom script instead of tpcb-like: its SQL set-up (run first) and its pgbench script text. */
  readonly custom?: { readonly setupSql: string; readonly script: string };
}

// Generous against a scale-1 init (well under a second here) but still a bound.
const SETUP_TIMEOUT_MS = 60_000;
// pgbench stops itself at -T; the slack covers connection set-up and a slow final commit.
const RUN_SLACK_MS = 30_000;

interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
}

function runCommand(file: string, args: readonly string[], timeoutMs: number, signal: AbortSignal): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', signal, maxBuffer: 4 * 1024 * 1024, env: { ...process.env, PGCONNECT_TIMEOUT: '10' } },
      (error, stdout, stderr) => {
        if (error) {
          const reason = error.killed ? `killed after ${timeoutMs} ms or on abort` : error.message;
          reject(new Error(`${file} ${args.join(' ')} failed: ${reason}\n${stderr.trim()}`));
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}

function connectionArgs(serverUrl: string): string[] {
  const url = new URL(serverUrl);
  return ['-h', decodeURIComponent(url.hostname || '127.0.0.1'), '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres')];
}

/**
 * Reads the figures out of pgbench's summary. Only `tps` is required; the rest is reported
 * when present (PostgreSQL 15 prints all of them).
 */
export function parsePgbenchOutput(output: string): Pick<PgbenchResult, 'tps' | 'latencyAvgMs' | 'transactions' | 'failedTransactions'> {
  const number = (pattern: RegExp): number | undefined => {
    const match = pattern.exec(output);
    return match ? Number(match[1]) : undefined;
  };
  const tps = number(/^tps = ([0-9.]+)/m);
  if (tps === undefined || !Number.isFinite(tps)) {
    throw new Error(`pgbench output has no "tps = …" line:\n${output}`);
  }
  return {
    tps,
    latencyAvgMs: number(/^latency average = ([0-9.]+) ms/m),
    transactions: number(/^number of transactions actually processed: ([0-9]+)/m),
    failedTransactions: number(/^number of failed transactions: ([0-9]+)/m),
  };
}

/** Creates the scratch database when missing; its name is interpolated, so it must be a plain identifier. */
async function ensureDatabase(options: PgbenchOptions): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.database)) {
    throw new Error(`refusing pgbench database name ${JSON.stringify(options.database)}`);
  }
  const psql = options.psqlPath ?? 'psql';
  const { stdout } = await runCommand(
    psql,
    [...connectionArgs(options.serverUrl), '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-tAc', `SELECT 1 FROM pg_database WHERE datname = '${options.database}'`],
    SETUP_TIMEOUT_MS,
    options.signal,
  );
  if (stdout.trim() === '1') return;
  await runCommand(
    psql,
    [...connectionArgs(options.serverUrl), '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${options.database}`],
    SETUP_TIMEOUT_MS,
    options.signal,
  );
}

/**
 * pgbench's built-in TPC-B-like script against a freshly initialised scratch database on the
 * same server as the platform: the "what can this box do" baseline the gateway is read against.
 */
export async function runPgbench(options: PgbenchOptions): Promise<PgbenchResult> {
  const pgbench = options.pgbenchPath ?? 'pgbench';
  await ensureDatabase(options);
  let scriptArgs = ['-b', 'tpcb-like'];
  if (options.custom) {
    const directory = mkdtempSync(join(tmpdir(), 'orquesta-pgbench-'));
    const scriptPath = join(directory, 'script.sql');
    writeFileSync(scriptPath, options.custom.script);
    await runCommand(
      options.psqlPath ?? 'psql',
      [...connectionArgs(options.serverUrl), '-d', options.database, '-v', 'ON_ERROR_STOP=1', '-q', '-c', options.custom.setupSql],
      SETUP_TIMEOUT_MS,
      options.signal,
    );
    scriptArgs = ['-f', scriptPath];
  } else {
    // Re-initialised every run so earlier runs' history rows and bloat don't skew the figure.
    await runCommand(
      pgbench,
      [...connectionArgs(options.serverUrl), '-i', '-s', String(options.scale), '-q', options.database],
      SETUP_TIMEOUT_MS,
      options.signal,
    );
  }
  const { stdout } = await runCommand(
    pgbench,
    [
      ...connectionArgs(options.serverUrl),
      '-c', String(options.clients),
      '-j', String(options.threads),
      '-T', String(options.durationS),
      ...scriptArgs,
      // -n: the init above already vacuumed; vacuuming again only adds noise to the timing.
      '-n',
      options.database,
    ],
    options.durationS * 1000 + RUN_SLACK_MS,
    options.signal,
  );
  return {
    database: options.database,
    scale: options.scale,
    clients: options.clients,
    threads: options.threads,
    durationS: options.durationS,
    ...parsePgbenchOutput(stdout),
  };
}
