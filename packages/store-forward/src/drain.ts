/**
 * The drain driver: sends due queue items whenever a transport is available, trying transport
 * kinds in priority order (BLE first, then fast links, then internet bridges — Gozzip's "drain
 * when any transport comes up, BLE first"), acking successes and backing off failures. Time comes
 * from the injected clock; it never reads ambient time.
 * @module
 */
import type { Clock, TimerHandle } from '@bitmesh/interface'
import type { OutboundQueue } from './outbound-queue.js'
import type { StoredItem } from './types.js'

/**
 * Default transport order: BLE (the peer is in radio range), then fast local links, then
 * bridges to the internet. Kinds not listed rank after all listed ones, in arrival order.
 */
export const DEFAULT_TRANSPORT_PRIORITY: readonly string[] = Object.freeze([
  'ble',
  'multipeer',
  'wifi-direct',
  'hotspot',
  'lan',
  'memory',
  'nostr',
  'internet',
])

/**
 * Timer delay when an item is still due right after a pass (its failure could not be recorded):
 * waiting a little avoids a hot retry loop against broken storage.
 */
export const DRAIN_REARM_MS = 1_000

/** Items sent per drain pass before yielding to a new pass (bounds one pass's work). */
export const DEFAULT_DRAIN_BATCH_ITEMS = 64

/**
 * Sends one item over one transport kind. Resolve `true` when the packet left (or was accepted
 * for delivery), `false` when it could not go this way (no route, link busy). A throw counts as
 * `false`.
 */
export type DrainSend = (item: StoredItem, packet: Uint8Array, transport: string) => Promise<boolean>

/** Options of {@link DrainDriver}. */
export interface DrainDriverOptions {
  /** The queue to drain. */
  queue: OutboundQueue
  /** Injected time (timers for the next due item). */
  clock: Clock
  /** The sending function (the mesh node's). */
  send: DrainSend
  /** Transport kinds, most preferred first. Default {@link DEFAULT_TRANSPORT_PRIORITY}. */
  transportPriority?: readonly string[]
  /** Items per pass. Default {@link DEFAULT_DRAIN_BATCH_ITEMS}. */
  batchItems?: number
  /** Told about send errors and storage errors during a drain (default: ignored). */
  onError?: (error: unknown, item: StoredItem | undefined) => void
}

/** Outcome of one {@link DrainDriver.drain} call. */
export interface DrainReport {
  /** Items sent and acked. */
  readonly sent: number
  /** Items that failed on every available transport (backed off). */
  readonly failed: number
}

/**
 * Drives an {@link OutboundQueue} from "transport available" signals. Call
 * {@link DrainDriver.transportUp} / {@link DrainDriver.transportDown} from the transport layer;
 * the driver drains at once and re-arms a timer for the next due item while any transport is up.
 */
export class DrainDriver {
  readonly #queue: OutboundQueue
  readonly #clock: Clock
  readonly #send: DrainSend
  readonly #priority: readonly string[]
  readonly #batch: number
  readonly #onError: (error: unknown, item: StoredItem | undefined) => void
  /** Available kinds → count of links/transports of that kind up. */
  readonly #up = new Map<string, number>()
  #running: Promise<DrainReport> | undefined
  #again = false
  #timer: TimerHandle | undefined
  #timerAt = Infinity
  #stopped = false

