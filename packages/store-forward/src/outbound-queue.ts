/**
 * The durable outbound queue (DESIGN §6, Gozzip semantics): signed packets kept with their
 * metadata, ordered by `createdAt`, capped by count and bytes with a typed error when full,
 * retried with exponential backoff and jitter, and flagged stale after 7 days (listed, never
 * dropped behind the app's back).
 *
 * Durability is the backend's job: `enqueue` resolves only after the backend committed the item,
 * `ack` only after it deleted it. The queue keeps the metadata in memory (ordered) and reads
 * packet bytes lazily, so a 50 MiB queue does not sit in RAM.
 * @module
 */
import { CapacityError, ClosedError, type Clock, type Rng, type Wipeable } from '@bitmesh/interface'
import { backoffDelayMs, backoffPolicy, type BackoffOptions, type BackoffPolicy } from './backoff.js'
import { DEFAULT_QUEUE_MAX_BYTES, DEFAULT_QUEUE_MAX_ITEMS, MAX_ITEM_BYTES, STALE_AFTER_MS } from './constants.js'
import { checkClass, checkLabel, newItemId } from './ids.js'
import { compareItems, lowerBound } from './order.js'
import type { MessageClass, QueueBackend, StoredItem, StoredItemWithPacket } from './types.js'

/** What the caller hands to {@link OutboundQueue.enqueue}. */
export interface EnqueueInput {
  /** The signed packet (stored verbatim; copied). 1 byte – {@link MAX_ITEM_BYTES}. */
  packet: Uint8Array
  /** Recipient label (peer ID hex, Nostr key …); `''` (default) for broadcast. */
  recipient?: string
  /** Traffic class. Default `'dm'` with a recipient, `'public'` without. */
  cls?: MessageClass
  /** The app's message ID, returned with the item (default `''`). */
  messageId?: string
  /** Order key in ms (the event's `created_at`). Default: the clock's now. */
  createdAt?: number
}

/** Options of {@link OutboundQueue.open}. */
export interface OutboundQueueOptions {
  /** Where items live (memory or SQLite). */
  backend: QueueBackend
  /** Injected time. */
  clock: Clock
  /** Injected randomness (item IDs, backoff jitter). */
  rng: Rng
  /** Item cap. Default {@link DEFAULT_QUEUE_MAX_ITEMS}. */
  maxItems?: number
  /** Byte cap over all packets. Default {@link DEFAULT_QUEUE_MAX_BYTES}. */
  maxBytes?: number
  /** Age after which items are flagged stale. Default {@link STALE_AFTER_MS}. */
  staleAfterMs?: number
  /** Retry backoff. */
  backoff?: BackoffOptions
}

/** Counts of a queue. */
export interface QueueStats {
  /** Items stored (committed). */
  readonly items: number
  /** Packet bytes stored. */
  readonly bytes: number
  /** Items whose enqueue is in flight (reserved against the caps). */
  readonly pending: number
}

function positiveInt(value: number | undefined, fallback: number, what: string): number {
  const v = value ?? fallback
  if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`${what} must be a positive integer`)
  return v
}

/**
 * A durable, bounded, ordered queue of outbound packets. Create with {@link OutboundQueue.open}.
 * Implements `Wipeable` (`wipe()` clears memory and storage).
 */
export class OutboundQueue implements Wipeable {
  /** Name shown in panic-wipe reports. */
  readonly wipeName = 'store-forward outbound queue'
  readonly #backend: QueueBackend
  readonly #clock: Clock
  readonly #rng: Rng
  readonly #maxItems: number
  readonly #maxBytes: number
  readonly #staleAfterMs: number
  readonly #backoff: BackoffPolicy
  /** Committed items sorted by (createdAt, seq). */
  readonly #sorted: StoredItem[] = []
  readonly #byId = new Map<string, StoredItem>()
  readonly #byRecipient = new Map<string, Set<string>>()
  #bytes = 0
  #reservedItems = 0
  #reservedBytes = 0
  #nextSeq: number
  #closed = false

