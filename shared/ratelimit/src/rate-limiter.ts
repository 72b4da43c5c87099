import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Hits still allowed in the current window. */
  readonly remaining: number;
  /** When a refused caller may try again (0 when allowed). */
  readonly retryAfterMs: number;
}

export interface RateLimiter {
  /** Counts one hit of `key` in `bucket` and says whether it is within `limit` per `windowMs`. */
  hit(bucket: string, key: string, limit: number, windowMs: number): Promise<RateLimitDecision>;
  reset(bucket: string, key: string): Promise<void>;
}

// Keys are emails and IP addresses: Redis only ever sees their SHA-256, never the value itself.
export function limiterKey(prefix: string, bucket: string, key: string): string {
  const digest = createHash('sha256').update(`${bucket}\0${key.trim().toLowerCase()}`).digest('hex');
  return `orquesta:${prefix}:${bucket}:${digest}`;
}

// A sliding window log in one sorted set: drop hits older than the window, count, and record
// this hit only if there is room. One script, so concurrent hits never both take the last slot.
// Refused hits are not recorded: a client that keeps hammering is allowed again once its
// earlier hits age out, not never.
const SLIDING_WINDOW = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local member = ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, ARGV[1], member)
  redis.call('PEXPIRE', key, window)
  return {1, limit - count - 1, 0}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local retry = window
if oldest[2] then retry = tonumber(oldest[2]) + window - now end
if retry < 1 then retry = 1 end
return {0, 0, retry}
`;

let sequence = 0;

export function createRateLimiter(redis: Redis): RateLimiter {
  return {
    async hit(bucket, key, limit, windowMs) {
      if (!Number.isInteger(limit) || limit < 1) throw new Error(`rate limit must be a positive integer, got ${limit}`);
      if (!Number.isInteger(windowMs) || windowMs < 1) throw new Error(`rate limit window must be a positive number of ms, got ${windowMs}`);
      // Redis's clock, not this process's: every replica then agrees on the window.
      const [seconds, micros] = await redis.time();
      const nowMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
      sequence = (sequence + 1) % 1_000_000_000;
      const member = `${nowMs}:${process.pid}:${sequence}:${Math.random().toString(36).slice(2, 10)}`;
      const [allowed, remaining, retryAfterMs] = (await redis.eval(
        SLIDING_WINDOW,
        1,
        limiterKey('ratelimit', bucket, key),
        nowMs,
        windowMs,
        limit,
        member,
      )) as [number, number, number];
      return { allowed: allowed === 1, remaining, retryAfterMs };
    },
    async reset(bucket, key) {
      await redis.del(limiterKey('ratelimit', bucket, key));
    },
  };
}
