/**
 * A pool of Nostr relays: one reconnecting socket per relay, NIP-01 subscriptions replayed on
 * every reconnect, events verified once and delivered once per subscription however many
 * relays carry them, and publishing with per-relay `OK` results.
 * @module
 */
import { ClosedError, type Clock, type TimerHandle } from '@bitmesh/interface'
import { getEventHash, isNostrEventShape, verifyEvent, type NostrEvent } from '../nostr/event.js'
import { matchFilters, type NostrFilter } from '../nostr/filter.js'
import { RECONNECT_INITIAL_DELAY_MS, RECONNECT_MAX_ATTEMPTS, RECONNECT_MAX_DELAY_MS } from './backoff.js'
import { BoundedSet } from './bounded-set.js'
import { parseRelayMessage } from './messages.js'
import { RelayConnection, type RelayStatus } from './relay-connection.js'
import type { WebSocketConstructor } from './websocket.js'

/** Default largest relay frame accepted (characters); bigger frames are dropped and counted. */
export const DEFAULT_MAX_MESSAGE_CHARS = 512 * 1024
/** Default event ids remembered per subscription for cross-relay dedup. */
export const DEFAULT_DEDUP_CAPACITY = 4_096
/** Default ids of events whose signature already verified (verify once, not once per relay). */
export const DEFAULT_VERIFIED_CACHE_CAPACITY = 8_192
/** Default wait for a relay's `OK` (ms). */
export const DEFAULT_PUBLISH_TIMEOUT_MS = 10_000
/** Default publishes queued per relay while it is down. */
export const DEFAULT_MAX_QUEUED_PUBLISHES = 256
/** Default connect timeout (ms). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000
/** Most subscriptions open at once. */
export const DEFAULT_MAX_SUBSCRIPTIONS = 64

/** Options of {@link RelayPool}. */
export interface RelayPoolOptions {
  /** WebSocket implementation (browser/RN global, or `ws` in Node). */
  WebSocket: WebSocketConstructor
  /** Timers. */
  clock: Clock
  /** Relays to connect to at once. */
  relays?: readonly string[]
  /** First reconnect delay, default 1 s. */
  initialBackoffMs?: number
  /** Reconnect cap, default 300 s. */
  maxBackoffMs?: number
  /** Attempts before a relay is given up, default 10 (bitchat); `Infinity` to never give up. */
  maxReconnectAttempts?: number
  /** Connect timeout, default 10 s. */
  connectTimeoutMs?: number
  /** Largest frame accepted, default 512 Ki characters. */
  maxMessageChars?: number
  /** Dedup ids remembered per subscription, default 4 096. */
  dedupCapacity?: number
  /** Verified-id cache size, default 8 192. */
  verifiedCacheCapacity?: number
  /** Publishes queued per relay while it is down, default 256. */
  maxQueuedPublishes?: number
  /** Most concurrent subscriptions, default 64. */
  maxSubscriptions?: number
  /** Relay status changes. */
  onRelayStatus?(url: string, status: RelayStatus): void
  /** NOTICE messages. */
  onNotice?(url: string, message: string): void
}

/** Callbacks of one subscription. */
export interface SubscriptionHandlers {
  /** A verified, filter-matching event seen for the first time on this subscription. */
  onEvent(event: NostrEvent, relayUrl: string): void
  /** A relay finished sending stored events. */
  onEose?(relayUrl: string): void
  /** A relay refused or ended the subscription. */
  onClosed?(relayUrl: string, message: string): void
}

/** Per-subscription options. */
export interface SubscribeOptions {
  /** Relays to use (default: every relay in the pool, including ones added later). */
  relays?: readonly string[]
}

/** A live subscription. */
export interface Subscription {
  /** The id sent in REQ. */
  readonly id: string
  /** The filters. */
  readonly filters: readonly NostrFilter[]
  /** Send CLOSE to the relays and stop delivering. */
  close(): void
}

