/** How failed deliveries are retried: exponential back-off from `baseMs`, capped, up to `maxAttempts` in all. */
export interface RetrySchedule {
  readonly baseMs: number;
  readonly maxDelayMs: number;
  readonly maxAttempts: number;
}

/**
 * The wait after failed attempt number `attempt` (1 for the first): `baseMs · 2^(attempt−1)`, at most `maxDelayMs`;
 * undefined once `maxAttempts` attempts have failed (the delivery is then FAILED). No jitter: one dispatcher per
 * organisation sends, so there is no herd to spread, and the schedule stays what the documentation says.
 */
export function retryDelay(schedule: RetrySchedule, attempt: number): number | undefined {
  if (attempt >= schedule.maxAttempts) return undefined;
  return Math.min(schedule.maxDelayMs, schedule.baseMs * 2 ** Math.min(attempt - 1, 52));
}
