import type { Redis } from 'ioredis';
import { limiterKey } from './rate-limiter';
import { LOCKOUT } from './auth-limits';

export interface LockoutOptions {
  /** Failures in a row that lock the key. */
  readonly failuresMax?: number;
  /** How long a lock lasts, and how long failures are remembered. */
  readonly lockMs?: number;
}

export interface Lockout {
  /** Records a failed attempt; the failure that reaches the maximum locks the key. */
  recordFailure(key: string): Promise<{ locked: boolean; failures: number }>;
  isLocked(key: string): Promise<{ locked: boolean; retryAfterMs: number }>;
  /** Forgets failures and any lock (after a successful login or a password reset). */
  clear(key: string): Promise<void>;
}

// Count failures and set the lock in one script, so parallel failures cannot slip past the maximum.
const RECORD_FAILURE = `
local failures = redis.call('INCR', KEYS[1])
if failures == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if failures >= tonumber(ARGV[1]) then
  if redis.call('EXISTS', KEYS[2]) == 0 then redis.call('SET', KEYS[2], '1', 'PX', ARGV[2]) end
  return {1, failures}
end
return {0, failures}
`;

export function createLockout(redis: Redis, namespace: string, options: LockoutOptions = {}): Lockout {
  const failuresMax = options.failuresMax ?? LOCKOUT.failuresMax;
  const lockMs = options.lockMs ?? LOCKOUT.lockMs;
  const keys = (key: string) => [limiterKey(namespace, 'lockout', 'failures', key), limiterKey(namespace, 'lockout', 'locked', key)] as const;
  return {
    async recordFailure(key) {
      const [failuresKey, lockKey] = keys(key);
      const [locked, failures] = (await redis.eval(RECORD_FAILURE, 2, failuresKey, lockKey, failuresMax, lockMs)) as [number, number];
      return { locked: locked === 1, failures };
    },
    async isLocked(key) {
      const ttl = await redis.pttl(keys(key)[1]);
      return ttl > 0 ? { locked: true, retryAfterMs: ttl } : { locked: false, retryAfterMs: 0 };
    },
    async clear(key) {
      await redis.del(...keys(key));
    },
  };
}
