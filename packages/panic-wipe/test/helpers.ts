/**
 * Test doubles: a manual clock (virtual time), a seeded Rng, an in-memory KeyValueStore, and the
 * two crypto providers.
 */
import type { Clock, KeyValueStore, Rng } from '@bitmesh/interface'
import { nobleCryptoProvider } from '@bitmesh/crypto'
import { nodeCryptoProvider } from '@bitmesh/crypto/node'

export const crypto = nodeCryptoProvider
export const providers = [nodeCryptoProvider, nobleCryptoProvider] as const

/** A {@link Clock} whose time moves only through `advance`. */
export interface ManualClock extends Clock {
  advance(ms: number): void
  pending(): number
}

/** @returns A manual clock starting at `start` ms. */
export function manualClock(start = 1_700_000_000_000): ManualClock {
  let now = start
  let nextId = 1
  const timers = new Map<number, { at: number; fn: () => void }>()
  return {
    now: () => now,
    setTimeout: (fn, delayMs) => {
      const id = nextId++
      timers.set(id, { at: now + Math.max(0, delayMs), fn })
      return id
    },
    clearTimeout: (h) => {
      timers.delete(h as number)
    },
    advance(ms) {
      const end = now + ms
      for (;;) {
        let best: [number, { at: number; fn: () => void }] | undefined
        for (const e of timers) if (e[1].at <= end && (best === undefined || e[1].at < best[1].at)) best = e
        if (best === undefined) break
        timers.delete(best[0])
        now = best[1].at
        best[1].fn()
      }
      now = end
    },
    pending: () => timers.size,
  }
}

/** The real clock (tests may use real time; they never assert on it). */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
}

/** A seeded Rng (mulberry32). */
export function seededRng(seed = 1): Rng {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    randomBytes: (n) => {
      const out = new Uint8Array(n)
      for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256)
      return out
    },
  }
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
