/**
 * A plain Bloom filter over uniform keys (dedup keys are SHA-256 output, so their bytes are used
 * as the two base hashes directly). Index i is derived by enhanced double hashing (Dillinger &
 * Manolios 2004), reduced to [0, m) by a multiply instead of a modulo. Lookups allocate nothing.
 * @module
 */
import { checkKey, readWord } from './key.js'

/** 2⁻³²: maps a u32 onto [0, 1) exactly. */
const INV_2_32 = 1 / 4294967296

/** A fixed-size Bloom filter. */
export class BloomFilter {
  /** Bits m. */
  readonly bits: number
  /** Hash count k. */
  readonly hashes: number
  /** Key width in bytes (≥ 8: the first two words seed the hashes). */
  readonly keyBytes: number
  readonly #words: Uint32Array
  readonly #scale: number
  #count = 0

  /**
   * @param bits - Bits, a positive multiple of 32.
   * @param hashes - Hash count, 1…32.
   * @param keyBytes - Key width (default 16).
   * @throws RangeError for invalid sizes.
   */
  constructor(bits: number, hashes: number, keyBytes = 16) {
    if (!Number.isInteger(bits) || bits < 32 || bits % 32 !== 0 || bits > 2 ** 32) throw new RangeError('bits must be a positive multiple of 32, ≤ 2³²')
    if (!Number.isInteger(hashes) || hashes < 1 || hashes > 32) throw new RangeError('hashes must be in 1…32')
    if (!Number.isInteger(keyBytes) || keyBytes < 8) throw new RangeError('keyBytes must be ≥ 8')
    this.bits = bits
    this.hashes = hashes
    this.keyBytes = keyBytes
    this.#words = new Uint32Array(bits / 32)
    this.#scale = bits * INV_2_32
  }

  /** Items added since the last clear (new ones only, as reported by {@link BloomFilter.add}). */
  get count(): number {
    return this.#count
  }

  /** Bytes of the bit array. */
  get memoryBytes(): number {
    return this.#words.byteLength
  }

  /**
   * Whether `key` may have been added (false positives possible, false negatives not).
   * @param key - Key bytes.
   * @param offset - Where the key starts.
   * @returns Membership.
   * @throws RangeError when the key is too short.
   */
  has(key: Uint8Array, offset = 0): boolean {
    checkKey(key, offset, this.keyBytes)
    return this.hasUnchecked(key, offset)
  }

  /**
   * {@link BloomFilter.has} without the argument check (callers that checked once).
   * @internal
   */
  hasUnchecked(key: Uint8Array, offset: number): boolean {
    const words = this.#words
    const scale = this.#scale
    let x = readWord(key, offset)
    let y = readWord(key, offset + 4)
    for (let i = 0; i < this.hashes; i++) {
      const bit = Math.floor(x * scale)
      if ((words[bit >>> 5]! & (1 << (bit & 31))) === 0) return false
      x = (x + y) >>> 0
      y = (y + i + 1) >>> 0
    }
    return true
  }

  /**
   * Add `key`.
   * @param key - Key bytes.
   * @param offset - Where the key starts.
   * @returns `true` if some bit was newly set (the key was certainly new), else `false`.
   * @throws RangeError when the key is too short.
   */
  add(key: Uint8Array, offset = 0): boolean {
    checkKey(key, offset, this.keyBytes)
    return this.addUnchecked(key, offset)
  }

  /**
   * {@link BloomFilter.add} without the argument check.
   * @internal
   */
  addUnchecked(key: Uint8Array, offset: number): boolean {
    const words = this.#words
    const scale = this.#scale
    let x = readWord(key, offset)
    let y = readWord(key, offset + 4)
    let changed = false
    for (let i = 0; i < this.hashes; i++) {
      const bit = Math.floor(x * scale)
      const w = bit >>> 5
      const mask = 1 << (bit & 31)
      const old = words[w]!
      if ((old & mask) === 0) {
        words[w] = old | mask
        changed = true
      }
      x = (x + y) >>> 0
      y = (y + i + 1) >>> 0
    }
    if (changed) this.#count++
    return changed
  }

  /** Clear every bit. */
  clear(): void {
    this.#words.fill(0)
    this.#count = 0
  }
}
