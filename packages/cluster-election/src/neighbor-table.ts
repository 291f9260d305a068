/**
 * Neighbour table built from scanned beacons in rolling scan windows, with RSSI statistics per
 * neighbour. Bounded: at most `capacity` entries; a full table evicts the entry heard least
 * recently; entries not heard for `staleAfterMs` are evicted when a window closes.
 *
 * **Deaf windows.** A window in which the scanner reported nothing at all (no *scanned* sample:
 * the radio was off between duty-cycled scan windows) says nothing about who is there. It is not
 * a window: entries keep their statistics, nobody's `missedWindows` grows, and {@link
 * ClusterNeighborTable.tick} reports no close (so the election does not step on it) unless a stale
 * entry was evicted. Samples taken from elsewhere (announces, `scanned = false`) fill the
 * statistics but do not make a window heard; {@link ClusterNeighborTable.markHeard} does (the
 * scanner was on, so silence means absence).
 *
 * **Short scans.** A duty-cycled scanner is often on for only part of a window (a 2 s scan split
 * by a window boundary, or the first second of a scan before any sweep). A caller that reports
 * how long the scanner was on ({@link ClusterNeighborTable.reportScanTime}) gets a stricter rule:
 * a neighbour unheard in a heard window counts as missed only if the scanner was on for at least
 * {@link MISS_MIN_SCAN_MS} and two of that neighbour's beacon intervals (from the battery and
 * charging state it advertises, `beaconIntervalMs`); otherwise its miss count stands still.
 * Without that report, every heard window counts (the scanner is assumed on throughout).
 * @module
 */
import { type Beacon } from './beacon.js'
import { SCAN_WINDOW_MS } from './constants.js'
import { idKey } from './id-key.js'
import { beaconIntervalMs } from './power.js'

/**
 * Least scanner-on time in a window before an unheard neighbour counts as missed, ms: two
 * advertising intervals of a 1 s advertiser (Android's `ADVERTISE_MODE_LOW_POWER` is ~1 s), so a
 * single lost advertisement cannot make a head look gone. Measured in the walking 300-node crowd
 * (light sleep, 2 s scans): without it members dropped a live head ~0.8 times a minute.
 */
export const MISS_MIN_SCAN_MS = 2_000

/** Options of {@link ClusterNeighborTable}. */
export interface NeighborTableOptions {
  /** Most entries kept (default 512; a 30 m festival neighbourhood holds a few hundred phones). */
  capacity?: number
  /** Scan window length (default {@link SCAN_WINDOW_MS}). */
  windowMs?: number
  /** Entries unheard this long are evicted at window close (default 4 windows = 20 s). */
  staleAfterMs?: number
  /** Weight of each new sample in the EWMA (default 0.2: ~5 samples, 2.5 s at 500 ms beacons). */
  ewmaAlpha?: number
  /** Least scan time for a miss when scan time is reported (default {@link MISS_MIN_SCAN_MS}). */
  missMinScanMs?: number
}

/** One neighbour. Statistics are read-only for callers; the table owns the object. */
export interface NeighborEntry {
  /** Hex of the peer ID (map key). */
  readonly key: string
  /** The latest beacon heard (its `id` is a private copy). */
  beacon: Beacon
  /** When it was first heard, ms. */
  firstSeenMs: number
  /** When it was last heard, ms. */
  lastSeenMs: number
  /** EWMA of every RSSI sample, dBm. */
  ewmaDbm: number
  /** Mean RSSI of the last closed window, dBm (`NaN` if it was not heard in that window). */
  windowMeanDbm: number
  /** Sample variance of the last closed window, dB² (0 with fewer than 2 samples). */
  windowVarianceDb2: number
  /** Samples in the last closed window. */
  windowCount: number
  /** Samples since first heard. */
  totalSamples: number
  /** Consecutive closed windows without a sample (0 = heard in the last window). */
  missedWindows: number
  // Welford accumulators of the open window.
  /** @internal */ openCount: number
  /** @internal */ openMean: number
  /** @internal */ openM2: number
}

/** Lowest and highest RSSI accepted from a scan, dBm; anything else is a driver artefact. */
const RSSI_MIN_DBM = -127
const RSSI_MAX_DBM = 20

