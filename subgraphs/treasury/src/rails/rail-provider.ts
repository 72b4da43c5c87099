import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TenantScope } from '@orquesta/db';
import type { PayoutDestination } from './destination.validation';
import type { RailDefinition } from './rail.catalogue';

/** What the platform asks a rail to pay. `reference` is the idempotency key at the rail. */
export interface RailPayoutRequest {
  readonly reference: string;
  readonly transferId: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly destination: PayoutDestination;
  readonly description: string | null;
  /** How many times this reference has been tried (1 on the first call). */
  readonly attempt: number;
}

export type RailPayoutStatus = 'processing' | 'succeeded' | 'failed' | 'cancelled';

export interface RailPayout {
  readonly railPayoutId: string;
  readonly rail: string;
  readonly reference: string;
  readonly status: RailPayoutStatus;
  readonly failureCode: string | null;
  readonly amountMinor: bigint;
  readonly currency: string;
  /** False when the call found the payout already there (a retry). */
  readonly created: boolean;
}

/**
 * An expected refusal from a rail. Soft ones are worth retrying on the same rail (timeouts,
 * rate limits, the provider down); hard ones are not (the rail refuses this payout), and the
 * payout falls over to the next rail.
 */
export class RailError extends Error {
  constructor(readonly code: string, readonly retryable: boolean) {
    super(`rail refused: ${code}`);
  }
}

export interface RailCallback {
  readonly rail: string;
  readonly reference: string;
  readonly transferId: string;
  readonly tenantId: string;
  readonly livemode: boolean;
  readonly status: RailPayoutStatus;
}

export interface RailQuote {
  readonly rail: string;
  readonly feeMinor: bigint;
  readonly currency: string;
  readonly settlementSeconds: number;
}

/** One interface for every rail, real or simulated. */
export interface RailProvider {
  readonly definition: RailDefinition;
  quote(amountMinor: bigint): RailQuote;
  createPayout(scope: TenantScope, request: RailPayoutRequest): Promise<RailPayout>;
  status(scope: TenantScope, reference: string): Promise<RailPayout | null>;
  cancel(scope: TenantScope, reference: string): Promise<RailPayout | null>;
  /** Checks a callback's signature and freshness; null when it does not verify. */
  verifyCallback(headers: Record<string, string | string[] | undefined>, rawBody: string, now?: Date): RailCallback | null;
}

export const RAIL_SIGNATURE_HEADER = 'x-rail-signature';
const CALLBACK_TOLERANCE_MS = 5 * 60 * 1000;

export function railCallbackKey(secret: string, rail: string): Buffer {
  return createHmac('sha256', secret).update(`rail-callback:${rail}`).digest();
}

/** The signature header value for a callback body: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export function signRailCallback(secret: string, rail: string, rawBody: string, now = new Date()): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  const mac = createHmac('sha256', railCallbackKey(secret, rail)).update(`${timestamp}.${rawBody}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

export type RailRegistry = ReadonlyMap<string, RailProvider>;

/** The callback secret: ORQUESTA_RAIL_CALLBACK_SECRET, or a fixed development value. */
export function railCallbackSecret(env: NodeJS.ProcessEnv): string {
  return env.ORQUESTA_RAIL_CALLBACK_SECRET || 'rail_sim_dev_secret_not_for_production';
}

/**
 * Checks a rail callback: the signature over "timestamp.body" with the rail's key, a timestamp
 * within five minutes, and a body that names this rail. Null when any of it fails.
 */
export function verifyRailCallback(
  secret: string,
  rail: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  now = new Date(),
): RailCallback | null {
  const header = headers[RAIL_SIGNATURE_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(value ?? '');
  if (!match) return null;
  if (Math.abs(now.getTime() - Number(match[1]) * 1000) > CALLBACK_TOLERANCE_MS) return null;
  const expected = createHmac('sha256', railCallbackKey(secret, rail)).update(`${match[1]}.${rawBody}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(match[2], 'hex'))) return null;
  let parsed: Partial<RailCallback>;
  try {
    parsed = JSON.parse(rawBody) as Partial<RailCallback>;
  } catch {
    return null;
  }
  if (parsed.rail !== rail || typeof parsed.reference !== 'string' || typeof parsed.transferId !== 'string') return null;
  if (typeof parsed.tenantId !== 'string' || typeof parsed.livemode !== 'boolean' || typeof parsed.status !== 'string') return null;
  return parsed as RailCallback;
}
