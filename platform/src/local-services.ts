import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';

// `npm start` and `npm test` on a machine where PostgreSQL and Redis are installed but stopped:
// start them, as .ci/run does, when the configured address is this machine's standard port. A
// remote server, another port, or a server that is not installed is left alone: the
// reachability checks that follow say what to do.

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const START_WAIT_MS = 30_000;

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port, timeout: 1_000 });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

async function waitListening(host: string, port: number): Promise<boolean> {
  const deadline = Date.now() + START_WAIT_MS;
  while (Date.now() < deadline) {
    if (await listening(host, port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function run(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: START_WAIT_MS });
    return true;
  } catch {
    return false;
  }
}

async function ensurePostgres(databaseUrl: string, say: (line: string) => void): Promise<void> {
  const url = new URL(databaseUrl);
  const port = Number(url.port || 5432);
  if (!LOCAL_HOSTS.has(url.hostname) || port !== 5432 || (await listening(url.hostname, port))) return;
  if (!existsSync('/etc/postgresql')) return;
  for (const version of readdirSync('/etc/postgresql')) {
    say(`PostgreSQL is not running on port ${port}: starting cluster ${version}/main`);
    if (run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']) && (await waitListening(url.hostname, port))) return;
  }
}

async function ensureRedis(redisUrl: string, say: (line: string) => void): Promise<void> {
  const url = new URL(redisUrl);
  const port = Number(url.port || 6379);
  if (!LOCAL_HOSTS.has(url.hostname) || port !== 6379 || (await listening(url.hostname, port))) return;
  say(`Redis is not running on port ${port}: starting redis-server (no persistence)`);
  const dir = '/var/lib/redis';
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    // not ours to create: redis-server then works in the current directory
  }
  const args = ['--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', String(port), '--save', '', '--appendonly', 'no'];
  if (existsSync(dir)) args.push('--dir', dir);
  if (run('redis-server', args)) await waitListening(url.hostname, port);
}

/** Starts a stopped local PostgreSQL and Redis; anything else is for the caller's checks. */
export async function startLocalServicesIfDown(databaseUrl: string, redisUrl: string, say: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<void> {
  await ensurePostgres(databaseUrl, say);
  await ensureRedis(redisUrl, say);
}
