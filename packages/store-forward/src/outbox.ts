/**
 * bitchat's sender outbox toward bitchat peers (bitchat-wire §6.7): private messages that could
 * not be delivered wait in a per-peer list — at most 100 per peer, for at most 24 h, sent at most
 * 8 times — and are flushed when the peer connects or announces, until its `delivered` receipt
 * (§2.5.1) arrives.
 *
 * It stores *payloads* (what the app would encrypt: the typed Noise payload), not finished
 * packets: a bitchat packet is Noise-encrypted for the current session and timestamped, and iOS
 * drops non-sync packets whose timestamp is more than 120 s off (§6.9), so a packet sealed
 * yesterday is useless. The flush callback re-encrypts each payload for the live session.
 * Persistence reuses {@link OutboundQueue} (recipient = peer ID, class `dm`).
 * @module
 */
import { CapacityError, type Clock, type Rng, type Wipeable } from '@bitmesh/interface'
import { OUTBOX_MAX_ATTEMPTS, OUTBOX_MAX_PEERS, OUTBOX_MAX_PER_PEER, OUTBOX_TTL_MS } from './constants.js'
import { OutboundQueue } from './outbound-queue.js'
import type { QueueBackend, StoredItem } from './types.js'

/** Why the outbox gave a message up. The app is told through `onDrop`, never silently. */
export type OutboxDropReason = 'expired' | 'max-attempts'

/** Sends one outbox payload to its (now reachable) peer; resolve `true` when it went out. */
export type OutboxSend = (entry: StoredItem, payload: Uint8Array) => Promise<boolean>

/** Options of {@link BitchatOutbox.open}. */
export interface BitchatOutboxOptions {
  /** Where entries live (use a backend of its own, not the outbound queue's). */
  backend: QueueBackend
  /** Injected time. */
  clock: Clock
  /** Injected randomness (entry IDs). */
  rng: Rng
  /** The sending function (encrypts for the live Noise session and sends). */
  send: OutboxSend
  /** Called for every message given up. */
  onDrop?: (entry: StoredItem, reason: OutboxDropReason) => void
  /** Messages per peer. Default {@link OUTBOX_MAX_PER_PEER}. */
  maxPerPeer?: number
  /** Peers with pending messages. Default {@link OUTBOX_MAX_PEERS}. */
  maxPeers?: number
  /** Lifetime of a message in ms. Default {@link OUTBOX_TTL_MS}. */
  ttlMs?: number
  /** Sends per message. Default {@link OUTBOX_MAX_ATTEMPTS}. */
  maxAttempts?: number
  /**
   * Keep a sent message until {@link BitchatOutbox.delivered} (iOS: resend on each flush until
   * the receipt, up to `maxAttempts`). `false` removes it as soon as it was sent (Android's
   * `MessageRouter`). Default `true`.
   */
  keepUntilDelivered?: boolean
}

/** Outcome of one {@link BitchatOutbox.flush}. */
export interface OutboxFlushReport {
  /** Messages sent in this flush. */
  readonly sent: number
  /** Messages whose send returned `false` or threw (kept for the next flush). */
  readonly failed: number
  /** Messages given up (expired or out of attempts). */
  readonly dropped: number
}

/** The bitchat per-peer outbox. Create with {@link BitchatOutbox.open}. */
export class BitchatOutbox implements Wipeable {
  /** Name shown in panic-wipe reports. */
  readonly wipeName = 'store-forward bitchat outbox'
  readonly #queue: OutboundQueue
  readonly #clock: Clock
  readonly #send: OutboxSend
  readonly #onDrop: (entry: StoredItem, reason: OutboxDropReason) => void
  readonly #maxPerPeer: number
  readonly #maxPeers: number
  readonly #ttlMs: number
  readonly #maxAttempts: number
  readonly #keep: boolean
  /** Peers whose flush is running (a second flush of the same peer waits for it). */
  readonly #flushing = new Map<string, Promise<OutboxFlushReport>>()

  private constructor(queue: OutboundQueue, options: BitchatOutboxOptions) {
    this.#queue = queue
    this.#clock = options.clock
    this.#send = options.send
    this.#onDrop = options.onDrop ?? (() => {})
    this.#maxPerPeer = options.maxPerPeer ?? OUTBOX_MAX_PER_PEER
    this.#maxPeers = options.maxPeers ?? OUTBOX_MAX_PEERS
    this.#ttlMs = options.ttlMs ?? OUTBOX_TTL_MS
    this.#maxAttempts = options.maxAttempts ?? OUTBOX_MAX_ATTEMPTS
    this.#keep = options.keepUntilDelivered ?? true
  }

  /**
   * Open the outbox, loading entries persisted by a previous run.
   * @param options - Backend, clock, rng, send function and limits.
   * @returns The outbox.
   * @throws RangeError for non-positive limits; StorageError when the backend cannot be read.
   */
  static async open(options: BitchatOutboxOptions): Promise<BitchatOutbox> {
    for (const key of ['maxPerPeer', 'maxPeers', 'ttlMs', 'maxAttempts'] as const) {
      const v = options[key]
      if (v !== undefined && (!Number.isSafeInteger(v) || v < 1)) throw new RangeError(`${key} must be a positive integer`)
    }
    const perPeer = options.maxPerPeer ?? OUTBOX_MAX_PER_PEER
    const peers = options.maxPeers ?? OUTBOX_MAX_PEERS
    const queue = await OutboundQueue.open({
      backend: options.backend,
      clock: options.clock,
      rng: options.rng,
      maxItems: perPeer * peers,
      // Payloads are bounded by the Noise message size; the byte cap is the item cap's concern.
      maxBytes: Number.MAX_SAFE_INTEGER,
    })
    return new BitchatOutbox(queue, options)
  }

