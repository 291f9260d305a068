/**
 * Duplicate suppression (§6.4 iOS `MessageDeduplicator`): an LRU of packet keys with a lifetime.
 * @module
 */
import type { CryptoProvider } from '@bitmesh/interface'
import { bytesToHex, MessageType, type BitchatPacket } from '@bitmesh/wire-format'

/** Fragment ID (8), index (2), total (2) and original type (1) (§2.6). */
const FRAGMENT_HEADER_BYTES = 13

/**
 * The iOS key: `<senderHex>-<timestamp>-<type>-<hex(SHA-256(payload)[0..4])>`; for fragments
 * `<senderHex>-<timestamp>-<type>-f<hex(fragment header)>` (no hash).
 * @param packet - A decoded packet (payload decompressed).
 * @param crypto - SHA-256 provider.
 * @returns The key.
 */
export function dedupKey(packet: BitchatPacket, crypto: CryptoProvider): string {
  // A fragment (0x20) is named by its header instead: fragment ID, index and total (13 bytes) with
  // sender and timestamp identify it as well as a content hash would, without hashing 64 KiB per
  // fragment. Only two fragments that share all of these yet differ in data are told apart by
  // iOS and not here; reassembly keeps the first of such a pair anyway (fragments are unsigned).
  if (packet.type === MessageType.FRAGMENT && packet.payload.length > FRAGMENT_HEADER_BYTES) {
    return `${bytesToHex(packet.senderId)}-${packet.timestamp}-${packet.type}-f${bytesToHex(packet.payload.subarray(0, FRAGMENT_HEADER_BYTES))}`
  }
  const digest = crypto.sha256(packet.payload)
  return `${bytesToHex(packet.senderId)}-${packet.timestamp}-${packet.type}-${bytesToHex(digest.subarray(0, 4))}`
}

/**
 * A bounded set of keys, each remembered for `ttlMs` after it was first added. Beyond
 * `capacity` the oldest entry is forgotten. Memory: O(capacity).
 */
export class DuplicateRegistry {
  readonly #expiry = new Map<string, number>()
  readonly #capacity: number
  readonly #ttlMs: number

  /**
   * @param capacity - Maximum entries (iOS 1 000).
   * @param ttlMs - Entry lifetime (iOS 300 000 ms).
   * @throws RangeError for a non-positive bound.
   */
  constructor(capacity: number, ttlMs: number) {
    if (!(capacity >= 1) || !(ttlMs > 0)) throw new RangeError('capacity and ttlMs must be positive')
    this.#capacity = capacity
    this.#ttlMs = ttlMs
  }

  /** Entries held. */
  get size(): number {
    return this.#expiry.size
  }

  /**
   * Whether `key` was seen within its lifetime.
   * @param key - The key.
   * @param nowMs - Current time.
   * @returns `true` for a duplicate.
   */
  has(key: string, nowMs: number): boolean {
    const expires = this.#expiry.get(key)
    if (expires === undefined) return false
    if (expires <= nowMs) {
      this.#expiry.delete(key)
      return false
    }
    return true
  }

  /**
   * Remember `key` (refreshing its position and lifetime).
   * @param key - The key.
   * @param nowMs - Current time.
   */
  add(key: string, nowMs: number): void {
    this.#expiry.delete(key)
    this.#expiry.set(key, nowMs + this.#ttlMs)
    while (this.#expiry.size > this.#capacity) {
      const oldest = this.#expiry.keys().next().value as string
      this.#expiry.delete(oldest)
    }
  }

  /**
   * Forget expired entries (insertion order == expiry order, so this stops at the first live one).
   * @param nowMs - Current time.
   */
  prune(nowMs: number): void {
    for (const [key, expires] of this.#expiry) {
      if (expires > nowMs) break
      this.#expiry.delete(key)
    }
  }

  /** Forget everything. */
  clear(): void {
    this.#expiry.clear()
  }
}
