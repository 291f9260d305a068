/**
 * Verified peers and TOFU key pins (§2.2, §4). A peer enters the table only through an announce
 * whose sender ID is the hash of its Noise key and whose signature verifies under its signing
 * key; the first keys seen for a peer ID are pinned and never change, except that a
 * Noise-authenticated `0x21` peer state may rotate the signing key.
 * @module
 */
import { bytesToHex, equalBytes } from '@bitmesh/wire-format'

/** One verified peer. */
export interface PeerRecord {
  readonly peerId: string
  nickname: string
  readonly noisePublicKey: Uint8Array
  signingPublicKey: Uint8Array
  lastSeenMs: number
  capabilities: bigint | undefined
}

interface Pin {
  readonly noisePublicKey: Uint8Array
  signingPublicKey: Uint8Array
}

/** Peers (LRU by last contact) and pins (FIFO), both bounded. */
export class PeerTable {
  readonly #peers = new Map<string, PeerRecord>()
  readonly #pins = new Map<string, Pin>()
  readonly #maxPeers: number
  readonly #maxPins: number

  /**
   * @param maxPeers - Peers kept; the least recently seen is evicted beyond it.
   * @param maxPins - Pins kept; the oldest is forgotten beyond it.
   */
  constructor(maxPeers: number, maxPins: number) {
    this.#maxPeers = maxPeers
    this.#maxPins = Math.max(maxPins, maxPeers)
  }

  /** Peers in the table. */
  get size(): number {
    return this.#peers.size
  }

  /** Pinned peer IDs (at most `maxPins`). */
  get pinnedCount(): number {
    return this.#pins.size
  }

  /** The record of `peerId`, if verified and not expired. */
  get(peerId: string): PeerRecord | undefined {
    return this.#peers.get(peerId)
  }

  /** Every record (insertion = least recently seen first). */
  values(): IterableIterator<PeerRecord> {
    return this.#peers.values()
  }

  /**
   * Whether keys are pinned for `peerId` (we verified it at some point).
   * @param peerId - Hex peer ID.
   */
  hasPin(peerId: string): boolean {
    return this.#pins.has(peerId)
  }

  /**
   * Whether announced keys agree with the pinned ones (true when nothing is pinned yet).
   * @param peerId - Peer ID hex.
   * @param noisePublicKey - Announced Noise static key.
   * @param signingPublicKey - Announced signing key (not compared when omitted).
   */
  matchesPin(peerId: string, noisePublicKey: Uint8Array, signingPublicKey?: Uint8Array): boolean {
    const pin = this.#pins.get(peerId)
    if (pin === undefined) return true
    if (!equalBytes(pin.noisePublicKey, noisePublicKey)) return false
    return signingPublicKey === undefined || equalBytes(pin.signingPublicKey, signingPublicKey)
  }

  /**
   * Replace the pinned signing key (only after a Noise-authenticated `0x21`, §2.2).
   * @returns Whether a pin existed.
   */
  rotateSigningKey(peerId: string, signingPublicKey: Uint8Array): boolean {
    const pin = this.#pins.get(peerId)
    if (pin === undefined) return false
    pin.signingPublicKey = signingPublicKey.slice()
    const peer = this.#peers.get(peerId)
    if (peer !== undefined) peer.signingPublicKey = pin.signingPublicKey
    return true
  }

  /**
   * Insert or refresh a verified peer and pin its keys (call only after {@link matchesPin}).
   * @returns The record, whether it is new to the table, and the record evicted to make room.
   */
  upsert(
    peerId: string,
    nickname: string,
    noisePublicKey: Uint8Array,
    signingPublicKey: Uint8Array,
    capabilities: bigint | undefined,
    nowMs: number,
  ): { record: PeerRecord; isNew: boolean; evicted: PeerRecord | null } {
    if (!this.#pins.has(peerId)) {
      this.#pins.set(peerId, { noisePublicKey: noisePublicKey.slice(), signingPublicKey: signingPublicKey.slice() })
      while (this.#pins.size > this.#maxPins) this.#pins.delete(this.#pins.keys().next().value as string)
    }
    const pin = this.#pins.get(peerId)!
    let record = this.#peers.get(peerId)
    const isNew = record === undefined
    if (record === undefined) {
      record = { peerId, nickname, noisePublicKey: pin.noisePublicKey, signingPublicKey: pin.signingPublicKey, lastSeenMs: nowMs, capabilities }
    } else {
      record.nickname = nickname
      record.lastSeenMs = nowMs
      if (capabilities !== undefined) record.capabilities = capabilities
      this.#peers.delete(peerId)
    }
    this.#peers.set(peerId, record)
    let evicted: PeerRecord | null = null
    if (this.#peers.size > this.#maxPeers) {
      evicted = this.#peers.values().next().value as PeerRecord
      this.#peers.delete(evicted.peerId)
    }
    return { record, isNew, evicted }
  }

  /** Mark `peerId` as heard now (no-op for unknown peers). */
  touch(peerId: string, nowMs: number): void {
    const record = this.#peers.get(peerId)
    if (record === undefined) return
    record.lastSeenMs = nowMs
    this.#peers.delete(peerId)
    this.#peers.set(peerId, record)
  }

  /** Remove a peer (its pin stays). */
  remove(peerId: string): PeerRecord | undefined {
    const record = this.#peers.get(peerId)
    this.#peers.delete(peerId)
    return record
  }

  /**
   * Remove peers not heard for `retentionMs`, except those `keep` says are still linked.
   * @returns The removed records.
   */
  expire(nowMs: number, retentionMs: number, keep: (peerId: string) => boolean): PeerRecord[] {
    const removed: PeerRecord[] = []
    for (const record of [...this.#peers.values()]) {
      if (nowMs - record.lastSeenMs <= retentionMs || keep(record.peerId)) continue
      this.#peers.delete(record.peerId)
      removed.push(record)
    }
    return removed
  }

  /** Forget peers and pins. */
  clear(): void {
    this.#peers.clear()
    this.#pins.clear()
  }
}

/** Hex of a key, for {@link PeerInfo}. */
export const keyHex = bytesToHex
