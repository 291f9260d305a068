/**
 * Exact duplicate registry with bitchat iOS's semantics (wire §6.4 `MessageDeduplicator`): at most
 * 1 000 keys, each remembered 300 s after it was first recorded, the oldest forgotten first.
 *
 * Built for the hot path: keys live in preallocated typed arrays (open addressing with linear
 * probing and backward-shift deletion, no tombstones) threaded on an intrusive LRU list, so
 * `has`/`add`/`checkAndAdd` allocate nothing. Memory is fixed at construction (see
 * {@link ExactDedup.memoryBytes}).
 * @module
 */
import { DEDUP_CAPACITY, DEDUP_KEY_BYTES, DEDUP_TTL_MS } from '../constants.js'
import { checkKey, readWord } from './key.js'

/** Options of {@link ExactDedup}. */
export interface ExactDedupOptions {
  /** Keys held at most (bitchat iOS: 1 000). */
  capacity?: number
  /** Lifetime of a key after it was recorded, ms (bitchat iOS: 300 000). */
  ttlMs?: number
  /** Key width: 16 (the §2.7.1 packet ID, default) or 8 bytes (its first half). */
  keyBytes?: 8 | 16
}

const EMPTY = -1
/** Golden-ratio multiplier (Knuth multiplicative hashing): spreads even non-uniform keys. */
const MIX = 0x9e3779b1

/** An exact, bounded, time-limited set of dedup keys. */
export class ExactDedup {
  /** Keys held at most. */
  readonly capacity: number
  /** Lifetime of a key, ms. */
  readonly ttlMs: number
  /** Key width in bytes. */
  readonly keyBytes: 8 | 16
  readonly #words: number
  readonly #mask: number
  /** Bucket → slot index or EMPTY. */
  readonly #table: Int32Array
  /** Slot → key words. */
  readonly #keys: Uint32Array
  /** Slot → home-bucket hash. */
  readonly #hashes: Uint32Array
  /** Slot → expiry time. */
  readonly #expiry: Float64Array
  /** Slot → bucket it occupies (for O(1) unlink on eviction). */
  readonly #bucketOf: Int32Array
  readonly #prev: Int32Array
  readonly #next: Int32Array
  #head = EMPTY
  #tail = EMPTY
  #free = 0
  #freeList: Int32Array
  #size = 0
  readonly #scratch: Uint32Array

