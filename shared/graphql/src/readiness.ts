import type { ServerResponse } from 'node:http';
import { sendJson } from './http-graphql';

/** What a process depends on, each a probe that resolves while it answers: `{ postgres, redis }`. */
export type ReadinessChecks = Readonly<Record<string, () => Promise<unknown>>>;

export interface Readiness {
  readonly ready: boolean;
  /** Every dependency by name: 'up' or 'down'. */
  readonly checks: Readonly<Record<string, 'up' | 'down'>>;
}

// A probe on a dead dependency may hang (a Redis command waits for the reconnect, a pool for a
// free slot): a load balancer's probe needs an answer well inside its own timeout.
const PROBE_TIMEOUT_MS = 1_500;

function within<T>(probe: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
  });
  return Promise.race([probe, timeout]).finally(() => clearTimeout(timer));
}

/** Runs every probe at once; ready only when all answer. */
export async function checkReadiness(checks: ReadinessChecks, timeoutMs = PROBE_TIMEOUT_MS): Promise<Readiness> {
  const names = Object.keys(checks);
  const results = await Promise.all(
    names.map((name) =>
      within(Promise.resolve().then(checks[name]), timeoutMs).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
    ),
  );
  const state = Object.fromEntries(names.map((name, index) => [name, results[index]]));
  return { ready: results.every((result) => result === 'up'), checks: state };
}

/**
 * `GET /readyz`: 200 `{ "status": "ready", "checks": {…} }`, or 503 `{ "status": "not ready",
 * "down": ["postgres"], "checks": {…} }` while a dependency is unreachable. It turns ready again
 * by itself once the dependency is back; `/healthz` (liveness) stays 200 throughout.
 */
export async function serveReadiness(res: ServerResponse, checks: ReadinessChecks): Promise<void> {
  const readiness = await checkReadiness(checks);
  const down = Object.entries(readiness.checks).filter(([, state]) => state === 'down').map(([name]) => name);
  res.setHeader('cache-control', 'no-store');
  if (readiness.ready) return sendJson(res, 200, { status: 'ready', checks: readiness.checks });
  sendJson(res, 503, { status: 'not ready', down, checks: readiness.checks });
}
