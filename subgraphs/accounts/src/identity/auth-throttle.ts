import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** The limits on unauthenticated entry points (per the security requirements). */
export const AUTH_LIMITS = {
  loginPerAccount: { limit: 5, windowMs: 15 * 60_000 },
  loginPerIp: { limit: 100, windowMs: 15 * 60_000 },
  signupPerIp: { limit: 10, windowMs: 60 * 60_000 },
  /** Failed logins before an account is locked, and for how long. */
  lockout: { failures: 5, durationMs: 15 * 60_000 },
} as const;

export interface ThrottleVerdict {
  readonly allowed: boolean;
  readonly retryAfterSeconds: number;
}

// Emails and addresses never appear in Redis in clear.
function bucketKey(bucket: string, subject: string): string {
  return `orquesta:throttle:${bucket}:${createHash('sha256').update(subject).digest('base64url')}`;
}

/**
 * Fixed-window counters in Redis, shared by every replica. One MULTI per check: the count and
 * its expiry are set together, so a crash cannot leave a counter that never expires.
 */
export function createAuthThrottle(redis: Redis) {
  async function hit(bucket: string, subject: string, limit: number, windowMs: number): Promise<ThrottleVerdict> {
    const key = bucketKey(bucket, subject);
    const results = await redis.multi().incr(key).pexpire(key, windowMs, 'NX').pttl(key).exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    const ttl = Number(results?.[2]?.[1] ?? windowMs);
    return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
  }

  return {
    /** Counts a login attempt for this account and address; refuses past either limit. */
    async login(email: string, ip: string): Promise<ThrottleVerdict> {
      const perIp = await hit('login-ip', ip, AUTH_LIMITS.loginPerIp.limit, AUTH_LIMITS.loginPerIp.windowMs);
      if (!perIp.allowed) return perIp;
      return hit('login-account', email, AUTH_LIMITS.loginPerAccount.limit, AUTH_LIMITS.loginPerAccount.windowMs);
    },
    signup(ip: string): Promise<ThrottleVerdict> {
      return hit('signup-ip', ip, AUTH_LIMITS.signupPerIp.limit, AUTH_LIMITS.signupPerIp.windowMs);
    },
    /** Whether an account is locked now (by email, whether or not such a user exists). */
    async locked(email: string): Promise<ThrottleVerdict> {
      const ttl = await redis.pttl(bucketKey('lockout', email));
      return ttl > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(ttl / 1000) } : { allowed: true, retryAfterSeconds: 0 };
    },
    /** Records a failed login; the fifth within the window locks the account. True when it just locked. */
    async failed(email: string): Promise<boolean> {
      const failures = await hit('login-failures', email, AUTH_LIMITS.lockout.failures - 1, AUTH_LIMITS.lockout.durationMs);
      if (failures.allowed) return false;
      const set = await redis.set(bucketKey('lockout', email), '1', 'PX', AUTH_LIMITS.lockout.durationMs, 'NX');
      await redis.del(bucketKey('login-failures', email));
      return set === 'OK';
    },
    /** A successful login forgets earlier failures. */
    async succeeded(email: string): Promise<void> {
      await redis.del(bucketKey('login-failures', email));
    },
  };
}

export type AuthThrottle = ReturnType<typeof createAuthThrottle>;

/** A random pause on every authentication failure, so timing tells nothing. */
export function authFailureDelay(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const [low, high] = (env.ORQUESTA_AUTH_DELAY_MS ?? '100,300').split(',').map(Number);
  const ms = (low ?? 100) + Math.random() * Math.max(0, (high ?? 300) - (low ?? 100));
  return new Promise((resolve) => setTimeout(resolve, ms));
}