  /**
   * @param options - Queue, clock, send function and priorities.
   * @throws RangeError for a non-positive batch size.
   */
  constructor(options: DrainDriverOptions) {
    this.#queue = options.queue
    this.#clock = options.clock
    this.#send = options.send
    this.#priority = options.transportPriority ?? DEFAULT_TRANSPORT_PRIORITY
    this.#batch = options.batchItems ?? DEFAULT_DRAIN_BATCH_ITEMS
    if (!Number.isSafeInteger(this.#batch) || this.#batch < 1) throw new RangeError('batchItems must be a positive integer')
    this.#onError = options.onError ?? (() => {})
  }

  /**
   * A transport (or one more link) of `kind` became available: drain now.
   * @param kind - Transport kind (`'ble'`, `'wifi-direct'`, …).
   */
  transportUp(kind: string): void {
    this.#up.set(kind, (this.#up.get(kind) ?? 0) + 1)
    void this.drain()
  }

  /**
   * A transport (or one link) of `kind` went away.
   * @param kind - Transport kind.
   */
  transportDown(kind: string): void {
    const n = (this.#up.get(kind) ?? 0) - 1
    if (n > 0) this.#up.set(kind, n)
    else this.#up.delete(kind)
    if (this.#up.size === 0) this.#cancelTimer()
  }

  /** Available transport kinds, most preferred first. */
  available(): string[] {
    const kinds = [...this.#up.keys()]
    const rank = (k: string): number => {
      const i = this.#priority.indexOf(k)
      return i < 0 ? this.#priority.length : i
    }
    // Array.prototype.sort is stable: unlisted kinds keep their arrival order.
    return kinds.sort((a, b) => rank(a) - rank(b))
  }

  /**
   * Something changed (a recipient connected, an item was enqueued): drain if a transport is up.
   * @param recipient - Make this recipient's backed-off items due first.
   * @returns The drain report (zero counts when nothing is up).
   */
  kick(recipient?: string): Promise<DrainReport> {
    if (recipient !== undefined) this.#queue.retryNow(recipient)
    return this.drain()
  }

  /**
   * Drain due items now. Concurrent calls share one pass (and trigger one more pass after it,
   * so nothing enqueued meanwhile waits for the timer).
   * @returns Counts of this pass.
   */
  drain(): Promise<DrainReport> {
    if (this.#stopped || this.#up.size === 0) return Promise.resolve({ sent: 0, failed: 0 })
    if (this.#running !== undefined) {
      this.#again = true
      return this.#running
    }
    const run = this.#run().finally(() => {
      this.#running = undefined
      if (this.#again && !this.#stopped) {
        this.#again = false
        void this.drain()
      } else this.#arm()
    })
    this.#running = run
    return run
  }

  async #run(): Promise<DrainReport> {
    let sent = 0
    let failed = 0
    // Each item is tried at most once per pass, even if a storage error left it due.
    const tried = new Set<string>()
    for (;;) {
      const batch = this.#queue.due(this.#clock.now(), this.#batch + tried.size).filter((item) => !tried.has(item.id))
      if (batch.length === 0) break
      for (const item of batch.slice(0, this.#batch)) {
        if (this.#stopped || this.#up.size === 0) return { sent, failed }
        tried.add(item.id)
        if (await this.#sendOne(item)) sent++
        else failed++
      }
    }
    return { sent, failed }
  }

  async #sendOne(item: StoredItem): Promise<boolean> {
    let packet: Uint8Array | undefined
    try {
      packet = await this.#queue.readPacket(item.id)
    } catch (error) {
      this.#onError(error, item)
    }
    const kinds = packet === undefined ? [] : this.available()
    for (const kind of kinds) {
      let ok = false
      try {
        ok = await this.#send(item, packet!, kind)
      } catch (error) {
        this.#onError(error, item)
      }
      if (!ok) continue
      try {
        await this.#queue.ack(item.id)
      } catch (error) {
        // The packet left but the ack did not stick: it may be sent again after a restart
        // (at-least-once; receivers dedup by packet ID).
        this.#onError(error, item)
      }
      return true
    }
    try {
      await this.#queue.fail(item.id)
    } catch (error) {
      this.#onError(error, item)
    }
    return false
  }

  /** Arm one timer for the next due item while a transport is up. */
  #arm(): void {
    if (this.#stopped || this.#up.size === 0) return
    const at = this.#queue.nextAttemptAt()
    if (at === undefined) return
    if (this.#timer !== undefined && this.#timerAt <= at) return
    this.#cancelTimer()
    const now = this.#clock.now()
    const delay = at > now ? at - now : DRAIN_REARM_MS
    this.#timerAt = now + delay
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined
      this.#timerAt = Infinity
      void this.drain()
    }, delay)
  }

  #cancelTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer)
    this.#timer = undefined
    this.#timerAt = Infinity
  }

  /** Stop: cancel the timer and refuse further drains. Waits for a pass in progress. */
  async stop(): Promise<void> {
    this.#stopped = true
    this.#cancelTimer()
    await this.#running?.catch(() => {})
  }
}
