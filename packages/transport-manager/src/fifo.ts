/**
 * A growable ring buffer: O(1) push, shift and indexed reads (arrays shift in O(n)).
 * @module
 */

/** First-in first-out queue. */
export class Fifo<T> {
  #items: Array<T | undefined> = new Array(16)
  #head = 0
  #size = 0

  /** Number of queued items. */
  get length(): number {
    return this.#size
  }

  /** Append one item. */
  push(item: T): void {
    if (this.#size === this.#items.length) {
      const grown: Array<T | undefined> = new Array(this.#items.length * 2)
      for (let i = 0; i < this.#size; i++) grown[i] = this.#items[(this.#head + i) % this.#items.length]
      this.#items = grown
      this.#head = 0
    }
    this.#items[(this.#head + this.#size) % this.#items.length] = item
    this.#size++
  }

  /** The oldest item, or `undefined`. */
  peek(): T | undefined {
    return this.#size === 0 ? undefined : this.#items[this.#head]
  }

  /** The `i`-th oldest item, or `undefined`. */
  at(i: number): T | undefined {
    return i < 0 || i >= this.#size ? undefined : this.#items[(this.#head + i) % this.#items.length]
  }

  /** Remove and return the oldest item, or `undefined`. */
  shift(): T | undefined {
    if (this.#size === 0) return undefined
    const item = this.#items[this.#head]
    this.#items[this.#head] = undefined
    this.#head = (this.#head + 1) % this.#items.length
    this.#size--
    return item
  }

  /** Drop everything. */
  clear(): void {
    this.#items = new Array(16)
    this.#head = 0
    this.#size = 0
  }
}
