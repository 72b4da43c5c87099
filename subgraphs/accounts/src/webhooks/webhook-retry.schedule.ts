/**
 * When the attempt after `attemptsMade` attempts is due, or null when no retry is left.
 * `Retry-After` (429/502/503/504) replaces the scheduled delay; jitter spreads retries of many
 * deliveries that failed together, so a recovering receiver is not hit by all of them at once.
 */
export function nextAttemptDelayMs(
  attemptsMade: number,
  retryDelaysMs: readonly number[],
  jitterRatio: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number | null {
  if (attemptsMade < 1 || attemptsMade > retryDelaysMs.length) return null;
  if (retryAfterMs !== undefined) return retryAfterMs;
  const base = retryDelaysMs[attemptsMade - 1];
  return Math.max(0, Math.round(base * (1 + jitterRatio * (2 * random() - 1))));
}