/** Neighbour table with per-window RSSI statistics. */
export class ClusterNeighborTable {
  /** Most entries kept. */
  readonly capacity: number
  /** Scan window length, ms. */
  readonly windowMs: number
  /** Eviction age, ms. */
  readonly staleAfterMs: number
  private readonly alpha: number
  private readonly map = new Map<string, NeighborEntry>()
  private windowStartMs: number | null = null
  /** Scanned samples in the open window (0 at close = a deaf window). */
  private openScanned = 0
  /** Scanner-on time reported for the open window, ms, or `null` when the caller reports none. */
  private openScanMs: number | null = null
  private readonly missMinScanMs: number
  /** Unheard neighbours not counted as missed because the scan was too short. */
  shortScanSkips = 0
  /** Windows skipped as deaf. */
  deafWindows = 0
  /** Entries evicted because the table was full. */
  evictedFull = 0
  /** Entries evicted because they went stale. */
  evictedStale = 0
  /** Samples refused (RSSI not finite or out of range). */
  rejectedSamples = 0

  /**
   * @param options - Capacity, window and smoothing.
   * @throws RangeError for a capacity below 1, a non-positive window or an alpha outside (0, 1].
   */
  constructor(options: NeighborTableOptions = {}) {
    this.capacity = options.capacity ?? 512
    this.windowMs = options.windowMs ?? SCAN_WINDOW_MS
    this.staleAfterMs = options.staleAfterMs ?? 4 * this.windowMs
    this.alpha = options.ewmaAlpha ?? 0.2
    this.missMinScanMs = options.missMinScanMs ?? MISS_MIN_SCAN_MS
    if (!(this.missMinScanMs >= 0)) throw new RangeError('missMinScanMs must be ≥ 0')
    if (!Number.isInteger(this.capacity) || this.capacity < 1) throw new RangeError('capacity must be a positive integer')
    if (!(this.windowMs > 0) || !(this.staleAfterMs > 0)) throw new RangeError('windowMs and staleAfterMs must be positive')
    if (!(this.alpha > 0 && this.alpha <= 1)) throw new RangeError('ewmaAlpha must be in (0, 1]')
  }

  /** Number of entries. */
  get size(): number {
    return this.map.size
  }

  /**
   * Record one scanned beacon.
   * @param beacon - Decoded beacon (its `id` is copied on first sight, so a view is fine).
   * @param rssiDbm - Received signal strength.
   * @param nowMs - Scan time.
   * @param scanned - The sample came from the scanner (default); `false` for samples from other
   *   sources (a link's RSSI with an announced beacon), which do not make a window heard.
   * @returns The entry, or `null` when the sample was refused.
   */
  observe(beacon: Beacon, rssiDbm: number, nowMs: number, scanned = true): NeighborEntry | null {
    if (!Number.isFinite(rssiDbm) || rssiDbm < RSSI_MIN_DBM || rssiDbm > RSSI_MAX_DBM) {
      this.rejectedSamples++
      return null
    }
    if (this.windowStartMs === null) this.windowStartMs = nowMs
    if (scanned) this.openScanned++
    const key = idKey(beacon.id)
    let e = this.map.get(key)
    if (e === undefined) {
      if (this.map.size >= this.capacity) this.evictLeastRecent()
      e = {
        key,
        beacon: { ...beacon, id: beacon.id.slice() },
        firstSeenMs: nowMs,
        lastSeenMs: nowMs,
        ewmaDbm: rssiDbm,
        windowMeanDbm: Number.NaN,
        windowVarianceDb2: 0,
        windowCount: 0,
        totalSamples: 0,
        missedWindows: 0,
        openCount: 0,
        openMean: 0,
        openM2: 0,
      }
      this.map.set(key, e)
    } else {
      // Keep our copy of the id; refresh the rest of the beacon in place.
      const id = e.beacon.id
      Object.assign(e.beacon, beacon)
      e.beacon.id = id
      e.ewmaDbm += this.alpha * (rssiDbm - e.ewmaDbm)
      if (nowMs > e.lastSeenMs) e.lastSeenMs = nowMs
    }
    e.totalSamples++
    e.openCount++
    const d = rssiDbm - e.openMean
    e.openMean += d / e.openCount
    e.openM2 += d * (rssiDbm - e.openMean)
    return e
  }

  /**
   * Mark the open window as heard without a sample: the scanner was on (or announces are the only
   * source), so silence in it means nobody is there.
   */
  markHeard(): void {
    this.openScanned++
  }

  /**
   * Add scanner-on time to the open window (call it every sampling tick, with `0` while the
   * scanner is off, so the table knows scan time is being reported). See "Short scans" above.
   * @param ms - Time the scanner was on since the previous report.
   * @throws RangeError for a negative or non-finite time.
   */
  reportScanTime(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError('scan time must be a finite number ≥ 0')
    this.openScanMs = (this.openScanMs ?? 0) + ms
  }

