/**
 * Time-windowed, multi-generation Bloom dedup for crowds, fixing the defects of Blip's three-tier
 * filter (blip §2.8):
 *
 * * **Each generation ages on its own.** Blip cascades hot → warm → cold, so under steady traffic
 *   warm is overwritten every 60 s and the real memory is ~1–2 min. Here G equal generations form
 *   a ring; inserts go to the current one, which retires after `span = windowMs / (G − 1)`, and a
 *   retired generation is cleared only when its *own* newest entry is `windowMs` old. Every key is
 *   therefore remembered for at least `windowMs` (and at most `windowMs + span`).
 * * **Sized from the load, not fixed.** With `capacity` keys held at once (G full generations),
 *   each generation holds n = ⌈capacity / G⌉ at rate p_g = 1 − (1 − p)^(1/G), so the union of G
 *   lookups stays within the target p; m and k follow from n and p_g ({@link bloomSize}).
 *   Blip's claimed per-tier rates were not backed by its m, n and k.
 * * **Fill alarm.** When the current generation reaches `alarmFill` of its design load the alarm
 *   is raised (callback + flag). At full design load it retires early so the false-positive rate
 *   stays bounded; if that forces out a generation younger than `windowMs`, memory got shorter
 *   than promised and `overloads` counts it.
 * @module
 */
import { DEDUP_KEY_BYTES } from '../constants.js'
import { BloomFilter } from './bloom.js'
import { bloomFalsePositiveRate, bloomSize } from './bloom-math.js'
import { checkKey } from './key.js'

/** Options of {@link WindowedBloomDedup}. */
export interface WindowedBloomOptions {
  /** Guaranteed memory of a key, ms (e.g. bitchat's 300 000). */
  windowMs: number
  /** Keys held at once at design load (G full generations). */
  capacity: number
  /** Target false-positive rate of a lookup at design load, 0 < p < 1. */
  falsePositiveRate: number
  /** Generations G ≥ 2 (default 4). More generations: finer ageing, slightly more bits per key. */
  generations?: number
  /** Key width in bytes (default 16, the §2.7.1 packet ID). */
  keyBytes?: number
  /** Fraction of a generation's design load that raises the alarm (default 0.9). */
  alarmFill?: number
  /** Called once per generation when its load crosses `alarmFill`, and on every overload. */
  onAlarm?: (event: BloomAlarm) => void
}

/** What raised the alarm. */
export interface BloomAlarm {
  /** `fill`: the current generation crossed `alarmFill`; `overload`: a live generation was dropped early. */
  readonly kind: 'fill' | 'overload'
  /** When. */
  readonly nowMs: number
  /** Keys in the current generation. */
  readonly count: number
  /** Design load of one generation. */
  readonly designCount: number
}

/** A snapshot of the structure. */
export interface WindowedBloomStats {
  /** Generations G. */
  readonly generations: number
  /** Bits per generation. */
  readonly bitsPerGeneration: number
  /** Hash count. */
  readonly hashes: number
  /** Design load per generation. */
  readonly designCountPerGeneration: number
  /** Bytes of all bit arrays. */
  readonly memoryBytes: number
  /** Keys per generation, current first. */
  readonly counts: readonly number[]
  /** False-positive rate of a lookup now, from the actual loads. */
  readonly estimatedFalsePositiveRate: number
  /** Whether the alarm is raised (current generation above `alarmFill`, or an overload within the window). */
  readonly alarm: boolean
  /** Generations dropped before their window ended. */
  readonly overloads: number
}

/** Time-windowed multi-generation Bloom dedup. */
export class WindowedBloomDedup {
  /** Guaranteed memory of a key, ms. */
  readonly windowMs: number
  /** How long a generation takes inserts, ms. */
  readonly spanMs: number
  /** Key width in bytes. */
  readonly keyBytes: number
  readonly #filters: BloomFilter[]
  /** Generation → time it stopped taking inserts (−∞ while current or empty). */
  readonly #retiredAt: Float64Array
  readonly #designCount: number
  readonly #alarmCount: number
  readonly #onAlarm: ((event: BloomAlarm) => void) | undefined
  #current = 0
  #currentStart: number | null = null
  #alarmed = false
  #lastOverloadMs = -Infinity
  #overloads = 0

