/**
 * A small cache of imported private keys, keyed by the caller's `Uint8Array` object.
 *
 * Importing a raw X25519 or Ed25519 private key into OpenSSL derives its public key, a full
 * scalar multiplication, so a key used several times (a Noise ephemeral key: public key plus two
 * DHs; a static key: every handshake) is worth importing once.
 *
 * Why identity plus a byte check, not a hash of the bytes: keying by content would keep a
 * string derived from each secret in the JS heap where nothing can wipe it, and costs a hash on
 * every call. Keying by the array object costs one `Map` lookup; a private copy of the bytes,
 * compared in constant time on every hit, makes the cache correct when the caller mutates or
 * zeroes the array (the entry is then dropped and the key imported afresh). The copy is ours to
 * zero, so eviction, a mismatch and {@link PrivateKeyCache.clear} wipe it. A different array
 * holding the same bytes simply misses.
 *
 * Each miss also sweeps the (few) entries and drops those whose array no longer matches its copy,
 * so a caller's wipe (Noise zeroes its ephemeral key after the handshake) reaches the cache at
 * the next import instead of after `capacity` newer keys.
 * @internal
 * @module
 */
import { assertInteger } from '../assert.js'
import { constantTimeEqual } from '../bytes.js'
import { MAX_CACHE_ENTRIES } from '../lru.js'

/** One cached key: our copy of the bytes it was imported from, and the imported value. */
interface Entry<V> {
  readonly copy: Uint8Array
  readonly value: V
}

/**
 * Bounded least-recently-used map from a caller's private-key array to its imported form.
 * A `Map` iterates in insertion order, so re-inserting on every hit keeps the least recently
 * used entry first.
 */
export class PrivateKeyCache<V> {
  readonly #entries = new Map<Uint8Array, Entry<V>>()
  readonly #importKey: (privateKey: Uint8Array) => V
  /** Maximum number of entries; 0 disables caching. */
  readonly capacity: number

  /**
   * @param capacity - Maximum number of entries, 0 to disable.
   * @param importKey - Turns raw key bytes into the cached value. When caching, it receives the
   *   cache's own copy, not the caller's array, so the value matches the bytes later compared.
   * @throws {RangeError} If `capacity` is not an integer in [0, {@link MAX_CACHE_ENTRIES}].
   */
  constructor(capacity: number, importKey: (privateKey: Uint8Array) => V) {
    assertInteger(capacity, 'capacity', 0, MAX_CACHE_ENTRIES)
    this.capacity = capacity
    this.#importKey = importKey
  }

  /** Number of entries held. */
  get size(): number {
    return this.#entries.size
  }

  /**
   * The imported form of `privateKey` as its bytes are now: cached if this same array was seen
   * with the same bytes, otherwise imported (and cached).
   * @param privateKey - The caller's raw private key (length checked by the caller).
   * @returns The imported key.
   */
  get(privateKey: Uint8Array): V {
    const entry = this.#entries.get(privateKey)
    if (entry !== undefined) {
      this.#entries.delete(privateKey)
      if (constantTimeEqual(entry.copy, privateKey)) {
        this.#entries.set(privateKey, entry) // now most recently used
        return entry.value
      }
      entry.copy.fill(0) // the caller changed the bytes: this entry is stale
    }
    if (this.capacity === 0) return this.#importKey(privateKey)
    const copy = privateKey.slice()
    let value: V
    try {
      value = this.#importKey(copy)
    } catch (error) {
      copy.fill(0)
      throw error
    }
    this.#sweep()
    if (this.#entries.size >= this.capacity) this.#evictOldest()
    this.#entries.set(privateKey, { copy, value })
    return value
  }

  /** Drop every entry and zero the copies. The imported values go to the garbage collector. */
  clear(): void {
    for (const entry of this.#entries.values()) entry.copy.fill(0)
    this.#entries.clear()
  }

  /** Drop the entries whose array no longer holds the bytes they were imported from. */
  #sweep(): void {
    for (const [array, entry] of this.#entries) {
      if (!constantTimeEqual(entry.copy, array)) {
        entry.copy.fill(0)
        this.#entries.delete(array) // deleting the current entry is safe while iterating a Map
      }
    }
  }

  #evictOldest(): void {
    const oldest = this.#entries.entries().next()
    if (oldest.done === true) return
    oldest.value[1].copy.fill(0)
    this.#entries.delete(oldest.value[0])
  }
}