  private constructor(options: OutboundQueueOptions, loaded: StoredItem[]) {
    this.#backend = options.backend
    this.#clock = options.clock
    this.#rng = options.rng
    this.#maxItems = positiveInt(options.maxItems, DEFAULT_QUEUE_MAX_ITEMS, 'maxItems')
    this.#maxBytes = positiveInt(options.maxBytes, DEFAULT_QUEUE_MAX_BYTES, 'maxBytes')
    this.#staleAfterMs = positiveInt(options.staleAfterMs, STALE_AFTER_MS, 'staleAfterMs')
    this.#backoff = backoffPolicy(options.backoff)
    let maxSeq = 0
    for (const item of loaded) {
      this.#index(item)
      if (item.seq > maxSeq) maxSeq = item.seq
    }
    this.#sorted.sort(compareItems)
    this.#nextSeq = maxSeq + 1
  }

  /**
   * Open a queue over a backend, loading what it already holds (a restart resumes the queue).
   * Items loaded beyond the caps are kept (nothing is dropped); new enqueues fail until it shrinks.
   * @param options - Backend, clock, rng and caps.
   * @returns The queue.
   * @throws StorageError when the backend cannot be read; RangeError for bad options.
   */
  static async open(options: OutboundQueueOptions): Promise<OutboundQueue> {
    const loaded = await options.backend.load()
    return new OutboundQueue(options, loaded)
  }

