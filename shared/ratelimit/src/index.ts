export { createRateLimiter, limiterKey, type RateLimiter, type RateLimitDecision } from './rate-limiter';
export { createLockout, type Lockout, type LockoutOptions } from './lockout';
export {
  LOGIN_PER_ACCOUNT,
  LOGIN_PER_IP,
  SIGNUP_PER_IP,
  LOCKOUT,
  AUTH_FAILURE_DELAY_MS,
  authFailureDelay,
  type WindowLimit,
} from './auth-limits';