  /**
   * @param options - Capacity, lifetime and key width; defaults are bitchat iOS's.
   * @throws RangeError for a non-positive capacity or lifetime, or a key width other than 8/16.
   */
  constructor(options: ExactDedupOptions = {}) {
    const capacity = options.capacity ?? DEDUP_CAPACITY
    const ttlMs = options.ttlMs ?? DEDUP_TTL_MS
    const keyBytes = options.keyBytes ?? DEDUP_KEY_BYTES
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 1 << 24) throw new RangeError('capacity must be an integer in 1…16 777 216')
    if (!(ttlMs > 0)) throw new RangeError('ttlMs must be positive')
    if (keyBytes !== 8 && keyBytes !== 16) throw new RangeError('keyBytes must be 8 or 16')
    this.capacity = capacity
    this.ttlMs = ttlMs
    this.keyBytes = keyBytes
    this.#words = keyBytes >>> 2
    // Load factor ≤ 0.5 keeps linear-probe chains short.
    let buckets = 2
    while (buckets < capacity * 2) buckets *= 2
    this.#mask = buckets - 1
    this.#table = new Int32Array(buckets).fill(EMPTY)
    this.#keys = new Uint32Array(capacity * this.#words)
    this.#hashes = new Uint32Array(capacity)
    this.#expiry = new Float64Array(capacity)
    this.#bucketOf = new Int32Array(capacity)
    this.#prev = new Int32Array(capacity).fill(EMPTY)
    this.#next = new Int32Array(capacity).fill(EMPTY)
    this.#freeList = new Int32Array(capacity)
    for (let i = 0; i < capacity; i++) this.#freeList[i] = capacity - 1 - i
    this.#free = capacity
    this.#scratch = new Uint32Array(4)
  }

  /** Keys held (expired keys count until touched or pruned). */
  get size(): number {
    return this.#size
  }

  /** Bytes of the preallocated arrays. */
  get memoryBytes(): number {
    return (
      this.#table.byteLength +
      this.#keys.byteLength +
      this.#hashes.byteLength +
      this.#expiry.byteLength +
      this.#bucketOf.byteLength +
      this.#prev.byteLength +
      this.#next.byteLength +
      this.#freeList.byteLength
    )
  }

  /**
   * Whether `key` was recorded within its lifetime. Does not refresh it.
   * @param key - Key bytes.
   * @param nowMs - Current time.
   * @param offset - Where the key starts in `key`.
   * @returns `true` for a duplicate.
   * @throws RangeError when fewer than `keyBytes` bytes follow `offset`.
   */
  has(key: Uint8Array, nowMs: number, offset = 0): boolean {
    checkKey(key, offset, this.keyBytes)
    const slot = this.#find(this.#load(key, offset))
    if (slot === EMPTY) return false
    if (this.#expiry[slot]! <= nowMs) {
      this.#remove(slot)
      return false
    }
    return true
  }

  /**
   * Record `key` (a recorded key is refreshed: new lifetime, newest position).
   * @param key - Key bytes.
   * @param nowMs - Current time.
   * @param offset - Where the key starts in `key`.
   * @throws RangeError when fewer than `keyBytes` bytes follow `offset`.
   */
  add(key: Uint8Array, nowMs: number, offset = 0): void {
    checkKey(key, offset, this.keyBytes)
    const hash = this.#load(key, offset)
    const slot = this.#find(hash)
    if (slot !== EMPTY) {
      this.#expiry[slot] = nowMs + this.ttlMs
      this.#unlink(slot)
      this.#append(slot)
      return
    }
    this.#insert(hash, nowMs)
  }

  /**
   * The receive-path check: `true` if `key` is a live duplicate, else record it and return
   * `false`. A duplicate is not refreshed, so a key is forgotten `ttlMs` after first seen.
   * @param key - Key bytes.
   * @param nowMs - Current time.
   * @param offset - Where the key starts in `key`.
   * @returns Whether it was a duplicate.
   * @throws RangeError when fewer than `keyBytes` bytes follow `offset`.
   */
  checkAndAdd(key: Uint8Array, nowMs: number, offset = 0): boolean {
    checkKey(key, offset, this.keyBytes)
    const hash = this.#load(key, offset)
    const slot = this.#find(hash)
    if (slot !== EMPTY) {
      if (this.#expiry[slot]! > nowMs) return true
      this.#remove(slot)
    }
    this.#insert(hash, nowMs)
    return false
  }

  /**
   * Forget expired keys (list order is expiry order, so this stops at the first live one).
   * @param nowMs - Current time.
   */
  prune(nowMs: number): void {
    while (this.#head !== EMPTY && this.#expiry[this.#head]! <= nowMs) this.#remove(this.#head)
  }

  /** Forget everything. */
  clear(): void {
    this.#table.fill(EMPTY)
    this.#head = this.#tail = EMPTY
    this.#size = 0
    for (let i = 0; i < this.capacity; i++) this.#freeList[i] = this.capacity - 1 - i
    this.#free = this.capacity
  }

  /** Copy the key into the scratch words; return its hash. */
  #load(key: Uint8Array, offset: number): number {
    const s = this.#scratch
    const words = this.#words
    let h = 0
    for (let w = 0; w < words; w++) {
      const v = readWord(key, offset + 4 * w)
      s[w] = v
      h = Math.imul(h ^ v, MIX)
    }
    return (h ^ (h >>> 15)) >>> 0
  }

  #equals(slot: number): boolean {
    const s = this.#scratch
    const base = slot * this.#words
    for (let w = 0; w < this.#words; w++) if (this.#keys[base + w] !== s[w]) return false
    return true
  }

  #find(hash: number): number {
    const table = this.#table
    const mask = this.#mask
    for (let b = hash & mask; ; b = (b + 1) & mask) {
      const slot = table[b]!
      if (slot === EMPTY) return EMPTY
      if (this.#hashes[slot] === hash && this.#equals(slot)) return slot
    }
  }

  #insert(hash: number, nowMs: number): void {
    if (this.#size >= this.capacity) {
      // Expired keys go first; else the least recently recorded one (LRU).
      this.#remove(this.#head)
    }
    const slot = this.#freeList[--this.#free]!
    const base = slot * this.#words
    for (let w = 0; w < this.#words; w++) this.#keys[base + w] = this.#scratch[w]!
    this.#hashes[slot] = hash
    this.#expiry[slot] = nowMs + this.ttlMs
    const mask = this.#mask
    let b = hash & mask
    while (this.#table[b] !== EMPTY) b = (b + 1) & mask
    this.#table[b] = slot
    this.#bucketOf[slot] = b
    this.#append(slot)
    this.#size++
  }

  #remove(slot: number): void {
    this.#unlink(slot)
    // Backward-shift deletion keeps every probe chain unbroken without tombstones.
    const table = this.#table
    const mask = this.#mask
    let hole = this.#bucketOf[slot]!
    let b = (hole + 1) & mask
    for (;;) {
      const other = table[b]!
      if (other === EMPTY) break
      const home = this.#hashes[other]! & mask
      // Move `other` into the hole when its home is not cyclically within (hole, b].
      if (((b - home) & mask) >= ((b - hole) & mask)) {
        table[hole] = other
        this.#bucketOf[other] = hole
        hole = b
      }
      b = (b + 1) & mask
    }
    table[hole] = EMPTY
    this.#freeList[this.#free++] = slot
    this.#size--
  }

  #append(slot: number): void {
    this.#prev[slot] = this.#tail
    this.#next[slot] = EMPTY
    if (this.#tail !== EMPTY) this.#next[this.#tail] = slot
    else this.#head = slot
    this.#tail = slot
  }

  #unlink(slot: number): void {
    const p = this.#prev[slot]!
    const n = this.#next[slot]!
    if (p !== EMPTY) this.#next[p] = n
    else this.#head = n
    if (n !== EMPTY) this.#prev[n] = p
    else this.#tail = p
  }
}
