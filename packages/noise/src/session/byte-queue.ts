/**
 * Bounded FIFO of byte arrays: the per-peer outbound payload queue and the inbound frame buffer.
 * @module
 */

/** A byte allowance shared by several queues (the manager's total queued-bytes cap). */
export interface ByteBudget {
  /** Bytes currently held by all queues drawing on this budget. */
  used: number
  /** Most bytes they may hold together. */
  readonly max: number
}

/**
 * FIFO capped by item count, by bytes, and optionally by a shared {@link ByteBudget}. Items are
 * stored as given: the caller copies what it does not own. Short queues (tens of items), so a
 * plain array is the right structure.
 */
export class BoundedByteQueue {
  readonly #items: Uint8Array[] = []
  readonly #maxItems: number
  readonly #maxBytes: number
  readonly #budget: ByteBudget | undefined
  #bytes = 0

  /**
   * @param maxItems - most items held.
   * @param maxBytes - most bytes held.
   * @param budget - optional allowance shared with other queues.
   */
  constructor(maxItems: number, maxBytes: number, budget?: ByteBudget) {
    this.#maxItems = maxItems
    this.#maxBytes = maxBytes
    this.#budget = budget
  }

  /** Items held. */
  get length(): number {
    return this.#items.length
  }

  /** Bytes held. */
  get bytes(): number {
    return this.#bytes
  }

  /**
   * Whether an item of `size` bytes fits under every cap.
   * @param size - item length.
   * @returns `true` when {@link BoundedByteQueue.push} would accept it.
   */
  fits(size: number): boolean {
    if (this.#items.length >= this.#maxItems || this.#bytes + size > this.#maxBytes) return false
    return this.#budget === undefined || this.#budget.used + size <= this.#budget.max
  }

  /**
   * Append `item` when it fits.
   * @param item - bytes to hold (not copied).
   * @returns `false` (and nothing changes) when a cap would be exceeded.
   */
  push(item: Uint8Array): boolean {
    if (!this.fits(item.length)) return false
    this.#items.push(item)
    this.#account(item.length)
    return true
  }

  /**
   * Remove and return the oldest item.
   * @returns the item, or `undefined` when empty.
   */
  shift(): Uint8Array | undefined {
    const item = this.#items.shift()
    if (item !== undefined) this.#account(-item.length)
    return item
  }

  /**
   * Remove every item and hand them back in order.
   * @returns the items (the caller now owns them).
   */
  drain(): Uint8Array[] {
    const items = this.#items.splice(0)
    this.#account(-this.#bytes)
    return items
  }

  /** Zero every held item, then drop them (queued plaintext on a panic wipe). */
  wipe(): void {
    for (const item of this.#items) item.fill(0)
    this.drain()
  }

  #account(delta: number): void {
    this.#bytes += delta
    if (this.#budget !== undefined) this.#budget.used += delta
  }
}
