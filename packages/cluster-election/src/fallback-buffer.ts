/**
 * BLE hop-by-hop fallback buffer (DESIGN §6): when no upgraded link exists, or the head's battery
 * is below 20 %, messages travel over BLE GATT hop by hop; those with no link at all wait here up
 * to 2 minutes and are retried when a link comes back. Bounded by entries and bytes; every loss
 * is a typed, counted drop.
 * @module
 */
import { FALLBACK_MAX_AGE_MS } from './constants.js'
import { idKey } from './id-key.js'

/** Why the buffer gave a message up. */
export type FallbackDropReason = 'expired' | 'evicted' | 'tooLarge' | 'retriesExhausted'

/** A buffered message. */
export interface BufferedMessage {
  /** Encoded bitchat frame. */
  frame: Uint8Array
  /** Next hop it waits for (hex peer ID), or `null` for "any link". */
  nextHop: string | null
  /** When it was first buffered, ms (kept across retries, so the 2-minute bound is total). */
  firstBufferedMs: number
  /** Delivery attempts so far. */
  attempts: number
}

/** Options of {@link FallbackBuffer}. */
export interface FallbackBufferOptions {
  /** Most messages (default 256). */
  maxEntries?: number
  /** Most bytes (default 256 KiB). */
  maxBytes?: number
  /** Longest wait, ms (default 2 min). */
  maxAgeMs?: number
  /** Most delivery attempts per message (default 5). */
  maxAttempts?: number
  /** Called for each dropped message. */
  onDrop?: (reason: FallbackDropReason, message: BufferedMessage) => void
}

/** Bounded store of messages waiting for a BLE link. Oldest evicted first when full. */
export class FallbackBuffer {
  /** Most messages. */
  readonly maxEntries: number
  /** Most bytes. */
  readonly maxBytes: number
  /** Longest wait, ms. */
  readonly maxAgeMs: number
  /** Most delivery attempts. */
  readonly maxAttempts: number
  /** Drops per reason. */
  readonly drops: Record<FallbackDropReason, number> = { expired: 0, evicted: 0, tooLarge: 0, retriesExhausted: 0 }
  private readonly onDrop: FallbackBufferOptions['onDrop']
  private items: BufferedMessage[] = []
  private bytes = 0

  /**
   * @param options - Bounds.
   * @throws RangeError for non-positive bounds.
   */
  constructor(options: FallbackBufferOptions = {}) {
    this.maxEntries = options.maxEntries ?? 256
    this.maxBytes = options.maxBytes ?? 256 * 1024
    this.maxAgeMs = options.maxAgeMs ?? FALLBACK_MAX_AGE_MS
    this.maxAttempts = options.maxAttempts ?? 5
    this.onDrop = options.onDrop
    for (const v of [this.maxEntries, this.maxBytes, this.maxAgeMs, this.maxAttempts]) if (!(v > 0)) throw new RangeError('bounds must be positive')
  }

  /** Messages held. */
  get size(): number {
    return this.items.length
  }

  /** Bytes held. */
  get byteSize(): number {
    return this.bytes
  }

  /**
   * Buffer a message (or put back one whose retry failed: pass the {@link BufferedMessage} back).
   * @param frame - Encoded frame, or a message returned by {@link takeFor} whose send failed.
   * @param nowMs - Current time.
   * @param nextHop - Peer it waits for, or `null` for any link.
   * @returns `true` when held; `false` when refused (too large, too old or out of attempts; a drop is counted).
   */
  push(frame: Uint8Array | BufferedMessage, nowMs: number, nextHop: Uint8Array | null = null): boolean {
    const m: BufferedMessage =
      frame instanceof Uint8Array
        ? { frame, nextHop: nextHop === null ? null : idKey(nextHop), firstBufferedMs: nowMs, attempts: 0 }
        : frame
    if (m.frame.length > this.maxBytes) return this.refuse('tooLarge', m)
    if (nowMs - m.firstBufferedMs > this.maxAgeMs) return this.refuse('expired', m)
    if (m.attempts >= this.maxAttempts) return this.refuse('retriesExhausted', m)
    while (this.items.length >= this.maxEntries || this.bytes + m.frame.length > this.maxBytes) {
      const old = this.items.shift()!
      this.bytes -= old.frame.length
      this.refuse('evicted', old)
    }
    this.items.push(m)
    this.bytes += m.frame.length
    return true
  }

  /**
   * A link to `peer` came up: take the messages waiting for it (or for any link), oldest first,
   * counting an attempt on each. Push back those whose send fails.
   * @param peer - The peer now reachable.
   * @param nowMs - Current time (expired messages are dropped, not returned).
   * @returns Messages to send now; they are no longer in the buffer.
   */
  takeFor(peer: Uint8Array, nowMs: number): BufferedMessage[] {
    this.expire(nowMs)
    const key = idKey(peer)
    const out: BufferedMessage[] = []
    const kept: BufferedMessage[] = []
    for (const m of this.items) {
      if (m.nextHop === null || m.nextHop === key) {
        m.attempts++
        out.push(m)
        this.bytes -= m.frame.length
      } else kept.push(m)
    }
    this.items = kept
    return out
  }

  /**
   * Drop messages older than the age bound.
   * @returns How many were dropped.
   */
  expire(nowMs: number): number {
    // Full scan: a pushed-back retry keeps its original time but sits at the tail.
    if (this.items.length === 0) return 0
    const kept: BufferedMessage[] = []
    let n = 0
    for (const m of this.items) {
      if (nowMs - m.firstBufferedMs > this.maxAgeMs) {
        this.bytes -= m.frame.length
        this.refuse('expired', m)
        n++
      } else kept.push(m)
    }
    this.items = kept
    return n
  }

  private refuse(reason: FallbackDropReason, m: BufferedMessage): false {
    this.drops[reason]++
    this.onDrop?.(reason, m)
    return false
  }
}
