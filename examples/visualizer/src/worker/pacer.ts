/**
 * Holds a simulation back to a chosen speed (virtual seconds per wall second), so a two-node run
 * that would finish in a tenth of a second can be watched. It never makes up for lost time: when
 * the simulation falls behind (big crowds), the schedule restarts from now instead of bursting.
 * @module
 */

/** Longest single wait, wall ms: keeps snapshots flowing while the run is held back. */
export const MAX_PACE_WAIT_MS = 50

/** Paces virtual time against a wall clock. */
export class Pacer {
  readonly #speed: number
  readonly #now: () => number
  /** Wall ms at which virtual time 0 would have been, on the current schedule. */
  #originMs: number

  /**
   * @param speed - Virtual seconds per wall second; `0` (or `Infinity`) means no pacing.
   * @param now - Wall clock, ms (e.g. `performance.now`).
   * @throws {RangeError} When `speed` is negative or NaN.
   */
  constructor(speed: number, now: () => number) {
    if (!(speed >= 0)) throw new RangeError(`speed must be ≥ 0, got ${speed}`)
    this.#speed = speed
    this.#now = now
    this.#originMs = now()
  }

  /**
   * How long to wait before simulating past `virtualMs`.
   * @param virtualMs - Virtual ms reached so far.
   * @returns Wall ms to wait, in `[0, MAX_PACE_WAIT_MS]`.
   */
  waitMs(virtualMs: number): number {
    if (this.#speed === 0 || this.#speed === Infinity) return 0
    const now = this.#now()
    const due = this.#originMs + virtualMs / this.#speed
    const ahead = due - now
    if (ahead < -MAX_PACE_WAIT_MS) {
      // Behind schedule: re-anchor so a later fast stretch is not replayed as a burst.
      this.#originMs = now - virtualMs / this.#speed
      return 0
    }
    return ahead >= 1 ? Math.min(MAX_PACE_WAIT_MS, ahead) : 0
  }
}