  /**
   * Queue a payload for a peer that is not reachable now (or whose delivery is unconfirmed).
   * @param peerId - Recipient peer ID (16 hex chars, as the mesh names peers).
   * @param messageId - The message ID the `delivered` receipt will carry.
   * @param payload - The typed Noise payload to encrypt at flush time.
   * @returns The stored entry, once durable.
   * @throws CapacityError when the peer already has `maxPerPeer` messages or `maxPeers` peers
   *   have messages pending; StorageError / StorageFullError from the backend.
   */
  async add(peerId: string, messageId: string, payload: Uint8Array): Promise<StoredItem> {
    const pending = this.#queue.itemsFor(peerId).length
    if (pending >= this.#maxPerPeer) {
      throw new CapacityError(`outbox for peer ${peerId} is full (${this.#maxPerPeer} messages)`)
    }
    if (pending === 0 && this.peers().length >= this.#maxPeers) {
      throw new CapacityError(`outbox holds messages for ${this.#maxPeers} peers already`)
    }
    return this.#queue.enqueue({ packet: payload, recipient: peerId, messageId, cls: 'dm' })
  }

  /**
   * Entries waiting for one peer, oldest first.
   * @param peerId - Peer ID.
   */
  pending(peerId: string): StoredItem[] {
    return this.#queue.itemsFor(peerId)
  }

  /** Peers with pending entries. */
  peers(): string[] {
    const set = new Set<string>()
    for (const item of this.#queue.items()) set.add(item.recipient)
    return [...set]
  }

  /** Entries in total. */
  get size(): number {
    return this.#queue.size
  }

  /**
   * The peer became reachable (link up, announce heard, Noise session established): send its
   * pending messages in order. Concurrent flushes of one peer share one run.
   * @param peerId - Peer ID.
   * @returns Counts of this flush.
   */
  flush(peerId: string): Promise<OutboxFlushReport> {
    const running = this.#flushing.get(peerId)
    if (running !== undefined) return running
    const run = this.#flush(peerId).finally(() => this.#flushing.delete(peerId))
    this.#flushing.set(peerId, run)
    return run
  }

  async #flush(peerId: string): Promise<OutboxFlushReport> {
    let sent = 0
    let failed = 0
    let dropped = 0
    const now = this.#clock.now()
    for (const entry of this.#queue.itemsFor(peerId)) {
      const reason = this.#dropReason(entry, now)
      if (reason !== undefined) {
        await this.#drop(entry, reason)
        dropped++
        continue
      }
      const payload = await this.#queue.readPacket(entry.id)
      if (payload === undefined) continue
      let ok = false
      try {
        ok = await this.#send(entry, payload)
      } catch {
        ok = false
      }
      if (!ok) {
        failed++
        continue
      }
      sent++
      if (this.#keep) await this.#queue.recordAttempt(entry.id)
      else await this.#queue.ack(entry.id)
    }
    return { sent, failed, dropped }
  }

  #dropReason(entry: StoredItem, now: number): OutboxDropReason | undefined {
    if (now - entry.createdAt >= this.#ttlMs) return 'expired'
    if (entry.attempts >= this.#maxAttempts) return 'max-attempts'
    return undefined
  }

  async #drop(entry: StoredItem, reason: OutboxDropReason): Promise<void> {
    await this.#queue.discard(entry.id)
    this.#onDrop(entry, reason)
  }

  /**
   * The peer's `delivered` receipt arrived: remove the message for good.
   * @param peerId - The peer that sent the receipt (receipts from others are ignored).
   * @param messageId - The acknowledged message ID.
   * @returns Whether a pending message was removed.
   */
  async delivered(peerId: string, messageId: string): Promise<boolean> {
    const ids = this.#queue
      .itemsFor(peerId)
      .filter((e) => e.messageId === messageId)
      .map((e) => e.id)
    if (ids.length === 0) return false
    await this.#queue.ack(ids)
    return true
  }

  /**
   * Give up expired messages of every peer (call from a periodic maintenance tick). Each is
   * reported through `onDrop`.
   * @param now - Time in ms (default: the clock's now).
   * @returns The dropped entries.
   */
  async expire(now: number = this.#clock.now()): Promise<StoredItem[]> {
    const out: StoredItem[] = []
    for (const entry of this.#queue.items()) {
      if (now - entry.createdAt < this.#ttlMs) break
      await this.#drop(entry, 'expired')
      out.push(entry)
    }
    return out
  }

  /** Erase every entry (panic wipe). */
  wipe(): Promise<void> {
    return this.#queue.wipe()
  }

  /** Close the outbox and its backend (entries stay stored). */
  close(): Promise<void> {
    return this.#queue.close()
  }
}
