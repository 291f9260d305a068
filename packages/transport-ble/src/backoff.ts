/**
 * Per-address connect backoff: after a failed connect an address is not dialled automatically
 * again until `base · 2^(failures−1)` (capped, ±20 % jitter from the injected Rng) has passed.
 * @module
 */
import type { Rng } from '@bitmesh/interface'

/** Options of {@link ConnectBackoff}. */
export interface ConnectBackoffOptions {
  /** First delay in ms. */
  baseMs: number
  /** Ceiling in ms. */
  maxMs: number
  /** Jitter source. */
  rng: Rng
  /** Addresses remembered at most (oldest forgotten first). */
  maxEntries?: number
}

/** Jitter applied to every delay: ±20 %, so neighbours that failed together do not retry together. */
const JITTER_FRACTION = 0.2
const DEFAULT_MAX_ENTRIES = 512

/** Bounded table of failing addresses. */
export class ConnectBackoff {
  readonly #opts: Required<ConnectBackoffOptions>
  readonly #entries = new Map<string, { failures: number; retryAtMs: number }>()

  /** @param options delays, jitter source and table bound */
  constructor(options: ConnectBackoffOptions) {
    if (!(options.baseMs >= 0) || !(options.maxMs >= options.baseMs)) throw new RangeError('backoff: need 0 <= baseMs <= maxMs')
    this.#opts = { maxEntries: DEFAULT_MAX_ENTRIES, ...options }
  }

  /**
   * Record a failed attempt.
   * @param address the address that failed
   * @param nowMs current time
   * @returns the delay in ms before the next automatic attempt
   */
  fail(address: string, nowMs: number): number {
    const failures = (this.#entries.get(address)?.failures ?? 0) + 1
    const raw = Math.min(this.#opts.maxMs, this.#opts.baseMs * 2 ** Math.min(failures - 1, 30))
    const delayMs = Math.round(raw * (1 - JITTER_FRACTION + 2 * JITTER_FRACTION * this.#opts.rng.next()))
    this.#entries.delete(address) // re-insert: Map order is the eviction order
    this.#entries.set(address, { failures, retryAtMs: nowMs + delayMs })
    if (this.#entries.size > this.#opts.maxEntries) {
      const oldest = this.#entries.keys().next().value
      if (oldest !== undefined) this.#entries.delete(oldest)
    }
    return delayMs
  }

  /** Forget an address after a successful connect. */
  succeed(address: string): void {
    this.#entries.delete(address)
  }

  /** Consecutive failures recorded for an address. */
  failures(address: string): number {
    return this.#entries.get(address)?.failures ?? 0
  }

  /** True when an automatic attempt to `address` is allowed at `nowMs`. */
  canAttempt(address: string, nowMs: number): boolean {
    const entry = this.#entries.get(address)
    return entry === undefined || nowMs >= entry.retryAtMs
  }

  /** Number of remembered addresses. */
  get size(): number {
    return this.#entries.size
  }

  /** Forget everything. */
  clear(): void {
    this.#entries.clear()
  }
}
