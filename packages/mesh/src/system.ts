/**
 * Real time and real randomness, for apps. This is the only file of the package that touches
 * the wall clock, global timers or a secure random source; everything else takes a `Clock` and
 * an `Rng`, so the simulator can run the node in virtual time.
 * @module
 */
import type { Clock, Rng } from '@bitmesh/interface'

/**
 * A {@link Clock} on `Date.now()` and the global timers.
 * @returns The clock.
 */
export function systemClock(): Clock {
  return {
    now: () => Date.now(),
    setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  }
}

/**
 * An {@link Rng} on `globalThis.crypto.getRandomValues` (Node ≥ 20, browsers, React Native with a
 * polyfill). Suitable for key generation.
 * @returns The generator.
 * @throws TypeError when the runtime has no `crypto.getRandomValues`.
 */
export function cryptoRng(): Rng {
  const source = (globalThis as { crypto?: { getRandomValues?: <T extends Uint8Array | Uint32Array>(a: T) => T } }).crypto
  if (typeof source?.getRandomValues !== 'function') throw new TypeError('crypto.getRandomValues is not available')
  const get = source.getRandomValues.bind(source)
  const word = new Uint32Array(2)
  return {
    next: () => {
      get(word)
      // 53 random bits → uniform double in [0, 1).
      return ((word[0]! >>> 5) * 67_108_864 + (word[1]! >>> 6)) / 9_007_199_254_740_992
    },
    randomBytes: (length) => {
      const out = new Uint8Array(length)
      // getRandomValues refuses more than 65 536 bytes per call.
      for (let offset = 0; offset < length; offset += 65_536) get(out.subarray(offset, Math.min(length, offset + 65_536)))
      return out
    },
  }
}