  #index(item: StoredItem): void {
    this.#byId.set(item.id, item)
    this.#sorted.push(item)
    this.#bytes += item.size
    let set = this.#byRecipient.get(item.recipient)
    if (set === undefined) this.#byRecipient.set(item.recipient, (set = new Set()))
    set.add(item.id)
  }

  #insertSorted(item: StoredItem): void {
    this.#byId.set(item.id, item)
    const last = this.#sorted[this.#sorted.length - 1]
    // Common case: created now, so it goes last; avoid the binary search.
    if (last === undefined || compareItems(last, item) < 0) this.#sorted.push(item)
    else this.#sorted.splice(lowerBound(this.#sorted, item), 0, item)
    this.#bytes += item.size
    let set = this.#byRecipient.get(item.recipient)
    if (set === undefined) this.#byRecipient.set(item.recipient, (set = new Set()))
    set.add(item.id)
  }

  #unindex(item: StoredItem): void {
    this.#byId.delete(item.id)
    const at = lowerBound(this.#sorted, item)
    if (this.#sorted[at] === item) this.#sorted.splice(at, 1)
    this.#bytes -= item.size
    const set = this.#byRecipient.get(item.recipient)
    if (set !== undefined) {
      set.delete(item.id)
      if (set.size === 0) this.#byRecipient.delete(item.recipient)
    }
  }

  #replace(prev: StoredItem, next: StoredItem): void {
    this.#byId.set(next.id, next)
    const at = lowerBound(this.#sorted, prev)
    if (this.#sorted[at] === prev) this.#sorted[at] = next
  }

  #checkOpen(): void {
    if (this.#closed) throw new ClosedError('outbound queue is closed')
  }

  /** A fresh ID unknown to this queue: a re-seeded Rng (simulator restart) may repeat IDs. */
  #freshId(taken: ReadonlySet<string>): string {
    for (;;) {
      const id = newItemId(this.#rng)
      if (!this.#byId.has(id) && !taken.has(id)) return id
    }
  }

  #prepare(input: EnqueueInput, now: number, taken: Set<string>): StoredItemWithPacket {
    if (typeof input !== 'object' || input === null) throw new TypeError('enqueue input must be an object')
    const { packet } = input
    if (!(packet instanceof Uint8Array)) throw new TypeError('packet must be a Uint8Array')
    if (packet.length === 0 || packet.length > MAX_ITEM_BYTES) {
      throw new RangeError(`packet must be 1–${MAX_ITEM_BYTES} bytes, got ${packet.length}`)
    }
    const recipient = checkLabel(input.recipient ?? '', 'recipient')
    const messageId = checkLabel(input.messageId ?? '', 'messageId')
    const cls = checkClass(input.cls ?? (recipient === '' ? 'public' : 'dm'))
    const createdAt = input.createdAt ?? now
    if (!Number.isSafeInteger(createdAt)) throw new RangeError('createdAt must be an integer number of ms')
    const id = this.#freshId(taken)
    taken.add(id)
    return {
      id,
      seq: this.#nextSeq++,
      createdAt,
      recipient,
      cls,
      messageId,
      attempts: 0,
      nextAttemptAt: now,
      size: packet.length,
      packet: packet.slice(),
    }
  }

  /**
   * Store one packet durably.
   * @param input - Packet and metadata.
   * @returns The stored item's metadata, once committed.
   * @throws CapacityError when the item or byte cap would be exceeded (nothing is stored);
   *   StorageFullError (a CapacityError) when the medium is full; StorageError on I/O failure;
   *   ClosedError after close; TypeError/RangeError for malformed input.
   */
  async enqueue(input: EnqueueInput): Promise<StoredItem> {
    const [item] = await this.enqueueBatch([input])
    return item!
  }

  /**
   * Store several packets in one durable transaction: all or none. Much faster than separate
   * enqueues on a durable backend (one commit).
   * @param inputs - Packets and metadata.
   * @returns The stored items, in input order.
   * @throws As {@link OutboundQueue.enqueue}; on any error nothing of the batch is stored.
   */
  async enqueueBatch(inputs: readonly EnqueueInput[]): Promise<StoredItem[]> {
    this.#checkOpen()
    if (!Array.isArray(inputs)) throw new TypeError('inputs must be an array')
    if (inputs.length === 0) return []
    const now = this.#clock.now()
    const taken = new Set<string>()
    const rows = inputs.map((input) => this.#prepare(input, now, taken))
    let addBytes = 0
    for (const row of rows) addBytes += row.size
    const items = this.#byId.size + this.#reservedItems + rows.length
    const bytes = this.#bytes + this.#reservedBytes + addBytes
    if (items > this.#maxItems) {
      throw new CapacityError(`outbound queue full: ${items} items would exceed the cap of ${this.#maxItems}`)
    }
    if (bytes > this.#maxBytes) {
      throw new CapacityError(`outbound queue full: ${bytes} bytes would exceed the cap of ${this.#maxBytes}`)
    }
    // Reserve before awaiting, so concurrent enqueues cannot overshoot the caps together.
    this.#reservedItems += rows.length
    this.#reservedBytes += addBytes
    try {
      await this.#backend.insert(rows)
    } finally {
      this.#reservedItems -= rows.length
      this.#reservedBytes -= addBytes
    }
    const out: StoredItem[] = []
    for (const { packet: _packet, ...meta } of rows) {
      if (this.#closed) break
      this.#insertSorted(meta)
      out.push(meta)
    }
    return out
  }

  /**
   * Items whose next attempt is due, oldest `createdAt` first.
   * @param now - Time in ms (default: the clock's now).
   * @param limit - Return at most this many.
   * @returns A new array (items are immutable snapshots).
   */
  due(now: number = this.#clock.now(), limit = Infinity): StoredItem[] {
    const out: StoredItem[] = []
    for (const item of this.#sorted) {
      if (out.length >= limit) break
      if (item.nextAttemptAt <= now) out.push(item)
    }
    return out
  }

  /** Every item, in queue order. */
  items(): StoredItem[] {
    return this.#sorted.slice()
  }

  /**
   * Items addressed to one recipient, in queue order.
   * @param recipient - Recipient label as enqueued.
   */
  itemsFor(recipient: string): StoredItem[] {
    const ids = this.#byRecipient.get(recipient)
    if (ids === undefined) return []
    const out: StoredItem[] = []
    for (const id of ids) out.push(this.#byId.get(id)!)
    return out.sort(compareItems)
  }

  /**
   * Metadata of one item.
   * @param id - Item ID.
   * @returns The item, or `undefined`.
   */
  get(id: string): StoredItem | undefined {
    return this.#byId.get(id)
  }

  /**
   * Items older than the stale age (7 days by default): shown to the app for review. They stay
   * queued and keep being retried until the app acks or discards them.
   * @param now - Time in ms (default: the clock's now).
   */
  stale(now: number = this.#clock.now()): StoredItem[] {
    const out: StoredItem[] = []
    for (const item of this.#sorted) {
      if (now - item.createdAt < this.#staleAfterMs) break
      out.push(item)
    }
    return out
  }

  /**
   * Whether an item is stale at `now`.
   * @param item - An item of this queue.
   * @param now - Time in ms (default: the clock's now).
   */
  isStale(item: StoredItem, now: number = this.#clock.now()): boolean {
    return now - item.createdAt >= this.#staleAfterMs
  }

  /**
   * The packet bytes of an item (read from the backend).
   * @param id - Item ID.
   * @returns A copy of the packet, or `undefined` when the item is gone.
   */
  async readPacket(id: string): Promise<Uint8Array | undefined> {
    this.#checkOpen()
    if (!this.#byId.has(id)) return undefined
    return this.#backend.readPacket(id)
  }

  /**
   * Remove delivered items durably. Resolves once the deletion is committed; an acked item
   * never comes back, even after a crash.
   * @param ids - One ID or several (one transaction). Unknown IDs are ignored.
   * @returns How many known items were removed.
   */
  async ack(ids: string | readonly string[]): Promise<number> {
    this.#checkOpen()
    const list = typeof ids === 'string' ? [ids] : ids
    await this.#backend.remove(list)
    let removed = 0
    for (const id of list) {
      const item = this.#byId.get(id)
      if (item === undefined) continue
      this.#unindex(item)
      removed++
    }
    return removed
  }

  /**
   * Remove items the app gave up on (for example stale ones after review). Same as
   * {@link OutboundQueue.ack}, named for intent.
   * @param ids - One ID or several.
   * @returns How many known items were removed.
   */
  discard(ids: string | readonly string[]): Promise<number> {
    return this.ack(ids)
  }

  /**
   * Record a failed send: one more attempt and a backoff delay before the next.
   * @param id - Item ID.
   * @param now - Time in ms (default: the clock's now).
   * @returns The updated item, or `undefined` when unknown.
   */
  async fail(id: string, now: number = this.#clock.now()): Promise<StoredItem | undefined> {
    this.#checkOpen()
    const item = this.#byId.get(id)
    if (item === undefined) return undefined
    const attempts = item.attempts + 1
    return this.#setAttempt(item, attempts, now + backoffDelayMs(attempts, this.#backoff, this.#rng))
  }

  /**
   * Record a send attempt without a failure delay (the item stays due): used by the outbox,
   * which counts sends but retries only when the peer shows up again.
   * @param id - Item ID.
   * @returns The updated item, or `undefined` when unknown.
   */
  async recordAttempt(id: string): Promise<StoredItem | undefined> {
    this.#checkOpen()
    const item = this.#byId.get(id)
    if (item === undefined) return undefined
    return this.#setAttempt(item, item.attempts + 1, item.nextAttemptAt)
  }

  async #setAttempt(item: StoredItem, attempts: number, nextAttemptAt: number): Promise<StoredItem | undefined> {
    await this.#backend.updateAttempt(item.id, attempts, nextAttemptAt)
    const current = this.#byId.get(item.id)
    if (current === undefined) return undefined
    const next: StoredItem = { ...current, attempts, nextAttemptAt }
    this.#replace(current, next)
    return next
  }

  /**
   * Make items due now (in memory only): call when their recipient just became reachable, so
   * they do not wait out a backoff meant for "no route".
   * @param recipient - Only this recipient's items; omit for all.
   * @param now - Time in ms (default: the clock's now).
   * @returns How many items were made due.
   */
  retryNow(recipient?: string, now: number = this.#clock.now()): number {
    const targets = recipient === undefined ? this.#sorted.slice() : this.itemsFor(recipient)
    let n = 0
    for (const item of targets) {
      if (item.nextAttemptAt <= now) continue
      this.#replace(item, { ...item, nextAttemptAt: now })
      n++
    }
    return n
  }

  /** Earliest `nextAttemptAt` over all items, or `undefined` when empty. */
  nextAttemptAt(): number | undefined {
    let min: number | undefined
    for (const item of this.#sorted) if (min === undefined || item.nextAttemptAt < min) min = item.nextAttemptAt
    return min
  }

  /** Current counts. */
  stats(): QueueStats {
    return { items: this.#byId.size, bytes: this.#bytes, pending: this.#reservedItems }
  }

  /** Items stored. */
  get size(): number {
    return this.#byId.size
  }

  /** Erase every item from memory and storage (panic wipe). */
  async wipe(): Promise<void> {
    this.#checkOpen()
    await this.#backend.clear()
    this.#sorted.length = 0
    this.#byId.clear()
    this.#byRecipient.clear()
    this.#bytes = 0
  }

  /**
   * Close the queue and its backend. Items stay stored for the next {@link OutboundQueue.open}.
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#backend.close()
  }
}
