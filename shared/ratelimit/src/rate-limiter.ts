import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisKey } from '@orquesta/context';

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
// The deployment's namespace comes first (see redisNamespace): two deployments on one Redis
// count separately.
export function limiterKey(namespace: string, kind: string, bucket: string, key: string): string {
  const digest = createHash('sha256').update(`${bucket}\0${key.trim().toLowerCase()}`).digest('hex');
  return redisKey(namespace, kind, bucket, digest);
}

// A sliding window log in one sorted set: drop hits older than the window, count, and record
// this hit only if there is room. One script, so concurrent hits never both take the last slot.
// Time is Redis's own (TIME), so every replica agrees on the window.
// Refused hits are not recorded: a client that keeps hammering is allowed again once its
// earlier hits age out, not never.
const SLIDING_WINDOW = `
local key = KEYS[1]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local member = ARGV[3]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, member)
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

export function createRateLimiter(redis: Redis, namespace: string): RateLimiter {
  return {
    async hit(bucket, key, limit, windowMs) {
      if (!Number.isInteger(limit) || limit < 1) throw new Error(`rate limit must be a positive integer, got ${limit}`);
      if (!Number.isInteger(windowMs) || windowMs < 1) throw new Error(`rate limit window must be a positive number of ms, got ${windowMs}`);
      // Each hit is its own member of the set, even within one millisecond.
      sequence = (sequence + 1) % 1_000_000_000;
      const member = `${process.pid}:${sequence}:${randomBytes(6).toString('hex')}`;
      const [allowed, remaining, retryAfterMs] = (await redis.eval(SLIDING_WINDOW, 1, limiterKey(namespace, 'ratelimit', bucket, key), windowMs, limit, member)) as [
        number,
        number,
        number,
      ];
      return { allowed: allowed === 1, remaining, retryAfterMs };
    },
    async reset(bucket, key) {
      await redis.del(limiterKey(namespace, 'ratelimit', bucket, key));
    },
  };
}
