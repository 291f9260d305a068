/**
 * Scan duty cycles by power mode (wire spec §6.2) and a scheduler that drives them on an
 * injected {@link Clock}.
 * @module
 */
import type { Clock, TimerHandle } from '@bitmesh/interface'

/**
 * Power modes. The first five are Android's profiles; `adaptive` follows iOS: continuous while
 * ≤ 2 links or traffic in the last 10 s, 5 s on / 10 s off otherwise, 3 s on / 15 s off when dense
 * (≥ 6 links). `cluster-member` is BitMesh's own: a cluster member in light sleep
 * ({@link CLUSTER_MEMBER_SCAN}).
 */
export type BlePowerMode = 'performance' | 'balanced' | 'power-saver' | 'ultra-low' | 'background' | 'adaptive' | 'cluster-member'

/**
 * Scan schedule and dial gate of a BitMesh cluster member in light sleep: 3 s on, 12 s off
 * (a 20 % duty), gate −75 dBm (power-saver's). Measured in a walking 300-node crowd
 * (`bitmesh sim --scenario festival-10k --nodes 300 --clusters on`): Android's power-saver cycle
 * (2 s of 30 s) found new neighbours too slowly for walkers — private delivery 0.78 against 0.89
 * with every node scanning — while 3 s of 15 s kept links fresh at about half a scanning node's
 * drain. Not an Android profile: bitchat peers never see it.
 */
export const CLUSTER_MEMBER_SCAN: { readonly schedule: ScanSchedule; readonly rssiGateDbm: number } = Object.freeze({
  schedule: Object.freeze({ onMs: 3_000, offMs: 12_000 }),
  rssiGateDbm: -75,
})

/** One scan schedule: `continuous`, or on/off windows in milliseconds. */
export type ScanSchedule = 'continuous' | { readonly onMs: number; readonly offMs: number }

/** Android's duty cycles and RSSI gates per power profile (spec §6.2). */
export const ANDROID_POWER_MODES: Readonly<Record<Exclude<BlePowerMode, 'adaptive' | 'cluster-member'>, { schedule: ScanSchedule; rssiGateDbm: number }>> = {
  performance: { schedule: 'continuous', rssiGateDbm: -95 },
  balanced: { schedule: { onMs: 8_000, offMs: 2_000 }, rssiGateDbm: -85 },
  'power-saver': { schedule: { onMs: 2_000, offMs: 28_000 }, rssiGateDbm: -75 },
  'ultra-low': { schedule: { onMs: 1_000, offMs: 29_000 }, rssiGateDbm: -65 },
  // Background with peers; Android stretches it to 1/59 s when alone.
  background: { schedule: { onMs: 1_000, offMs: 29_000 }, rssiGateDbm: -65 },
}

/** iOS keeps scanning continuously for this long after traffic. */
export const RECENT_TRAFFIC_WINDOW_MS = 10_000
/** iOS sparse duty cycle. */
export const IOS_SPARSE_SCHEDULE: ScanSchedule = { onMs: 5_000, offMs: 10_000 }
/** iOS dense (≥ {@link IOS_DENSE_LINKS} links) duty cycle. */
export const IOS_DENSE_SCHEDULE: ScanSchedule = { onMs: 3_000, offMs: 15_000 }
/** Link count from which iOS considers the neighbourhood dense. */
export const IOS_DENSE_LINKS = 6
/** Link count up to which iOS scans continuously. */
export const IOS_CONTINUOUS_MAX_LINKS = 2
/** While continuous, the schedule is re-evaluated this often (so it can fall back to cycling). */
export const CONTINUOUS_REEVALUATE_MS = 5_000

/** What the adaptive mode looks at. */
export interface DutyCycleContext {
  /** Open links now. */
  linkCount: number
  /** Milliseconds since the last frame in or out (Infinity when none). */
  msSinceTraffic: number
}

/**
 * The scan schedule of a power mode in a given context.
 * @param mode power mode
 * @param context link count and traffic recency (used by `adaptive` only)
 * @returns `continuous` or the on/off windows
 */
export function scanScheduleFor(mode: BlePowerMode, context: DutyCycleContext): ScanSchedule {
  if (mode === 'cluster-member') return CLUSTER_MEMBER_SCAN.schedule
  if (mode !== 'adaptive') return ANDROID_POWER_MODES[mode].schedule
  if (context.linkCount <= IOS_CONTINUOUS_MAX_LINKS || context.msSinceTraffic < RECENT_TRAFFIC_WINDOW_MS) return 'continuous'
  return context.linkCount >= IOS_DENSE_LINKS ? IOS_DENSE_SCHEDULE : IOS_SPARSE_SCHEDULE
}

/** Callbacks of a {@link DutyCycler}. */
export interface DutyCyclerHooks {
  /** Returns the schedule to apply now (re-read at every window boundary). */
  schedule(): ScanSchedule
  /** Turn scanning on. */
  scanOn(): void
  /** Turn scanning off. */
  scanOff(): void
}

/**
 * Alternates scan windows. Re-reads the schedule at every boundary and on {@link refresh}, so
 * link-count changes take effect at once. Holds at most one timer.
 */
export class DutyCycler {
  readonly #clock: Clock
  readonly #hooks: DutyCyclerHooks
  #timer: TimerHandle | undefined
  #running = false
  #scanning = false
  #continuous = false

  /**
   * @param clock time source for the windows
   * @param hooks schedule source and scan switches
   */
  constructor(clock: Clock, hooks: DutyCyclerHooks) {
    this.#clock = clock
    this.#hooks = hooks
  }

  /** True while the scanner is in an on-window. */
  get scanning(): boolean {
    return this.#scanning
  }

  /** Start cycling with an on-window. Idempotent. */
  start(): void {
    if (this.#running) return
    this.#running = true
    this.#enterOn()
  }

  /** Stop cycling and scanning; releases the timer. Idempotent. */
  stop(): void {
    if (!this.#running) return
    this.#running = false
    this.#continuous = false
    this.#clearTimer()
    this.#setScanning(false)
  }

  /**
   * Re-read the schedule now: a switch to continuous turns scanning on at once; a switch from
   * continuous to windows starts a fresh on-window now. Otherwise the change applies at the next
   * window boundary.
   */
  refresh(): void {
    if (!this.#running) return
    const schedule = this.#hooks.schedule()
    if ((schedule === 'continuous' && !this.#scanning) || (schedule !== 'continuous' && this.#continuous)) {
      this.#clearTimer()
      this.#enterOn()
    }
  }

  #enterOn(): void {
    const schedule = this.#hooks.schedule()
    this.#continuous = schedule === 'continuous'
    this.#setScanning(true)
    this.#arm(schedule === 'continuous' ? CONTINUOUS_REEVALUATE_MS : schedule.onMs, () => {
      const next = this.#hooks.schedule()
      if (next === 'continuous') this.#enterOn()
      else this.#enterOff(next.offMs)
    })
  }

  #enterOff(offMs: number): void {
    this.#continuous = false
    this.#setScanning(false)
    this.#arm(offMs, () => this.#enterOn())
  }

  #arm(delayMs: number, fn: () => void): void {
    this.#clearTimer()
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined
      if (this.#running) fn()
    }, delayMs)
  }

  #clearTimer(): void {
    if (this.#timer === undefined) return
    this.#clock.clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #setScanning(on: boolean): void {
    if (on === this.#scanning) return
    this.#scanning = on
    if (on) this.#hooks.scanOn()
    else this.#hooks.scanOff()
  }
}
