// The limits issue 4 gives for authentication, in one place. Buckets name what is counted.

export interface WindowLimit {
  readonly bucket: string;
  readonly limit: number;
  readonly windowMs: number;
}

const MINUTE_MS = 60_000;

/** Login attempts per account (the email, hashed): 5 per 15 minutes. */
export const LOGIN_PER_ACCOUNT: WindowLimit = { bucket: 'login-account', limit: 5, windowMs: 15 * MINUTE_MS };

/** Login attempts per client IP: 100 per 15 minutes. */
export const LOGIN_PER_IP: WindowLimit = { bucket: 'login-ip', limit: 100, windowMs: 15 * MINUTE_MS };

/** Signups per client IP: 10 per hour. */
export const SIGNUP_PER_IP: WindowLimit = { bucket: 'signup-ip', limit: 10, windowMs: 60 * MINUTE_MS };

/** An account locks after 5 failed logins, for 15 minutes. */
export const LOCKOUT = { failuresMax: 5, lockMs: 15 * MINUTE_MS } as const;

/** The random wait on every authentication failure (ORQUESTA_AUTH_DELAY_MS="min,max" overrides). */
export const AUTH_FAILURE_DELAY_MS = { min: 100, max: 300 } as const;

function delayRange(env: NodeJS.ProcessEnv): { min: number; max: number } {
  const [min, max] = (env.ORQUESTA_AUTH_DELAY_MS ?? '').split(',').map((part) => Number.parseInt(part, 10));
  if (Number.isInteger(min) && Number.isInteger(max) && min >= 0 && max >= min) return { min, max };
  return AUTH_FAILURE_DELAY_MS;
}

/**
 * Waits a random 100–300 ms. Called on every authentication failure, so response time says
 * nothing about why it failed (unknown email, wrong password, locked account).
 */
export function authFailureDelay(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { min, max } = delayRange(env);
  const ms = min + Math.random() * (max - min);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
