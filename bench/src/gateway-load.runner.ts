import autocannon from 'autocannon';
import { cpuBetween, takeCpuSnapshot, type CpuBreakdown } from './cpu-usage.sampler';
import { LatencyRecorder, type LatencySummary } from './latency.stats';

export interface GatewayLoadOptions {
  /** The full endpoint, e.g. http://127.0.0.1:4123/graphql. */
  readonly url: string;
  readonly apiKey: string;
  /** JSON request body, sent unchanged on every request. */
  readonly body: string;
  /** When set, each request's body comes from here instead (a fresh idempotency key, say). */
  readonly nextBody?: () => string;
  /** Each request's body and credential (agents: each pays with its own token); wins over nextBody. */
  readonly nextRequest?: () => { readonly body: string; readonly apiKey: string };
  readonly connections: number;
  readonly durationS: number;
  readonly warmupS: number;
  /** Decides whether a 2xx body is a correct answer; called for every 2xx response. */
  readonly isValidBody: (body: string) => boolean;
  readonly signal: AbortSignal;
  /** Per-request bound; a request slower than this is a timeout and counts as an error. */
  readonly requestTimeoutS?: number;
  /** The platform's process, whose CPU use is reported apart from PostgreSQL's and the bench's. */
  readonly platformPid?: number;
}

/** One autocannon phase, counted so that every response lands in exactly one bucket. */
export interface LoadPhaseResult {
  readonly durationS: number;
  readonly responses: number;
  /** 2xx with a body that passed `isValidBody`. */
  readonly ok: number;
  readonly non2xx: number;
  /** 2xx whose body failed `isValidBody`: a GraphQL `errors` array or a wrong page. */
  readonly invalidBodies: number;
  /** Connection errors and timeouts: requests that got no response at all. */
  readonly transportErrors: number;
  readonly timeouts: number;
  readonly okPerSecond: number;
  /** Of the `ok` responses only. */
  readonly latency: LatencySummary;
  /** autocannon's own histogram (whole milliseconds, 2xx), kept for cross-checking. */
  readonly autocannonLatencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
  readonly statusCodes: Record<string, number>;
  /** The first rejected 2xx body, truncated, so a failing run says why. */
  readonly firstInvalidBody: string | undefined;
  /** Who kept the CPUs busy during the phase; null where /proc is unavailable. */
  readonly cpu: CpuBreakdown | null;
}

export interface GatewayLoadResult {
  readonly warmup: LoadPhaseResult;
  readonly measured: LoadPhaseResult;
}

async function runPhase(options: GatewayLoadOptions, title: string, durationS: number): Promise<LoadPhaseResult> {
  options.signal.throwIfAborted();
  const latencies = new LatencyRecorder();
  let ok = 0;
  let invalidBodies = 0;
  let responses = 0;
  let firstInvalidBody: string | undefined;
  // autocannon emits `response` and then calls `verifyBody` for the same response in one
  // synchronous step, so the status seen last is the status of the body being verified.
  let lastStatus = 0;
  let lastResponseTimeMs = 0;

  const instance = autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` },
    body: options.body,
    ...(options.nextRequest
      ? {
          requests: [{
            setupRequest: (request: Record<string, unknown>) => {
              const next = options.nextRequest!();
              return { ...request, body: next.body, headers: { ...(request.headers as Record<string, string>), authorization: `Bearer ${next.apiKey}` } };
            },
          }],
        }
      : options.nextBody
        ? { requests: [{ setupRequest: (request: Record<string, unknown>) => ({ ...request, body: options.nextBody!() }) }] }
        : {}),
    connections: options.connections,
    duration: durationS,
    timeout: options.requestTimeoutS ?? 10,
    title,
    verifyBody: (body) => {
      if (lastStatus < 200 || lastStatus >= 300) return true; // already counted as non-2xx
      if (options.isValidBody(body)) {
        ok++;
        latencies.record(lastResponseTimeMs);
        return true;
      }
      invalidBodies++;
      firstInvalidBody ??= body.slice(0, 500);
      return false;
    },
  });
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    responses++;
    lastStatus = statusCode;
    lastResponseTimeMs = responseTimeMs;
  });
  const stop = (): void => instance.stop();
  options.signal.addEventListener('abort', stop, { once: true });
  const cpuBefore = takeCpuSnapshot(options.platformPid);
  let result: autocannon.Result;
  try {
    result = await instance;
  } finally {
    options.signal.removeEventListener('abort', stop);
  }
  const cpuAfter = takeCpuSnapshot(options.platformPid);
  options.signal.throwIfAborted();

  // Every response is in exactly one bucket, and autocannon agrees about the buckets it keeps.
  if (ok + invalidBodies + result.non2xx !== responses || result.mismatches !== invalidBodies || result['2xx'] !== ok + invalidBodies) {
    throw new Error(
      `response accounting does not add up: ok ${ok} + invalid ${invalidBodies} + non2xx ${result.non2xx} vs ${responses} responses, ` +
        `autocannon mismatches ${result.mismatches}, 2xx ${result['2xx']}`,
    );
  }
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count]));
  return {
    durationS: result.duration,
    responses,
    ok,
    non2xx: result.non2xx,
    invalidBodies,
    transportErrors: result.errors,
    timeouts: result.timeouts,
    okPerSecond: result.duration > 0 ? ok / result.duration : 0,
    latency: latencies.summarize(),
    autocannonLatencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    statusCodes,
    firstInvalidBody,
    cpu: cpuBefore && cpuAfter ? cpuBetween(cpuBefore, cpuAfter) : null,
  };
}

/**
 * Closed-loop load: `connections` keep-alive connections, each sending the next request as soon
 * as the previous answer arrives, first for the warm-up (discarded), then for the measured run.
 */
export async function runGatewayLoad(options: GatewayLoadOptions): Promise<GatewayLoadResult> {
  const warmup = await runPhase(options, 'warmup', options.warmupS);
  const measured = await runPhase(options, 'measured', options.durationS);
  return { warmup, measured };
}