  /**
   * Close the current window if `nowMs` has reached its end: publish each entry's window
   * statistics, count missed windows, evict stale entries. Call at least once per window.
   * @param nowMs - Current time.
   * @returns `true` when a heard window closed or a deaf one evicted a stale entry (the election
   *   should step).
   */
  tick(nowMs: number): boolean {
    if (this.windowStartMs === null) {
      this.windowStartMs = nowMs
      return false
    }
    if (nowMs - this.windowStartMs < this.windowMs) return false
    return this.closeWindow(nowMs)
  }

  /**
   * Close the current window now, whatever its length.
   * @param nowMs - Current time.
   * @returns `false` for a deaf window that evicted nothing (see the module notes), else `true`.
   */
  closeWindow(nowMs: number): boolean {
    const deaf = this.openScanned === 0
    const scanMs = this.openScanMs
    this.openScanned = 0
    this.openScanMs = null
    this.windowStartMs = nowMs
    if (deaf) {
      this.deafWindows++
      let evicted = false
      for (const e of this.map.values()) {
        if (nowMs - e.lastSeenMs > this.staleAfterMs) {
          this.map.delete(e.key)
          this.evictedStale++
          evicted = true
        }
      }
      return evicted
    }
    for (const e of this.map.values()) {
      if (e.openCount > 0) {
        e.windowMeanDbm = e.openMean
        e.windowVarianceDb2 = e.openCount > 1 ? e.openM2 / (e.openCount - 1) : 0
        e.windowCount = e.openCount
        e.missedWindows = 0
      } else {
        e.windowMeanDbm = Number.NaN
        e.windowVarianceDb2 = 0
        e.windowCount = 0
        if (scanMs === null || scanMs >= this.#missScanMs(e.beacon)) e.missedWindows++
        else this.shortScanSkips++
      }
      e.openCount = 0
      e.openMean = 0
      e.openM2 = 0
      if (nowMs - e.lastSeenMs > this.staleAfterMs) {
        this.map.delete(e.key)
        this.evictedStale++
      }
    }
    return true
  }

  /** Scan time that makes an unheard neighbour missed: the floor, or two of its beacon intervals. */
  #missScanMs(beacon: Beacon): number {
    const level = beacon.batteryLevel
    const interval = level >= 0 && level <= 100 ? beaconIntervalMs({ charging: beacon.charging, batteryLevel: level }) : 0
    return Math.max(this.missMinScanMs, 2 * interval)
  }

  /**
   * Look up a neighbour.
   * @param id - Peer ID bytes or its hex key.
   * @returns The entry or `undefined`.
   */
  get(id: Uint8Array | string): NeighborEntry | undefined {
    return this.map.get(typeof id === 'string' ? id : idKey(id))
  }

  /** Iterate entries (do not mutate the table while iterating). */
  values(): IterableIterator<NeighborEntry> {
    return this.map.values()
  }

  /**
   * Forget a neighbour (for example after a verified LEAVE).
   * @returns Whether it was present.
   */
  delete(id: Uint8Array | string): boolean {
    return this.map.delete(typeof id === 'string' ? id : idKey(id))
  }

  /**
   * This node's neighbourhood score, advertised in its beacon so every neighbour ranks head
   * candidates the same way: the mean smoothed RSSI of its `k` strongest neighbours, padding
   * with `floorDbm` when it hears fewer. It rewards both closeness and density (a node in the
   * middle of a crowd hears many neighbours well).
   * @param k - Neighbours counted (default 8).
   * @param floorDbm - Value of a missing neighbour (default −100 dBm).
   * @returns Integer dBm in −126…0, or `null` when nobody was heard in the last window.
   */
  neighborhoodScore(k = 8, floorDbm = -100): number | null {
    // Top-k by insertion into a tiny sorted array: k is small, no allocation beyond it.
    const top = new Array<number>(k).fill(floorDbm)
    let heard = 0
    for (const e of this.map.values()) {
      if (e.missedWindows !== 0 || e.windowCount === 0) continue
      heard++
      const v = e.ewmaDbm
      if (v <= top[k - 1]!) continue
      let i = k - 1
      while (i > 0 && top[i - 1]! < v) {
        top[i] = top[i - 1]!
        i--
      }
      top[i] = v
    }
    if (heard === 0) return null
    let sum = 0
    for (const v of top) sum += v
    return Math.max(-126, Math.min(0, Math.round(sum / k)))
  }

  private evictLeastRecent(): void {
    let victim: NeighborEntry | undefined
    for (const e of this.map.values()) if (victim === undefined || e.lastSeenMs < victim.lastSeenMs) victim = e
    if (victim !== undefined) {
      this.map.delete(victim.key)
      this.evictedFull++
    }
  }
}