/** One relay's answer to a publish. */
export interface PublishResult {
  /** Relay. */
  url: string
  /** The relay accepted the event (`OK true`). */
  ok: boolean
  /** The relay's message, or `timeout` / `queue full` / `closed` / `not connected`. */
  message: string
}

/** Counters for monitoring. */
export interface RelayPoolStats {
  /** Events delivered to subscriptions. */
  delivered: number
  /** Events dropped as already seen on the same subscription. */
  duplicates: number
  /** Events dropped for a bad id/signature or not matching the filters. */
  invalid: number
  /** Frames dropped as malformed or oversized. */
  malformed: number
}

interface SubState {
  id: string
  filters: NostrFilter[]
  handlers: SubscriptionHandlers
  relays: ReadonlySet<string> | null
  seen: BoundedSet
  closedBy: Set<string>
}

interface PendingPublish {
  eventId: string
  url: string
  resolve(result: PublishResult): void
  timer: TimerHandle | undefined
}

interface RelayState {
  conn: RelayConnection
  queue: Array<{ frame: string; pending: PendingPublish }>
}

/** A pool of relay connections. */
export class RelayPool {
  readonly #o: RelayPoolOptions
  readonly #relays = new Map<string, RelayState>()
  readonly #subs = new Map<string, SubState>()
  readonly #pending = new Map<string, PendingPublish>()
  readonly #verified: BoundedSet
  readonly #stats: RelayPoolStats = { delivered: 0, duplicates: 0, invalid: 0, malformed: 0 }
  #nextSub = 0
  #closed = false

  /** @param options - Socket factory, clock, relays and limits. */
  constructor(options: RelayPoolOptions) {
    this.#o = options
    this.#verified = new BoundedSet(options.verifiedCacheCapacity ?? DEFAULT_VERIFIED_CACHE_CAPACITY)
    for (const url of options.relays ?? []) this.addRelay(url)
  }

  /** Counters (a live object; copy it to snapshot). */
  get stats(): Readonly<RelayPoolStats> {
    return this.#stats
  }

