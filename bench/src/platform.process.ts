import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';

export interface PlatformProcessOptions {
  /** The gateway's compiled entry point (all-in-one mode). */
  readonly entryPath: string;
  readonly cwd: string;
  /** Merged over the bench's own environment. */
  readonly env: Record<string, string>;
  readonly nodeArgs: readonly string[];
  readonly port: number;
  readonly readyTimeoutMs: number;
  /** Everything the platform writes to stdout and stderr goes here. */
  readonly logPath: string;
  readonly signal: AbortSignal;
}

export interface PlatformProcess {
  readonly baseUrl: string;
  readonly pid: number;
  /** The last lines of the platform's output, for error messages. */
  logTail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

const READY_POLL_INTERVAL_MS = 250;
const READY_PROBE_TIMEOUT_MS = 2_000;
const LOG_TAIL_CHARS = 4_000;
// Longer than the platform's own 10 s forced exit, so a graceful stop (and its CPU profile) wins.
const STOP_GRACE_MS = 15_000;

// Children still alive are killed when the bench exits however it exits (error, SIGINT, a
// thrown exception): `exit` listeners run synchronously, so this only sends signals.
const liveChildren = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of liveChildren) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // The platform runs in its own process group (detached), so this reaches anything it spawned.
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/** A port nobody listens on right now: bind port 0, read what the kernel chose, release it. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the bound port'));
      });
    });
  });
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Starts the platform as a child process and resolves once `GET /readyz` answers 200. Rejects
 * (with the tail of its output) when it exits first or isn't ready within `readyTimeoutMs`;
 * the process is stopped before rejecting.
 */
export async function startPlatform(options: PlatformProcessOptions): Promise<PlatformProcess> {
  options.signal.throwIfAborted();
  const log = createWriteStream(options.logPath, { flags: 'w' });
  let tail = '';
  const child = spawn(process.execPath, [...options.nodeArgs, options.entryPath], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, PORT: String(options.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  liveChildren.add(child);
  const onOutput = (chunk: Buffer): void => {
    log.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-LOG_TAIL_CHARS);
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);

  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      liveChildren.delete(child);
      resolve();
    });
    child.once('error', (error) => {
      tail += `\n[bench] spawn failed: ${error.message}`;
      liveChildren.delete(child);
      resolve();
    });
  });
  exited.then(() => log.end(), () => log.end());

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = STOP_GRACE_MS): Promise<void> => {
    stopping ??= (async () => {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };

  const baseUrl = `http://127.0.0.1:${options.port}`;
  const platform: PlatformProcess = { baseUrl, pid: child.pid ?? -1, logTail: () => tail, stop };
  const deadline = Date.now() + options.readyTimeoutMs;
  let lastProblem = 'no answer yet';
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null || !liveChildren.has(child)) {
        throw new Error(`platform exited before it was ready (code ${child.exitCode}, signal ${child.signalCode})`);
      }
      if (Date.now() > deadline) {
        throw new Error(`platform not ready after ${options.readyTimeoutMs} ms (last probe: ${lastProblem})`);
      }
      try {
        const response = await fetch(`${baseUrl}/readyz`, {
          signal: AbortSignal.any([options.signal, AbortSignal.timeout(READY_PROBE_TIMEOUT_MS)]),
        });
        await response.arrayBuffer();
        if (response.status === 200) return platform;
        lastProblem = `HTTP ${response.status}`;
      } catch (error) {
        options.signal.throwIfAborted();
        lastProblem = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      }
      await delay(READY_POLL_INTERVAL_MS, options.signal);
    }
  } catch (error) {
    await stop(2_000);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\n--- platform output (tail) ---\n${tail.trimEnd()}\n--- full log: ${options.logPath} ---`);
  }
}
