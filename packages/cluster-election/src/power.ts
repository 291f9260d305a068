/**
 * Power policy (DESIGN §6): the beacon interval as a function of battery state, and the sleep
 * schedule of non-head nodes (30 s cycles while no conversation is active, waking on an
 * advertisement that asks for it).
 * @module
 */
import { type ClusterRole } from './beacon.js'
import {
  BEACON_INTERVAL_MAX_MS,
  BEACON_INTERVAL_MIN_MS,
  CONVERSATION_IDLE_MS,
  SLEEP_CYCLE_MS,
  SLEEP_LISTEN_MS,
} from './constants.js'

/** At or above this battery level (percent) the beacon runs at the fastest interval. */
export const BEACON_FULL_RATE_BATTERY = 60
/** At or below this battery level (percent, "critical") the beacon runs at the slowest interval. */
export const BEACON_CRITICAL_BATTERY = 10

/**
 * Beacon interval: 500 ms while charging or at ≥ 60 %, 5 s at ≤ 10 % (critical), and in
 * between geometric in the battery level (each 10 % lost multiplies the interval by 10^(1/5) ≈
 * 1.58), so the beacon energy falls smoothly instead of in steps. Rounded to 10 ms.
 * @param state - Charging flag and battery percent.
 * @returns Interval in ms, 500–5 000.
 * @throws RangeError when the battery level is outside 0–100.
 */
export function beaconIntervalMs(state: { charging: boolean; batteryLevel: number }): number {
  const b = state.batteryLevel
  if (!(b >= 0 && b <= 100)) throw new RangeError(`batteryLevel ${b} is outside 0–100`)
  if (state.charging || b >= BEACON_FULL_RATE_BATTERY) return BEACON_INTERVAL_MIN_MS
  if (b <= BEACON_CRITICAL_BATTERY) return BEACON_INTERVAL_MAX_MS
  const span = BEACON_FULL_RATE_BATTERY - BEACON_CRITICAL_BATTERY
  const ratio = BEACON_INTERVAL_MAX_MS / BEACON_INTERVAL_MIN_MS
  const ms = BEACON_INTERVAL_MIN_MS * ratio ** ((BEACON_FULL_RATE_BATTERY - b) / span)
  return Math.round(ms / 10) * 10
}

/** Radio phase of a node under the sleep schedule. */
export type SleepPhase = 'awake' | 'listen' | 'sleep'

/** Options of {@link SleepSchedule}. */
export interface SleepScheduleOptions {
  /** Cycle length (default 30 s). */
  cycleMs?: number
  /** Scan window at the start of each cycle (default 2 s). */
  listenMs?: number
  /** Idle time after the last conversation before sleeping (default 30 s). */
  idleAfterMs?: number
}

/**
 * Sleep schedule of one node. `awake`: scanning and connectable as usual. `sleep`: radio off
 * except the beacon advertisement. `listen`: the first `listenMs` of each `cycleMs` cycle,
 * scanning, so an advertisement can wake the node. Heads never sleep.
 */
export class SleepSchedule {
  /** Cycle length, ms. */
  readonly cycleMs: number
  /** Listen window, ms. */
  readonly listenMs: number
  /** Idle time before sleeping, ms. */
  readonly idleAfterMs: number
  private role: ClusterRole = 'none'
  private lastActivityMs: number | null = null
  private sleepSinceMs: number | null = null
  /** Times an advertisement woke the node. */
  wakeUps = 0

  /**
   * @param options - Cycle, listen window and idle time.
   * @throws RangeError unless 0 < listenMs < cycleMs and idleAfterMs ≥ 0.
   */
  constructor(options: SleepScheduleOptions = {}) {
    this.cycleMs = options.cycleMs ?? SLEEP_CYCLE_MS
    this.listenMs = options.listenMs ?? SLEEP_LISTEN_MS
    this.idleAfterMs = options.idleAfterMs ?? CONVERSATION_IDLE_MS
    if (!(this.listenMs > 0 && this.listenMs < this.cycleMs) || !(this.idleAfterMs >= 0)) {
      throw new RangeError('need 0 < listenMs < cycleMs and idleAfterMs ≥ 0')
    }
  }

  /**
   * Tell the schedule the node's role (heads stay awake; a former head idles 30 s before sleeping).
   * @param role - Current role.
   * @param nowMs - Current time.
   */
  setRole(role: ClusterRole, nowMs: number): void {
    // Leaving the head role starts the idle timer afresh, like a conversation would.
    if (role === 'head' || this.role === 'head') this.activity(nowMs)
    this.role = role
  }

  /**
   * A message of an active conversation was sent or received: stay awake.
   * @param nowMs - Current time.
   */
  noteConversation(nowMs: number): void {
    this.activity(nowMs)
  }

  /**
   * An advertisement was heard (only possible while awake or listening).
   * @param nowMs - Current time.
   * @param wake - The advertisement asks to wake (a head's beacon with the wake bit, or traffic addressed here).
   * @returns Whether this woke the node.
   */
  onAdvertisement(nowMs: number, wake: boolean): boolean {
    if (!wake) return false
    const was = this.phaseAt(nowMs)
    this.activity(nowMs)
    if (was === 'awake') return false
    this.wakeUps++
    return true
  }

  /**
   * The radio phase at a time.
   * @param nowMs - Current time (monotonic with earlier calls).
   * @returns `awake`, `listen` or `sleep`.
   */
  phaseAt(nowMs: number): SleepPhase {
    if (this.role === 'head') return 'awake'
    if (this.lastActivityMs === null) this.lastActivityMs = nowMs
    const idleFrom = this.lastActivityMs + this.idleAfterMs
    if (nowMs < idleFrom) return 'awake'
    this.sleepSinceMs ??= idleFrom
    return (nowMs - this.sleepSinceMs) % this.cycleMs < this.listenMs ? 'listen' : 'sleep'
  }

  /**
   * When the phase next changes, so the caller can set one timer.
   * @param nowMs - Current time.
   * @returns Absolute time in ms, or `null` for a head (always awake).
   */
  nextChangeMs(nowMs: number): number | null {
    const phase = this.phaseAt(nowMs)
    if (this.role === 'head') return null
    if (phase === 'awake') return this.lastActivityMs! + this.idleAfterMs
    const into = (nowMs - this.sleepSinceMs!) % this.cycleMs
    return phase === 'listen' ? nowMs - into + this.listenMs : nowMs - into + this.cycleMs
  }

  private activity(nowMs: number): void {
    this.lastActivityMs = nowMs
    this.sleepSinceMs = null
  }
}