  /** URLs in the pool. */
  get relayUrls(): string[] {
    return [...this.#relays.keys()]
  }

  /**
   * Status of one relay.
   * @param url - Relay URL.
   * @returns Its status, or `undefined` when not in the pool.
   */
  relayStatus(url: string): RelayStatus | undefined {
    return this.#relays.get(url)?.conn.status
  }

  /**
   * Add a relay and connect to it (no-op when present).
   * @param url - `ws://` or `wss://` URL.
   * @throws ClosedError after {@link RelayPool.close}.
   * @throws TypeError for a URL that is not ws/wss.
   */
  addRelay(url: string): void {
    if (this.#closed) throw new ClosedError('relay pool is closed')
    if (!/^wss?:\/\//i.test(url)) throw new TypeError(`relay URL must start with ws:// or wss://, got ${url}`)
    if (this.#relays.has(url)) return
    const state: RelayState = {
      queue: [],
      conn: new RelayConnection({
        url,
        WebSocket: this.#o.WebSocket,
        clock: this.#o.clock,
        initialBackoffMs: this.#o.initialBackoffMs ?? RECONNECT_INITIAL_DELAY_MS,
        maxBackoffMs: this.#o.maxBackoffMs ?? RECONNECT_MAX_DELAY_MS,
        maxAttempts: this.#o.maxReconnectAttempts ?? RECONNECT_MAX_ATTEMPTS,
        connectTimeoutMs: this.#o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        onOpen: () => this.#onOpen(url),
        onMessage: (text) => this.#onMessage(url, text),
        onStatus: (status) => this.#o.onRelayStatus?.(url, status),
      }),
    }
    this.#relays.set(url, state)
    state.conn.connect()
  }

  /**
   * Remove a relay: close its socket and fail its queued publishes.
   * @param url - Relay URL.
   */
  removeRelay(url: string): void {
    const state = this.#relays.get(url)
    if (state === undefined) return
    this.#relays.delete(url)
    state.conn.close()
    for (const q of state.queue) this.#settle(q.pending, false, 'closed')
    state.queue.length = 0
    for (const p of [...this.#pending.values()]) if (p.url === url) this.#settle(p, false, 'closed')
  }

  /**
   * Reconnect now every relay that gave up or is waiting out a backoff (e.g. when the OS says
   * the network is back).
   */
  reconnect(): void {
    for (const { conn } of this.#relays.values()) if (conn.status === 'failed' || conn.status === 'waiting') conn.connect()
  }

  /**
   * Open a subscription on the pool's relays.
   * @param filters - NIP-01 filters (ORed).
   * @param handlers - Event, EOSE and CLOSED callbacks.
   * @param options - Relay subset.
   * @returns The subscription.
   * @throws ClosedError after close; RangeError with no filters or too many subscriptions.
   */
  subscribe(filters: readonly NostrFilter[], handlers: SubscriptionHandlers, options?: SubscribeOptions): Subscription {
    if (this.#closed) throw new ClosedError('relay pool is closed')
    if (filters.length === 0) throw new RangeError('a subscription needs at least one filter')
    if (this.#subs.size >= (this.#o.maxSubscriptions ?? DEFAULT_MAX_SUBSCRIPTIONS)) throw new RangeError('too many open subscriptions')
    const id = `bm${(this.#nextSub++).toString(36)}`
    const sub: SubState = {
      id,
      filters: filters.map((f) => ({ ...f })),
      handlers,
      relays: options?.relays === undefined ? null : new Set(options.relays),
      seen: new BoundedSet(this.#o.dedupCapacity ?? DEFAULT_DEDUP_CAPACITY),
      closedBy: new Set(),
    }
    this.#subs.set(id, sub)
    const req = JSON.stringify(['REQ', id, ...sub.filters])
    for (const [url, state] of this.#relays) if (this.#usesRelay(sub, url)) state.conn.send(req)
    return {
      id,
      filters: sub.filters,
      close: () => {
        if (!this.#subs.delete(id)) return
        const frame = JSON.stringify(['CLOSE', id])
        for (const [url, state] of this.#relays) if (this.#usesRelay(sub, url)) state.conn.send(frame)
      },
    }
  }

  /**
   * Publish an event to the pool's relays (or a subset). Relays that are down get it queued
   * (bounded) and sent when they reconnect; each relay's result arrives as its `OK`, or as a
   * failure after the timeout.
   * @param event - A signed event.
   * @param options - Relay subset and `OK` timeout.
   * @returns One result per relay, once every relay has answered or timed out.
   * @throws ClosedError after close.
   */
  publish(event: NostrEvent, options?: { relays?: readonly string[]; timeoutMs?: number }): Promise<PublishResult[]> {
    if (this.#closed) throw new ClosedError('relay pool is closed')
    const frame = JSON.stringify(['EVENT', event])
    const timeoutMs = options?.timeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS
    const urls = options?.relays ?? [...this.#relays.keys()]
    const results: Array<Promise<PublishResult>> = []
    for (const url of urls) {
      const state = this.#relays.get(url)
      if (state === undefined) {
        results.push(Promise.resolve({ url, ok: false, message: 'not in pool' }))
        continue
      }
      results.push(
        new Promise<PublishResult>((resolve) => {
          const pending: PendingPublish = { eventId: event.id, url, resolve, timer: undefined }
          const key = pendingKey(url, event.id)
          const previous = this.#pending.get(key)
          if (previous !== undefined) this.#settle(previous, false, 'superseded')
          this.#pending.set(key, pending)
          pending.timer = this.#o.clock.setTimeout(() => this.#settle(pending, false, 'timeout'), timeoutMs)
          if (state.conn.send(frame)) return
          if (state.queue.length >= (this.#o.maxQueuedPublishes ?? DEFAULT_MAX_QUEUED_PUBLISHES)) {
            this.#settle(pending, false, 'queue full')
            return
          }
          state.queue.push({ frame, pending })
        }),
      )
    }
    return Promise.all(results)
  }

  /** Close every socket, fail pending publishes, drop subscriptions. Idempotent. */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    for (const url of [...this.#relays.keys()]) this.removeRelay(url)
    this.#subs.clear()
  }

  #usesRelay(sub: SubState, url: string): boolean {
    return (sub.relays === null || sub.relays.has(url)) && !sub.closedBy.has(url)
  }

  #onOpen(url: string): void {
    const state = this.#relays.get(url)
    if (state === undefined) return
    // Replay every subscription: the relay forgot them with the old socket. Events it sends
    // again are dropped by the per-subscription dedup.
    for (const sub of this.#subs.values()) {
      if (this.#usesRelay(sub, url)) state.conn.send(JSON.stringify(['REQ', sub.id, ...sub.filters]))
    }
    const queue = state.queue.splice(0)
    for (const q of queue) {
      if (!this.#pending.has(pendingKey(url, q.pending.eventId))) continue // timed out meanwhile
      if (!state.conn.send(q.frame)) state.queue.push(q)
    }
  }

  #onMessage(url: string, text: string): void {
    if (text.length > (this.#o.maxMessageChars ?? DEFAULT_MAX_MESSAGE_CHARS)) {
      this.#stats.malformed++
      return
    }
    const msg = parseRelayMessage(text)
    if (msg === null) {
      this.#stats.malformed++
      return
    }
    switch (msg.type) {
      case 'EVENT': {
        const sub = this.#subs.get(msg.subscriptionId)
        if (sub === undefined) return
        this.#deliver(sub, msg.event, url)
        return
      }
      case 'EOSE':
        this.#subs.get(msg.subscriptionId)?.handlers.onEose?.(url)
        return
      case 'CLOSED': {
        const sub = this.#subs.get(msg.subscriptionId)
        if (sub === undefined) return
        sub.closedBy.add(url)
        sub.handlers.onClosed?.(url, msg.message)
        return
      }
      case 'OK': {
        const p = this.#pending.get(pendingKey(url, msg.eventId))
        if (p !== undefined) this.#settle(p, msg.accepted, msg.message)
        return
      }
      case 'NOTICE':
        this.#o.onNotice?.(url, msg.message)
    }
  }

  #deliver(sub: SubState, event: unknown, url: string): void {
    const id = typeof event === 'object' && event !== null ? (event as { id?: unknown }).id : undefined
    if (typeof id !== 'string') {
      this.#stats.invalid++
      return
    }
    if (sub.seen.has(id)) {
      this.#stats.duplicates++
      return
    }
    // A relay may send anything under any subscription id: check signature and filters. The
    // verified cache is keyed by id and signature, so a copy with a swapped signature misses it.
    const sig = (event as { sig?: unknown }).sig
    const cacheKey = id + ':' + String(sig)
    let ok: boolean
    if (this.#verified.has(cacheKey)) ok = verifyIdOnly(event)
    else {
      ok = verifyEvent(event)
      if (ok) this.#verified.add(cacheKey)
    }
    if (!ok || !matchFilters(sub.filters, event as NostrEvent)) {
      this.#stats.invalid++
      return
    }
    sub.seen.add(id)
    this.#stats.delivered++
    sub.handlers.onEvent(event as NostrEvent, url)
  }

  #settle(p: PendingPublish, ok: boolean, message: string): void {
    const key = pendingKey(p.url, p.eventId)
    if (this.#pending.get(key) === p) this.#pending.delete(key)
    if (p.timer !== undefined) this.#o.clock.clearTimeout(p.timer)
    p.timer = undefined
    p.resolve({ url: p.url, ok, message })
  }
}

function pendingKey(url: string, eventId: string): string {
  return url + ' ' + eventId
}

// For an (id, sig) pair that already verified, re-hashing proves this copy carries the same
// signed fields (the id commits to all of them); the Schnorr check is what the cache saves.
function verifyIdOnly(event: unknown): boolean {
  return isNostrEventShape(event) && getEventHash(event) === event.id
}
