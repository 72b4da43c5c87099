import { hkdfSync } from 'node:crypto';
import { createAddressPolicy, type AddressPolicy } from './webhook-address.policy';

/** Woken (at commit) by manual retries and replays: pending deliveries to enqueue now. */
export const WEBHOOK_NOTIFY_CHANNEL = 'orquesta_webhooks';

/** Everything about webhooks that the environment decides, read once. */
export interface WebhookConfig {
  /** AES-256-GCM key sealing endpoint secrets at rest, derived from ORQUESTA_WEBHOOK_SECRET_KEY. */
  readonly secretKey: Buffer;
  readonly addressPolicy: AddressPolicy;
  readonly timeoutMs: number;
  /** Delays before each retry, after the first (immediate) attempt. */
  readonly retryDelaysMs: readonly number[];
  /** Share of each delay added or removed at random, so retries of many deliveries spread out. */
  readonly retryJitterRatio: number;
  /** An endpoint failing for this long without one success is disabled. */
  readonly disableAfterMs: number;
  /** Both secrets sign for this long after a rotation. */
  readonly rotationOverlapMs: number;
  readonly responseBytesMax: number;
  /** Deliveries one worker runs at once, and at most this many to any one endpoint. */
  readonly concurrency: number;
  readonly perEndpointConcurrency: number;
  /** How often the worker looks for pending deliveries that lost their job (Redis data loss). */
  readonly sweepIntervalMs: number;
  /** How often the worker fans out settled events without being woken (a relay wake-up lost with Redis). */
  readonly fanOutIntervalMs: number;
  /** BullMQ job lock: a worker that dies holding a job loses it after this long. */
  readonly lockMs: number;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
// Standard Webhooks / Svix schedule: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h (about three days).
export const DEFAULT_RETRY_DELAYS_MS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 14 * HOUR, 20 * HOUR, 24 * HOUR];
const DEV_SECRET_KEY = 'orquesta-development-webhook-secret-key-not-for-production';

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

export function loadWebhookConfig(env: NodeJS.ProcessEnv = process.env): WebhookConfig {
  const production = env.NODE_ENV === 'production';
  const material = env.ORQUESTA_WEBHOOK_SECRET_KEY ?? (production ? '' : DEV_SECRET_KEY);
  if (material.length < 32) throw new Error('ORQUESTA_WEBHOOK_SECRET_KEY must be set to at least 32 characters in production');
  const delays = env.ORQUESTA_WEBHOOK_RETRY_DELAYS_MS
    ? env.ORQUESTA_WEBHOOK_RETRY_DELAYS_MS.split(',').map((part) => Number(part.trim()))
    : DEFAULT_RETRY_DELAYS_MS;
  if (delays.some((delay) => !Number.isSafeInteger(delay) || delay < 0)) throw new Error('ORQUESTA_WEBHOOK_RETRY_DELAYS_MS must be comma-separated milliseconds');
  return {
    secretKey: Buffer.from(hkdfSync('sha256', material, 'orquesta', 'webhook-endpoint-secrets', 32)),
    addressPolicy: createAddressPolicy(env.ORQUESTA_WEBHOOK_ALLOWLIST ?? ''),
    timeoutMs: positiveInt(env, 'ORQUESTA_WEBHOOK_TIMEOUT_MS', 15 * SECOND),
    retryDelaysMs: delays,
    retryJitterRatio: 0.1,
    disableAfterMs: positiveInt(env, 'ORQUESTA_WEBHOOK_DISABLE_AFTER_MS', 5 * 24 * HOUR),
    rotationOverlapMs: 24 * HOUR,
    responseBytesMax: 64 * 1024,
    concurrency: positiveInt(env, 'ORQUESTA_WEBHOOK_CONCURRENCY', 128),
    perEndpointConcurrency: positiveInt(env, 'ORQUESTA_WEBHOOK_ENDPOINT_CONCURRENCY', 16),
    sweepIntervalMs: positiveInt(env, 'ORQUESTA_WEBHOOK_SWEEP_INTERVAL_MS', 30 * SECOND),
    fanOutIntervalMs: positiveInt(env, 'ORQUESTA_WEBHOOK_FAN_OUT_INTERVAL_MS', SECOND),
    lockMs: positiveInt(env, 'ORQUESTA_WEBHOOK_LOCK_MS', 30 * SECOND),
  };
}
