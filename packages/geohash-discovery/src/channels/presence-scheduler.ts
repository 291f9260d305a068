/**
 * Presence heartbeat cadence (§7.2): a round of kind-20001 events every 40–80 s, one per
 * region/province/city geohash, consecutive levels 2–5 s apart. Random gaps keep a device's
 * heartbeats from lining up across levels, which would link its per-geohash identities.
 * @module
 */
import type { Clock, Rng, TimerHandle } from '@bitmesh/interface'
import { PRESENCE_LEVELS } from '../geohash/levels.js'

/** Shortest gap between the starts of two rounds. */
export const PRESENCE_INTERVAL_MIN_MS = 40_000
/** Longest gap between the starts of two rounds. */
export const PRESENCE_INTERVAL_MAX_MS = 80_000
/** Shortest spacing between two levels within a round. */
export const PRESENCE_LEVEL_SPACING_MIN_MS = 2_000
/** Longest spacing between two levels within a round. */
export const PRESENCE_LEVEL_SPACING_MAX_MS = 5_000

/** Options of {@link PresenceScheduler}. */
export interface PresenceSchedulerOptions {
  /** Timers. */
  clock: Clock
  /** Gap randomness. */
  rng: Rng
  /**
   * Called for each heartbeat due: sign with the geohash's identity and publish. Errors thrown
   * here are swallowed so one failed publish does not stop the cadence; report them yourself.
   */
  send(geohash: string): void
}

function uniform(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng.next() * (max - min + 1))
}

/**
 * Drives presence heartbeats on an injected clock. The first round starts as soon as
 * {@link PresenceScheduler.start} is called (so a user appears online at once); each later
 * round starts 40–80 s after the previous one started.
 */
export class PresenceScheduler {
  readonly #clock: Clock
  readonly #rng: Rng
  readonly #send: (geohash: string) => void
  #geohashes: string[] = []
  #timer: TimerHandle | undefined
  #running = false
  #roundStartMs = 0

  /** @param options - Clock, randomness and the send callback. */
  constructor(options: PresenceSchedulerOptions) {
    this.#clock = options.clock
    this.#rng = options.rng
    this.#send = options.send
  }

  /** Whether heartbeats are scheduled. */
  get running(): boolean {
    return this.#running
  }

  /** The geohashes heartbeats go to, coarsest first. */
  get geohashes(): readonly string[] {
    return this.#geohashes
  }

  /**
   * Set the channels. Only region (2), province (4) and city (5) geohashes get presence; others
   * are ignored. Takes effect from the next heartbeat.
   * @param geohashes - Any geohashes, e.g. every level of the current location.
   */
  setGeohashes(geohashes: readonly string[]): void {
    const levels = PRESENCE_LEVELS as readonly number[]
    const kept = [...new Set(geohashes.filter((g) => levels.includes(g.length)))]
    kept.sort((a, b) => a.length - b.length)
    this.#geohashes = kept
  }

  /** Start heartbeats (no-op when running). */
  start(): void {
    if (this.#running) return
    this.#running = true
    this.#startRound()
  }

  /** Stop heartbeats and cancel the pending timer. */
  stop(): void {
    this.#running = false
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #startRound(): void {
    this.#roundStartMs = this.#clock.now()
    this.#sendLevel(0)
  }

  #sendLevel(index: number): void {
    this.#timer = undefined
    if (!this.#running) return
    const list = this.#geohashes
    const geohash = list[index]
    if (geohash !== undefined) {
      try {
        this.#send(geohash)
      } catch {
        // A failed publish must not stop the cadence.
      }
    }
    if (index + 1 < list.length) {
      this.#timer = this.#clock.setTimeout(() => this.#sendLevel(index + 1), uniform(this.#rng, PRESENCE_LEVEL_SPACING_MIN_MS, PRESENCE_LEVEL_SPACING_MAX_MS))
      return
    }
    const next = this.#roundStartMs + uniform(this.#rng, PRESENCE_INTERVAL_MIN_MS, PRESENCE_INTERVAL_MAX_MS)
    this.#timer = this.#clock.setTimeout(() => this.#startRound(), Math.max(0, next - this.#clock.now()))
  }
}
