import { createHmac, timingSafeEqual } from 'node:crypto';
import { isRequestContext, type RequestContext } from './request-context';

export const CONTEXT_HEADER = 'x-orquesta-context';
export const SIGNATURE_HEADER = 'x-orquesta-signature';

// A signed context is good for a minute: enough for a slow subgraph hop, too short to replay.
const CONTEXT_TTL_MS = 60_000;

interface SignedEnvelope {
  readonly ctx: RequestContext;
  readonly exp: number;
}

export interface SignedHeaders {
  readonly [CONTEXT_HEADER]: string;
  readonly [SIGNATURE_HEADER]: string;
}

function sign(payload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/** Encodes a context for a subgraph hop: base64url JSON plus its HMAC-SHA256. */
export function encodeContext(ctx: RequestContext, secret: string, nowMs = Date.now()): SignedHeaders {
  const envelope: SignedEnvelope = { ctx, exp: nowMs + CONTEXT_TTL_MS };
  const payload = Buffer.from(JSON.stringify(envelope)).toString('base64url');
  return { [CONTEXT_HEADER]: payload, [SIGNATURE_HEADER]: sign(payload, secret).toString('base64url') };
}

/**
 * Verifies and decodes the headers a subgraph received. Returns undefined for anything
 * unsigned, tampered, expired or malformed; the caller answers nothing in that case.
 */
export function verifyContext(
  payload: string | undefined,
  signature: string | undefined,
  secret: string,
  nowMs = Date.now(),
): RequestContext | undefined {
  if (!payload || !signature || payload.length > 4096 || signature.length > 128) return undefined;
  const expected = sign(payload, secret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let envelope: unknown;
  try {
    envelope = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const { ctx, exp } = (envelope ?? {}) as Partial<SignedEnvelope>;
  if (typeof exp !== 'number' || exp < nowMs || !isRequestContext(ctx)) return undefined;
  return ctx;
}
