/**
 * Test doubles: a manual clock (virtual time), a seeded Rng, an in-memory KeyValueStore, and the
 * two crypto providers.
 */
import type { Clock, KeyValueStore } from '@bitmesh/interface'
import { nobleCryptoProvider } from '@bitmesh/crypto'
import { nodeCryptoProvider } from '@bitmesh/crypto/node'

export const crypto = nodeCryptoProvider
export const providers = [nodeCryptoProvider, nobleCryptoProvider] as const

export { manualClock, seededRng, type ManualClock } from '@bitmesh-internal/test-doubles'

/** The real clock (tests may use real time; they never assert on it). */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
}

/** A Map-backed KeyValueStore with copy-in/copy-out semantics. */
export function memoryKv(): KeyValueStore & { readonly map: Map<string, Uint8Array> } {
  const map = new Map<string, Uint8Array>()
  return {
    map,
    get: async (k) => map.get(k)?.slice(),
    set: async (k, v) => {
      map.set(k, v.slice())
    },
    delete: async (k) => {
      map.delete(k)
    },
    keys: async (prefix = '') => [...map.keys()].filter((k) => k.startsWith(prefix)).sort(),
    clear: async () => {
      map.clear()
    },
    close: async () => undefined,
  }
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s)

/** True when `needle` occurs in `haystack`. */
export function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(Buffer.from(needle)) >= 0
}
