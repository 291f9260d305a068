/**
 * A first-in first-out queue with O(1) amortised push and shift (`Array#shift` is O(n)).
 * @module
 */

/** Compact the backing array once this many slots at its front are dead. */
const COMPACT_AFTER_SLOTS = 1024

/** A FIFO queue. */
export class Fifo<T> {
  #items: (T | undefined)[] = []
  #head = 0

  /** Number of queued items. */
  get size(): number {
    return this.#items.length - this.#head
  }

  /** The oldest item, or `undefined` when empty. */
  peek(): T | undefined {
    return this.#items[this.#head]
  }

  /** Append an item. */
  push(item: T): void {
    this.#items.push(item)
  }

  /** Remove and return the oldest item, or `undefined` when empty. */
  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined
    const item = this.#items[this.#head]
    this.#items[this.#head++] = undefined // drop the reference so the frame can be collected
    if (this.#head === this.#items.length) {
      this.#items = []
      this.#head = 0
    } else if (this.#head >= COMPACT_AFTER_SLOTS && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head)
      this.#head = 0
    }
    return item
  }

  /** Drop every item. */
  clear(): void {
    this.#items = []
    this.#head = 0
  }
}
