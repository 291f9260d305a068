/**
 * A set with a fixed capacity that forgets its oldest entry when full (insertion order), for
 * event-id dedup: memory stays bounded whatever relays send.
 * @module
 */

/** Insertion-ordered set of at most `capacity` strings. */
export class BoundedSet {
  readonly #items = new Set<string>()
  readonly #capacity: number

  /**
   * @param capacity - Most entries kept (≥ 1).
   * @throws RangeError for a capacity below 1.
   */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer')
    this.#capacity = capacity
  }

  /** Entries held. */
  get size(): number {
    return this.#items.size
  }

  /**
   * Whether `key` is present.
   * @param key - The key.
   * @returns True when held.
   */
  has(key: string): boolean {
    return this.#items.has(key)
  }

  /**
   * Add `key`, evicting the oldest entry when full.
   * @param key - The key.
   * @returns False when `key` was already present (a duplicate), true when newly added.
   */
  add(key: string): boolean {
    if (this.#items.has(key)) return false
    if (this.#items.size >= this.#capacity) {
      const oldest = this.#items.values().next().value
      if (oldest !== undefined) this.#items.delete(oldest)
    }
    this.#items.add(key)
    return true
  }

  /** Forget everything. */
  clear(): void {
    this.#items.clear()
  }
}
