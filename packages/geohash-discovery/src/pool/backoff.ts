/**
 * Reconnect backoff (§7.3): 1 s, doubling, capped at 300 s; bitchat gives up after 10 attempts.
 * @module
 */

/** First reconnect delay. */
export const RECONNECT_INITIAL_DELAY_MS = 1_000
/** Largest reconnect delay. */
export const RECONNECT_MAX_DELAY_MS = 300_000
/** bitchat's attempt limit before a relay is given up (until `reconnect()` is called). */
export const RECONNECT_MAX_ATTEMPTS = 10

/**
 * Delay before reconnect attempt `attempt` (0-based): `initial · 2^attempt`, capped.
 * @param attempt - Failed attempts so far (0 for the first retry).
 * @param initialMs - First delay (default 1 s).
 * @param maxMs - Cap (default 300 s).
 * @returns Milliseconds to wait.
 */
export function reconnectDelayMs(attempt: number, initialMs: number = RECONNECT_INITIAL_DELAY_MS, maxMs: number = RECONNECT_MAX_DELAY_MS): number {
  // 2^30 already exceeds any sane cap; clamping the exponent avoids Infinity·0 corner cases.
  return Math.min(maxMs, initialMs * 2 ** Math.min(Math.max(0, attempt), 30))
}
