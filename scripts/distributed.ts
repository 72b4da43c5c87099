import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

// `npm run start:distributed`: the same code as separate processes on this machine, as
// docker-compose.yml runs it: setup once, then five subgraphs, a worker and the gateway.

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist', 'platform', 'src', 'distributed');
const SUBGRAPH_PORTS: Record<string, number> = { accounts: 4001, payments: 4002, agents: 4003, streams: 4004, treasury: 4005 };

const setup = spawnSync(process.execPath, [join(DIST, 'setup-main.js')], { stdio: 'inherit', env: process.env });
if (setup.status !== 0) process.exit(setup.status ?? 1);

const children: ChildProcess[] = [];
function run(label: string, script: string, args: string[], env: Record<string, string>): void {
  const child = spawn(process.execPath, [join(DIST, script), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).map((line) => `[${label}] ${line}\n`).join('');
  child.stdout!.on('data', (chunk: Buffer) => process.stdout.write(prefix(chunk)));
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  child.on('exit', (code) => process.stdout.write(`[${label}] exited with ${code}\n`));
  children.push(child);
}

for (const [name, port] of Object.entries(SUBGRAPH_PORTS)) run(name, 'subgraph-main.js', [name], { PORT: String(port) });
run('worker', 'worker-main.js', [], {
  PORT: '4009',
  // The simulated rails call back into the gateway below.
  ORQUESTA_RAIL_CALLBACK_URL: process.env.ORQUESTA_RAIL_CALLBACK_URL ?? `http://127.0.0.1:${process.env.PORT ?? '4000'}/callbacks/rails`,
});
run('gateway', 'gateway-main.js', [], { PORT: process.env.PORT ?? '4000', ORQUESTA_WEB_DIST: process.env.ORQUESTA_WEB_DIST ?? join(ROOT, 'web', 'dist') });

const stop = () => {
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
