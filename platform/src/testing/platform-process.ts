import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { captureChildOutput, testDatabaseUrl, testRedisUrl, waitUntilReady } from '@orquesta/testing';

const MAIN = join(__dirname, '..', 'main.js');
const LISTENING = /Orquesta is listening on http:\/\/127\.0\.0\.1:(\d+)/;

export interface PlatformProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  /** Everything the process printed so far (checked for secrets by the caller). */
  output(): string;
  /** Resolves with the signal (or exit code) once the process has ended. */
  exited(): Promise<NodeJS.Signals | number | null>;
}

/** The process ended before it was ready; `signal` says whether it was killed. */
export class PlatformExitedError extends Error {
  constructor(
    readonly signal: NodeJS.Signals | null,
    readonly code: number | null,
    output: string,
  ) {
    super(`the platform process ended before it was ready (signal ${signal}, code ${code}); its last output:\n${output.slice(-2_000)}`);
  }
}

function exitOf(child: ChildProcess): Promise<NodeJS.Signals | number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode ?? child.exitCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
}

/**
 * `npm start`'s entry point as its own process against the test database and Redis. It listens
 * on a port of its own choosing (PORT=0) and says which, so no other process on a busy machine
 * can take the port between a test's choice and the listen. Resolves once `/readyz` answers;
 * rejects with `PlatformExitedError` if the process ends first (a crash test's kill can land
 * while it starts), with its output. `entry` replaces `main.js` (it must print the same line).
 */
export async function startPlatformProcess(env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000, entry = MAIN): Promise<PlatformProcess> {
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, DATABASE_URL: testDatabaseUrl(), REDIS_URL: testRedisUrl(), ORQUESTA_WEB_DIST: '/nonexistent', ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureChildOutput(child);
  const exited = exitOf(child);
  const listening = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the platform process did not listen within ${timeoutMs} ms; its output:\n${output.text().slice(-2_000)}`)), timeoutMs);
    child.stdout!.on('data', () => {
      const match = LISTENING.exec(output.text());
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new PlatformExitedError(child.signalCode, child.exitCode, output.text()));
    });
  });
  try {
    const port = await listening;
    await Promise.race([waitUntilReady(port, timeoutMs), exited.then(() => Promise.reject(new PlatformExitedError(child.signalCode, child.exitCode, output.text())))]);
    return { child, port, url: `http://127.0.0.1:${port}/graphql`, output: () => output.text(), exited: () => exited };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
}
