import { execSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { assertRedisReachable, prepareDatabase, startLocalServicesIfDown } from '@orquesta/platform';

// `npm test`: prepares the test database, runs every compiled test file with node's test
// runner (real PostgreSQL, Redis, HTTP, websockets and Chromium), and ends with one plain
// "N passed, N failed" line.

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');

function testDatabaseUrl(): string {
  if (process.env.ORQUESTA_TEST_DATABASE_URL) return process.env.ORQUESTA_TEST_DATABASE_URL;
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/orquesta');
  // Tests never touch the development database: same server, its own database.
  url.pathname = '/orquesta_test';
  return url.toString();
}

function testFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...testFiles(path));
    else if (/\.test\.m?js$/.test(name)) found.push(path);
  }
  return found.sort();
}

// The dashboard's tests drive Debian's Chromium, never a browser a tool downloads.
const CHROMIUM = '/usr/bin/chromium';

/** Installs Debian's Chromium when it is missing and we may (root with apt-get); else says how. */
function ensureChromium(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const root = process.getuid?.() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    process.stdout.write('Chromium is missing: installing Debian\'s chromium (apt-get install -y chromium)\n');
    try {
      execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'ignore', timeout: 600_000 });
    } catch {
      // reported below
    }
    if (existsSync(CHROMIUM)) return true;
  }
  process.stdout.write(`Chromium is missing: run \`${root ? '' : 'sudo '}apt-get install -y chromium\` for the dashboard's browser tests; every other suite runs now.\n`);
  return false;
}

async function main(): Promise<number> {
  const databaseUrl = testDatabaseUrl();
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  await startLocalServicesIfDown(databaseUrl, redisUrl);
  await assertRedisReachable(redisUrl);
  await prepareDatabase(databaseUrl, { seedDemo: false });

  const only = process.argv.slice(2);
  const browser = ensureChromium();
  const files = testFiles(DIST)
    .filter((file) => only.length === 0 || only.some((part) => file.includes(part)))
    .filter((file) => browser || !file.includes(`${join('web', 'e2e')}`));
  process.stdout.write(`Running ${files.length} test files against ${new URL(databaseUrl).pathname.slice(1)}\n`);

  // Every test process runs webhook workers on the same queue, so they share one test
  // configuration: local receivers allowed, a retry schedule of seconds, short locks and
  // timeouts; and authentication failures wait milliseconds, not the production 100–300 ms.
  const testEnv = {
    ORQUESTA_WEBHOOK_ALLOWLIST: '127.0.0.1',
    ORQUESTA_WEBHOOK_RETRY_DELAYS_MS: '400,800,1600,3200,6400,12800,25600,51200,102400',
    ORQUESTA_WEBHOOK_TIMEOUT_MS: '3000',
    ORQUESTA_WEBHOOK_LOCK_MS: '3000',
    ORQUESTA_WEBHOOK_SWEEP_INTERVAL_MS: '1000',
    ORQUESTA_AUTH_DELAY_MS: '0,5',
  };
  // Password hashing at a test cost (the production floor is 2^17).
  const identityTestEnv = { ORQUESTA_SCRYPT_LOG_N: '12' };
  // Rates stay where the seed put them unless a test ticks the simulated feed itself: a tick
  // between a test's fxRate read and its quote would change what the quote locks.
  const payoutTestEnv = { ORQUESTA_RATE_FEED_INTERVAL_MS: '0' };
  // A file may take 5 minutes: the bank test restarts the whole platform (30–40 s each on a
  // busy 2-core machine), PostgreSQL and Redis twice each while its clients run.
  const child = spawn(
    process.execPath,
    ['--test', '--test-concurrency=2', '--test-timeout=300000', '--test-reporter=spec', ...files.map((file) => relative(ROOT, file))],
    { cwd: ROOT, env: { ...testEnv, ...identityTestEnv, ...payoutTestEnv, ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, ORQUESTA_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stdout.write(chunk);
  });
  const code: number = await new Promise((resolve) => child.on('close', (exitCode) => resolve(exitCode ?? 1)));
  const count = (label: string) => Number(new RegExp(`ℹ ${label} (\\d+)`).exec(output)?.[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  if (passed + failed === 0) process.stdout.write('no test ran\n');
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return code === 0 && failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.stdout.write('0 passed, 1 failed\n');
    process.exit(1);
  },
);