  /**
   * @param options - Window, load, target rate; see {@link WindowedBloomOptions}.
   * @throws RangeError for invalid options.
   */
  constructor(options: WindowedBloomOptions) {
    const g = options.generations ?? 4
    if (!Number.isInteger(g) || g < 2 || g > 64) throw new RangeError('generations must be an integer in 2…64')
    if (!(options.windowMs > 0)) throw new RangeError('windowMs must be positive')
    if (!Number.isInteger(options.capacity) || options.capacity < g) throw new RangeError('capacity must be an integer ≥ generations')
    const p = options.falsePositiveRate
    if (!(p > 0 && p < 1)) throw new RangeError('falsePositiveRate must be in (0, 1)')
    const alarmFill = options.alarmFill ?? 0.9
    if (!(alarmFill > 0 && alarmFill <= 1)) throw new RangeError('alarmFill must be in (0, 1]')
    this.keyBytes = options.keyBytes ?? DEDUP_KEY_BYTES
    this.windowMs = options.windowMs
    this.spanMs = options.windowMs / (g - 1)
    this.#designCount = Math.ceil(options.capacity / g)
    // A lookup is a false positive if any of the G generations answers falsely.
    const perGeneration = -Math.expm1(Math.log1p(-p) / g)
    const size = bloomSize(this.#designCount, perGeneration)
    this.#filters = Array.from({ length: g }, () => new BloomFilter(size.bits, size.hashes, this.keyBytes))
    this.#retiredAt = new Float64Array(g).fill(-Infinity)
    this.#alarmCount = Math.max(1, Math.floor(alarmFill * this.#designCount))
    this.#onAlarm = options.onAlarm
  }

  /** Generations dropped before their window ended (load above design). */
  get overloads(): number {
    return this.#overloads
  }

  /** Bytes of all bit arrays. */
  get memoryBytes(): number {
    let total = 0
    for (const f of this.#filters) total += f.memoryBytes
    return total
  }

  /**
   * Whether `key` was (probably) recorded within the window.
   * @param key - Key bytes.
   * @param nowMs - Current time (monotonic non-decreasing across calls).
   * @param offset - Where the key starts.
   * @returns Membership (false positives at ≤ the target rate at design load).
   * @throws RangeError when the key is too short.
   */
  has(key: Uint8Array, nowMs: number, offset = 0): boolean {
    checkKey(key, offset, this.keyBytes)
    this.#tick(nowMs)
    return this.#lookup(key, offset)
  }

  /**
   * Record `key` in the current generation.
   * @param key - Key bytes.
   * @param nowMs - Current time.
   * @param offset - Where the key starts.
   * @throws RangeError when the key is too short.
   */
  add(key: Uint8Array, nowMs: number, offset = 0): void {
    checkKey(key, offset, this.keyBytes)
    this.#tick(nowMs)
    this.#insert(key, offset, nowMs)
  }

  /**
   * The receive-path check: `true` if `key` is (probably) a duplicate, else record it.
   * @param key - Key bytes.
   * @param nowMs - Current time.
   * @param offset - Where the key starts.
   * @returns Whether it was a duplicate.
   * @throws RangeError when the key is too short.
   */
  checkAndAdd(key: Uint8Array, nowMs: number, offset = 0): boolean {
    checkKey(key, offset, this.keyBytes)
    this.#tick(nowMs)
    if (this.#lookup(key, offset)) return true
    this.#insert(key, offset, nowMs)
    return false
  }

  /**
   * A snapshot of sizes, loads and the current false-positive estimate.
   * @param nowMs - Current time (ages generations first).
   * @returns The stats.
   */
  stats(nowMs: number): WindowedBloomStats {
    this.#tick(nowMs)
    const g = this.#filters.length
    const counts: number[] = []
    let miss = 1
    for (let i = 0; i < g; i++) {
      const f = this.#filters[(this.#current - i + g) % g]!
      counts.push(f.count)
      miss *= 1 - bloomFalsePositiveRate(f.bits, f.hashes, f.count)
    }
    const first = this.#filters[0]!
    return {
      generations: g,
      bitsPerGeneration: first.bits,
      hashes: first.hashes,
      designCountPerGeneration: this.#designCount,
      memoryBytes: this.memoryBytes,
      counts,
      estimatedFalsePositiveRate: 1 - miss,
      alarm: this.#alarmed || nowMs - this.#lastOverloadMs < this.windowMs,
      overloads: this.#overloads,
    }
  }

  /** Forget everything. */
  clear(): void {
    for (const f of this.#filters) f.clear()
    this.#retiredAt.fill(-Infinity)
    this.#current = 0
    this.#currentStart = null
    this.#alarmed = false
  }

  #lookup(key: Uint8Array, offset: number): boolean {
    // Newest first: relayed copies of a packet arrive within seconds of each other.
    const filters = this.#filters
    const g = filters.length
    for (let i = 0, j = this.#current; i < g; i++, j = j === 0 ? g - 1 : j - 1) {
      const f = filters[j]!
      if (f.count > 0 && f.hasUnchecked(key, offset)) return true
    }
    return false
  }

  #insert(key: Uint8Array, offset: number, nowMs: number): void {
    const f = this.#filters[this.#current]!
    if (this.#currentStart === null) this.#currentStart = nowMs
    if (!f.addUnchecked(key, offset)) return
    const count = f.count
    if (count === this.#alarmCount && !this.#alarmed) {
      this.#alarmed = true
      this.#onAlarm?.({ kind: 'fill', nowMs, count, designCount: this.#designCount })
    }
    if (count >= this.#designCount) this.#rotate(nowMs, true)
  }

  /** Expire generations whose newest key is a full window old; retire the current one after its span. */
  #tick(nowMs: number): void {
    const filters = this.#filters
    const retired = this.#retiredAt
    for (let i = 0; i < filters.length; i++) {
      if (i !== this.#current && retired[i]! !== -Infinity && nowMs - retired[i]! >= this.windowMs) {
        filters[i]!.clear()
        retired[i] = -Infinity
      }
    }
    if (this.#currentStart !== null && nowMs - this.#currentStart >= this.spanMs) this.#rotate(nowMs, false)
  }

  #rotate(nowMs: number, early: boolean): void {
    const g = this.#filters.length
    this.#retiredAt[this.#current] = nowMs
    const next = (this.#current + 1) % g
    const victim = this.#filters[next]!
    if (victim.count > 0) {
      // Still inside its window: only load above design gets here (time rotation finds it expired).
      this.#overloads++
      this.#lastOverloadMs = nowMs
      this.#onAlarm?.({ kind: 'overload', nowMs, count: this.#filters[this.#current]!.count, designCount: this.#designCount })
      victim.clear()
    }
    this.#retiredAt[next] = -Infinity
    this.#current = next
    this.#currentStart = early ? nowMs : null
    this.#alarmed = false
  }
}
