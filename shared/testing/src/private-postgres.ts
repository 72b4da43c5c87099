import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './processes';

const run = promisify(execFile);
const BIN = process.env.ORQUESTA_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PrivatePostgres {
  /** A superuser URL on the given database (it is created by the platform's setup, not here). */
  urlFor(database: string): string;
  readonly port: number;
  /**
   * Stops the server (`fast`: clean shutdown, sessions ended; `immediate`: as a crash, WAL
   * recovery on start), waits `downMs`, and starts it again on the same port.
   */
  restart(options?: { mode?: 'fast' | 'immediate'; downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

async function postgresUid(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * A PostgreSQL cluster of the test's own (initdb in a temp dir, a free port, trust auth, no
 * fsync: a killed server loses nothing the OS holds; synchronous_commit stays on, or a crash
 * would lose commits already acknowledged), which the test may restart or crash at will: the shared server at 5432 must never be
 * touched. Runs as the `postgres` OS user (`runuser`), as initdb refuses root.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'orquesta-pg-'));
  const { uid, gid } = await postgresUid();
  chownSync(dir, uid, gid);
  const data = join(dir, 'data');
  const port = await freePort();
  const asPostgres = (command: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', join(BIN, command), ...args], { cwd: dir });
  await asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=150`;
  const start = () => asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  const stopServer = (mode: 'fast' | 'immediate') => asPostgres('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
  await start();
  let running = true;
  return {
    port,
    urlFor: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async restart({ mode = 'fast', downMs = 0 } = {}) {
      await stopServer(mode);
      running = false;
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
      running = true;
    },
    async stop() {
      if (running) await stopServer('immediate').catch(() => undefined);
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
