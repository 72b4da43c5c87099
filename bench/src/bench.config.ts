import { createHash } from 'node:crypto';

/** What one `npm run bench` does, read once from the environment with the documented defaults. */
export interface BenchConfig {
  readonly durationS: number;
  readonly connections: number;
  readonly warmupS: number;
  /** The platform's database; pgbench uses the same server with its own scratch database. */
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly pgbenchDatabase: string;
  readonly pgbenchScale: number;
  readonly pgbenchThreads: number;
  /** The demo tenant's test key the platform is started with (`ORQUESTA_DEMO_API_KEY`). */
  readonly demoApiKey: string;
  /** Directory for `node --cpu-prof` profiles of the platform; profiling is off when unset. */
  readonly cpuProfileDir: string | undefined;
  readonly readyTimeoutMs: number;
}

export const TARGET = { rpsMin: 1000, p99MsMax: 50 } as const;

// A fixed key (not a secret: it only opens the local bench tenant) so that re-runs against the
// same database keep authenticating after the first seed.
const BENCH_DEMO_API_KEY = `pk_test_${createHash('sha256').update('orquesta-bench-demo-tenant').digest('hex')}`;
const API_KEY_PATTERN = /^pk_test_[0-9a-f]{64}$/;

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be an integer between 1 and ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function loadBenchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const demoApiKey = env.ORQUESTA_DEMO_API_KEY ?? BENCH_DEMO_API_KEY;
  if (!API_KEY_PATTERN.test(demoApiKey)) {
    throw new Error('ORQUESTA_DEMO_API_KEY must be pk_test_ followed by 64 lowercase hex characters');
  }
  const databaseUrl = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/orquesta_bench';
  new URL(databaseUrl); // throws early on a malformed URL rather than inside a child process
  return {
    durationS: positiveInt(env, 'BENCH_DURATION_S', 15, 3600),
    connections: positiveInt(env, 'BENCH_CONNECTIONS', 16, 1024),
    // Zero is not allowed: the first requests pay for JIT, pool connections and plan caches.
    warmupS: positiveInt(env, 'BENCH_WARMUP_S', 3, 600),
    databaseUrl,
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    pgbenchDatabase: 'orquesta_bench_pgbench',
    pgbenchScale: 1,
    pgbenchThreads: 2,
    demoApiKey,
    cpuProfileDir: env.BENCH_CPU_PROF_DIR || undefined,
    readyTimeoutMs: 60_000,
  };
}

/** The URL with its password masked, for output that may be pasted into a ticket. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
