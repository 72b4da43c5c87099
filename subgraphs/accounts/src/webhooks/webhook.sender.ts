import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, type AddressPolicy, type Resolver } from './webhook-address.policy';

export interface SendOptions {
  readonly policy: AddressPolicy;
  readonly timeoutMs: number;
  readonly responseBytesMax: number;
  readonly resolver?: Resolver;
  /** Aborts the request (a worker stopping by force). */
  readonly signal?: AbortSignal;
}

export interface SendResult {
  /** Absent when no response arrived (refused address, connection error, timeout). */
  readonly statusCode?: number;
  readonly latencyMs: number;
  readonly responseExcerpt: string | null;
  readonly error?: string;
  /** From Retry-After on 429, 502, 503 and 504. */
  readonly retryAfterMs?: number;
}

export const EXCERPT_CHARS_MAX = 1_000;
// A Retry-After longer than this is treated as this: it cannot stall a delivery for days.
const RETRY_AFTER_MAX_MS = 24 * 3600 * 1000;
const HONOURS_RETRY_AFTER = new Set([429, 502, 503, 504]);

export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = /^\d{1,10}$/.test(value.trim()) ? Number(value.trim()) * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  return Math.min(seconds, RETRY_AFTER_MAX_MS);
}

// Keep-alive sockets per origin: most deliveries go to a few endpoints, again and again.
const agents = new WeakMap<AddressPolicy, Map<string, http.Agent>>();
function agentFor(protocol: string, policy: AddressPolicy): http.Agent {
  let byProtocol = agents.get(policy);
  if (!byProtocol) agents.set(policy, (byProtocol = new Map()));
  let agent = byProtocol.get(protocol);
  if (!agent) {
    const options = { keepAlive: true, maxSockets: 64, maxFreeSockets: 64, timeout: 30_000, lookup: guardedLookup(policy) as never };
    agent = protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    byProtocol.set(protocol, agent);
  }
  return agent;
}

/**
 * POSTs one webhook. Never follows a redirect (a 3xx is an answer, and a failure), refuses to
 * connect to an address the policy does not allow (checked on the resolved address, at connect
 * time), gives up after `timeoutMs` in total, and reads at most `responseBytesMax` of the answer.
 */
export function sendWebhook(rawUrl: string, headers: Record<string, string>, body: string, options: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(rawUrl);
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  // An IP literal never goes through `lookup`, so it is judged here.
  if (isIP(hostname) !== 0 && !options.policy.allowsHost(hostname) && !options.policy.allowsAddress(hostname)) {
    return Promise.resolve({ latencyMs: 0, responseExcerpt: null, error: `address ${hostname} is not allowed` });
  }
  const transport = url.protocol === 'https:' ? https : http;
  // A custom resolver (tests) gets a fresh agent, so no pooled socket skips its lookup.
  const agent = options.resolver
    ? new (url.protocol === 'https:' ? https.Agent : http.Agent)({ keepAlive: false, lookup: guardedLookup(options.policy, options.resolver) as never })
    : agentFor(url.protocol, options.policy);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = transport.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Orquesta-Webhooks/1.0' },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const status = response.statusCode ?? 0;
          const retryAfterMs = HONOURS_RETRY_AFTER.has(status) ? parseRetryAfter(response.headers['retry-after'] as string | undefined) : undefined;
          finish({
            statusCode: status,
            latencyMs: elapsed(),
            responseExcerpt: Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS_MAX),
            retryAfterMs,
          });
        };
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= options.responseBytesMax) chunks.push(chunk);
          else {
            // Enough of the answer: the status is known, the rest is not our business.
            done();
            response.destroy();
          }
        });
        response.on('end', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      finish({ latencyMs: elapsed(), responseExcerpt: null, error: `no answer within ${options.timeoutMs} ms` });
    }, options.timeoutMs);
    const onAbort = () => {
      request.destroy();
      finish({ latencyMs: elapsed(), responseExcerpt: null, error: 'aborted' });
    };
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    request.on('close', () => options.signal?.removeEventListener('abort', onAbort));
    request.on('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRBLOCKED' ? error.message : `${error.code ?? 'error'}: ${error.message}`;
      finish({ latencyMs: elapsed(), responseExcerpt: null, error: reason.slice(0, EXCERPT_CHARS_MAX) });
    });
    request.end(body);
  });
}
