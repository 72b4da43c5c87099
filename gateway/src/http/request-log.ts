import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { redactText, type Logger } from '@orquesta/context';

/** What the GraphQL handler learns about a request, for its log line. */
export interface RequestFacts {
  readonly requestId: string;
  tenantId?: string;
  livemode?: boolean;
  actorType?: string;
  actorId?: string;
  operationName?: string | null;
}

// Health probes run every few seconds from the orchestrator: below info, so they do not bury requests.
const PROBES = new Set(['/healthz', '/readyz']);

/** The client's request id (kept short), or a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && given.length > 0 ? given.slice(0, 64) : randomUUID();
}

// The operation's name as the client sent it, without parsing the document: `operationName`,
// else the first named operation (`query Name`, `mutation Name`). A batch lists its names.
export function operationNameOf(body: unknown): string | null {
  if (Array.isArray(body)) return body.map(operationNameOf).map((name) => name ?? '-').join(',') || null;
  if (body === null || typeof body !== 'object') return null;
  const { operationName, query } = body as { operationName?: unknown; query?: unknown };
  if (typeof operationName === 'string' && operationName.length > 0) return operationName.slice(0, 100);
  if (typeof query !== 'string') return null;
  return /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1] ?? null;
}

/**
 * What the log says about a credential: its scheme and visible prefix (16 characters of an API
 * key, as its owner sees it in the key list; 8 of anything else), never the rest.
 */
export function credentialPrefixOf(authorization: unknown): string | null {
  if (typeof authorization !== 'string' || authorization.length === 0) return null;
  const [scheme, value = ''] = authorization.trim().split(/\s+/, 2);
  const shown = /^pk_(?:test|live)_/.test(value) ? 16 : 8;
  return redactText(`${scheme.slice(0, 16)} ${value.slice(0, Math.min(shown, Math.floor(value.length / 2)))}…`);
}

/**
 * One JSON line per HTTP request, written when the response is done: method, path, status,
 * duration, request id, who (tenant, mode, actor) and which operation. Never the variables,
 * never the credential beyond its visible prefix, never cookies.
 */
export function logRequestWhenDone(logger: Logger, req: IncomingMessage, res: ServerResponse, path: string, facts: RequestFacts): void {
  const startedAt = process.hrtime.bigint();
  // Read now: by the time the response closes, the socket may be gone.
  const ip = req.socket?.remoteAddress ?? null;
  res.once('close', () => {
    // A log line never takes the process down.
    try {
      writeLine();
    } catch {
      // nothing sensible to do: the response is already sent
    }
  });
  function writeLine(): void {
    const durationMs = Number((process.hrtime.bigint() - startedAt) / 1000n) / 1000;
    const authorization = req.headers.authorization;
    const line = {
      method: req.method,
      path,
      status: res.statusCode,
      durationMs,
      requestId: facts.requestId,
      tenantId: facts.tenantId ?? null,
      livemode: facts.livemode ?? null,
      actorType: facts.actorType ?? null,
      actorId: facts.actorId ?? null,
      operationName: facts.operationName ?? null,
      // Not `authorization`: the logger blanks values under such names, and the visible prefix
      // (pk_test_1234abcd…) is what an operator needs to find the key.
      credentialPrefix: credentialPrefixOf(authorization),
      ip,
      aborted: !res.writableFinished || undefined,
    };
    if (PROBES.has(path)) logger.debug('request', line);
    else logger.info('request', line);
  }
}
