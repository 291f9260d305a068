/**
 * Exponential backoff with jitter for queue retries.
 * @module
 */
import type { Rng } from '@bitmesh/interface'
import { DEFAULT_BACKOFF_BASE_MS, DEFAULT_BACKOFF_JITTER, DEFAULT_BACKOFF_MAX_MS } from './constants.js'

/** Backoff parameters. */
export interface BackoffOptions {
  /** Delay after the first failure. Default {@link DEFAULT_BACKOFF_BASE_MS}. */
  baseMs?: number
  /** Delay ceiling. Default {@link DEFAULT_BACKOFF_MAX_MS}. */
  maxMs?: number
  /** Randomised fraction of each delay, 0–1. Default {@link DEFAULT_BACKOFF_JITTER}. */
  jitter?: number
}

/** Resolved backoff parameters. */
export interface BackoffPolicy {
  /** Delay after the first failure, ms. */
  readonly baseMs: number
  /** Delay ceiling, ms. */
  readonly maxMs: number
  /** Randomised fraction of each delay, 0–1. */
  readonly jitter: number
}

/**
 * Validate and fill in backoff options.
 * @param options - Partial options.
 * @returns The policy.
 * @throws RangeError for a negative base, a max below the base, or jitter outside 0–1.
 */
export function backoffPolicy(options: BackoffOptions = {}): BackoffPolicy {
  const baseMs = options.baseMs ?? DEFAULT_BACKOFF_BASE_MS
  const maxMs = options.maxMs ?? DEFAULT_BACKOFF_MAX_MS
  const jitter = options.jitter ?? DEFAULT_BACKOFF_JITTER
  if (!Number.isFinite(baseMs) || baseMs < 0) throw new RangeError('backoff baseMs must be a finite number ≥ 0')
  if (!Number.isFinite(maxMs) || maxMs < baseMs) throw new RangeError('backoff maxMs must be finite and ≥ baseMs')
  if (!(jitter >= 0 && jitter <= 1)) throw new RangeError('backoff jitter must be within 0–1')
  return { baseMs, maxMs, jitter }
}

/**
 * Delay before the next attempt after `failures` consecutive failures:
 * `min(max, base·2^(failures−1))`, of which the `jitter` fraction is drawn uniformly from `rng`.
 * @param failures - Consecutive failures so far (≥ 1).
 * @param policy - From {@link backoffPolicy}.
 * @param rng - Injected randomness.
 * @returns Delay in ms, within `[(1−jitter)·d, d]` for the capped exponential `d`.
 */
export function backoffDelayMs(failures: number, policy: BackoffPolicy, rng: Rng): number {
  // 2^30 already exceeds any sane ceiling; clamping the exponent avoids Infinity.
  const exponent = Math.min(Math.max(failures, 1) - 1, 30)
  const capped = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent)
  const fixed = capped * (1 - policy.jitter)
  return Math.round(fixed + capped * policy.jitter * rng.next())
}
