/**
 * Seeded randomness for the simulator: sfc32 ("Small Fast Chaotic", Chris Doty-Humphrey, from
 * the PractRand suite; 128-bit state, passes PractRand to many terabytes) seeded through
 * splitmix32, so nearby seeds give unrelated streams. Not cryptographically secure: simulated
 * keys only need to be distinct and reproducible.
 * @module
 */
import type { Rng } from '@bitmesh/interface'

/** 2^-32, turns a uint32 into a float in [0, 1). */
const UINT32_TO_UNIT = 1 / 4_294_967_296

/**
 * One splitmix32 step (a 32-bit variant of Steele, Lea and Flood's SplitMix); used to expand
 * seeds and to hash labels into seeds.
 * @param state - Any 32-bit value.
 * @returns A well-mixed uint32.
 */
export function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
  return (z ^ (z >>> 15)) >>> 0
}

/**
 * Hash a seed and a string label into a new 32-bit seed (FNV-1a over the label, then mixed),
 * so per-node streams depend only on (seed, label), never on creation order.
 * @param seed - Parent seed.
 * @param label - Stream name, e.g. `"node:17"`.
 * @returns A uint32 seed.
 */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ splitmix32(seed >>> 0)
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return splitmix32(h)
}

/** A deterministic {@link Rng} (sfc32) with a few helpers the simulator uses. */
export class SeededRng implements Rng {
  #a: number
  #b: number
  #c: number
  #d: number
  /** The seed this stream was created from. */
  readonly seed: number

  /**
   * @param seed - Any integer; only its low 32 bits matter.
   * @throws {TypeError} When `seed` is not a finite integer.
   */
  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new TypeError(`seed must be an integer, got ${seed}`)
    this.seed = seed >>> 0
    const s0 = splitmix32(this.seed)
    const s1 = splitmix32(s0)
    const s2 = splitmix32(s1)
    this.#a = s0
    this.#b = s1
    this.#c = s2
    this.#d = 1
    // Discard the first outputs: sfc32's recommended warm-up.
    for (let i = 0; i < 12; i++) this.nextUint32()
  }

  /** @returns A uniform uint32. */
  nextUint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0
    this.#d = (this.#d + 1) | 0
    this.#a = this.#b ^ (this.#b >>> 9)
    this.#b = (this.#c + (this.#c << 3)) | 0
    this.#c = (this.#c << 21) | (this.#c >>> 11)
    this.#c = (this.#c + t) | 0
    return t >>> 0
  }

  /** @returns A uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() * UINT32_TO_UNIT
  }

  /**
   * @param length - Number of bytes.
   * @returns A new array of `length` pseudo-random bytes.
   */
  randomBytes(length: number): Uint8Array {
    const out = new Uint8Array(length)
    for (let i = 0; i < length; i += 4) {
      let word = this.nextUint32()
      for (let j = i; j < i + 4 && j < length; j++) {
        out[j] = word & 0xff
        word >>>= 8
      }
    }
    return out
  }

  /**
   * @param maxExclusive - Upper bound, a positive integer.
   * @returns A uniform integer in [0, maxExclusive).
   */
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive)
  }

  /**
   * @param min - Lower bound.
   * @param max - Upper bound.
   * @returns A uniform float in [min, max).
   */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next()
  }

  /** @returns A standard normal variate (Box–Muller; one of the pair is discarded for simplicity). */
  normal(): number {
    const u = 1 - this.next() // (0, 1], keeps log finite
    const v = this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /**
   * @param ratePerMs - Events per millisecond (> 0).
   * @returns An exponentially distributed gap in ms (Poisson-process inter-arrival time).
   */
  exponential(ratePerMs: number): number {
    return -Math.log(1 - this.next()) / ratePerMs
  }

  /**
   * An independent child stream named `label`; same (seed, label) ⇒ same stream.
   * @param label - Stream name.
   * @returns A new {@link SeededRng}.
   */
  fork(label: string): SeededRng {
    return new SeededRng(deriveSeed(this.seed, label))
  }
}
