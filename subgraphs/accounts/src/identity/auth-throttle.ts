import type { Redis } from 'ioredis';
import { createLockout, createRateLimiter, LOCKOUT, LOGIN_PER_ACCOUNT, LOGIN_PER_IP, SIGNUP_PER_IP, type WindowLimit } from '@orquesta/ratelimit';

export interface ThrottleVerdict {
  readonly allowed: boolean;
  readonly retryAfterSeconds: number;
}

function verdict(allowed: boolean, retryAfterMs: number): ThrottleVerdict {
  return { allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(retryAfterMs / 1000)) };
}

/**
 * Sign-in's limits, shared by every replica through Redis (`@orquesta/ratelimit`): attempts per
 * account and per address, signups per address, and the lockout after repeated failures. The
 * lockout is keyed by email whether or not such a user exists, so it reveals nothing.
 */
export function createAuthThrottle(redis: Redis, namespace: string) {
  const limiter = createRateLimiter(redis, namespace);
  const lockout = createLockout(redis, namespace);
  const hit = async ({ bucket, limit, windowMs }: WindowLimit, key: string): Promise<ThrottleVerdict> => {
    const decision = await limiter.hit(bucket, key, limit, windowMs);
    return verdict(decision.allowed, decision.retryAfterMs);
  };

  return {
    /** Counts a login attempt for this account and address; refuses past either limit. */
    async login(email: string, ip: string): Promise<ThrottleVerdict> {
      const perIp = await hit(LOGIN_PER_IP, ip);
      return perIp.allowed ? hit(LOGIN_PER_ACCOUNT, email) : perIp;
    },
    signup: (ip: string) => hit(SIGNUP_PER_IP, ip),
    async locked(email: string): Promise<ThrottleVerdict> {
      const state = await lockout.isLocked(email);
      return verdict(!state.locked, state.retryAfterMs);
    },
    /** Records a failed login; true when this failure locked the account. */
    async failed(email: string): Promise<boolean> {
      const { locked, failures } = await lockout.recordFailure(email);
      return locked && failures === LOCKOUT.failuresMax;
    },
    /** A successful login forgets earlier failures. */
    succeeded: (email: string) => lockout.clear(email),
  };
}

export type AuthThrottle = ReturnType<typeof createAuthThrottle>;
