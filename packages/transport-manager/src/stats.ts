/**
 * Per-neighbour, per-kind link measurements: exponentially weighted averages of success, round
 * trip and throughput. Kept per kind (not per link) so a re-dialled link starts from its history.
 * @module
 */
import { EWMA_ALPHA, NOMINAL_THROUGHPUT_BYTES_PER_SECOND, THROUGHPUT_SAMPLE_MS } from './constants.js'

/** Measurements of one link kind towards one neighbour. */
export class KindStats {
  /** Success average, 0–1: 1 per acknowledgement progress, 0 per stall or failure. */
  success = 1
  /** Round-trip average in ms (`undefined` until measured). */
  rttMs: number | undefined
  /** Throughput average in bytes per second (`undefined` until measured). */
  throughputBytesPerSecond: number | undefined
  readonly kind: string
  #windowStart: number | undefined
  #windowBytes = 0

  constructor(kind: string) {
    this.kind = kind
  }

  /** Throughput to plan with: measured, else the kind's nominal figure. */
  get expectedThroughput(): number {
    return this.throughputBytesPerSecond ?? NOMINAL_THROUGHPUT_BYTES_PER_SECOND[this.kind] ?? 1_000_000
  }

  /** Record an outcome (1 success, 0 failure). */
  outcome(ok: boolean): void {
    this.success += EWMA_ALPHA * ((ok ? 1 : 0) - this.success)
  }

  /** Record one round-trip sample. */
  rtt(ms: number): void {
    this.rttMs = this.rttMs === undefined ? ms : this.rttMs + EWMA_ALPHA * (ms - this.rttMs)
  }

  /** Data started flowing on this kind at `now` (opens a throughput window if none is open). */
  busy(now: number): void {
    this.#windowStart ??= now
  }

  /**
   * Bytes acknowledged at `now`. Takes a throughput sample once the window spans
   * {@link THROUGHPUT_SAMPLE_MS}; `idle` closes the window (nothing is outstanding any more).
   */
  acked(bytes: number, now: number, idle: boolean): void {
    if (this.#windowStart === undefined) return
    this.#windowBytes += bytes
    const elapsed = now - this.#windowStart
    if (elapsed >= THROUGHPUT_SAMPLE_MS) {
      const sample = (this.#windowBytes * 1000) / elapsed
      this.throughputBytesPerSecond =
        this.throughputBytesPerSecond === undefined ? sample : this.throughputBytesPerSecond + EWMA_ALPHA * (sample - this.throughputBytesPerSecond)
      this.#windowBytes = 0
      this.#windowStart = idle ? undefined : now
    } else if (idle) {
      // Too short to measure; forget it rather than count idle time later.
      this.#windowBytes = 0
      this.#windowStart = undefined
    }
  }
}
