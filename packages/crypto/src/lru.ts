/**
 * A tiny bounded least-recently-used map for parsed public keys. Bounded so a flood of
 * announces from fresh keys costs at most `capacity` entries; eviction drops the entry used
 * longest ago.
 * @internal
 * @module
 */
import { assertInteger } from './assert.js'

/** Upper bound on a cache's capacity, in entries; keeps a typo from pinning gigabytes. */
export const MAX_CACHE_ENTRIES = 65_536

/**
 * Map from string keys to values, holding at most `capacity` entries. A `Map` iterates in
 * insertion order, so re-inserting on every hit keeps the least recently used entry first.
 */
export class BoundedLru<V> {
  readonly #map = new Map<string, V>()
  /** Maximum number of entries; 0 disables caching. */
  readonly capacity: number

  /**
   * @param capacity - Maximum number of entries, 0 to disable.
   * @throws {RangeError} If `capacity` is not an integer in [0, {@link MAX_CACHE_ENTRIES}].
   */
  constructor(capacity: number) {
    assertInteger(capacity, 'capacity', 0, MAX_CACHE_ENTRIES)
    this.capacity = capacity
  }

  /** Number of entries held. */
  get size(): number {
    return this.#map.size
  }

  /**
   * Look up `key` and mark it most recently used.
   * @param key - Cache key.
   * @returns The value, or `undefined` when absent.
   */
  get(key: string): V | undefined {
    const value = this.#map.get(key)
    if (value !== undefined) {
      this.#map.delete(key)
      this.#map.set(key, value)
    }
    return value
  }

  /**
   * Insert or refresh `key`, evicting the least recently used entry when full.
   * @param key - Cache key.
   * @param value - Value to hold (never `undefined`).
   */
  set(key: string, value: V): void {
    if (this.capacity === 0) return
    if (this.#map.has(key)) this.#map.delete(key)
    else if (this.#map.size >= this.capacity) {
      const oldest = this.#map.keys().next()
      if (oldest.done !== true) this.#map.delete(oldest.value)
    }
    this.#map.set(key, value)
  }

  /** Drop every entry (e.g. on panic wipe: cached keys reveal whom the device talked to). */
  clear(): void {
    this.#map.clear()
  }
}

/**
 * Turn a short byte string into a `Map` key: one UTF-16 code unit per byte, so distinct byte
 * strings give distinct keys. Meant for 32-byte public keys, not for large buffers.
 * @param bytes - Bytes to encode.
 * @returns The key string.
 */
export function bytesToKey(bytes: Uint8Array): string {
  return String.fromCharCode.apply(null, bytes as unknown as number[])
}
