import type { Rng } from '@bitmesh/interface'

/** Deterministic test Rng (xorshift32). Never for real keys. */
export function seededRng(seed: number): Rng {
  let x = seed >>> 0 || 1
  const step = () => {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    return x
  }
  return {
    next: () => step() / 0x1_0000_0000,
    randomBytes: (n) => Uint8Array.from({ length: n }, () => step() & 0xff),
  }
}
