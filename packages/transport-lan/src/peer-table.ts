/**
 * The bounded table of LAN peers seen by discovery, with expiry from the records' TTLs.
 * @module
 */
import { LAN_MAX_PEERS } from './constants.js'

/** A peer announced over mDNS. */
export interface LanPeer {
  /** Its node id (TXT `id`). */
  id: string
  /** Address to dial. */
  host: string
  port: number
  /** Its discovery protocol version (TXT `v`). */
  version: number
  /** Clock time after which the entry is dropped unless re-announced, in ms. */
  expiresAtMs: number
}

/** What {@link LanPeerTable.upsert} did. */
export type LanPeerChange = 'new' | 'changed' | 'refreshed'

/** Insertion-ordered map of peers, at most `maxPeers`; the least recently refreshed is evicted. */
export class LanPeerTable {
  readonly #peers = new Map<string, LanPeer>()
  readonly #max: number

  /**
   * @param maxPeers - capacity (default {@link LAN_MAX_PEERS})
   * @throws RangeError for a capacity below 1
   */
  constructor(maxPeers: number = LAN_MAX_PEERS) {
    if (!Number.isInteger(maxPeers) || maxPeers < 1) throw new RangeError('maxPeers must be a positive integer')
    this.#max = maxPeers
  }

  /** Number of peers. */
  get size(): number {
    return this.#peers.size
  }

  /**
   * Add or refresh a peer.
   * @returns `new`, `changed` (endpoint or version moved) or `refreshed`, plus the evicted peer if the table was full
   */
  upsert(peer: LanPeer): { change: LanPeerChange; evicted?: LanPeer } {
    const old = this.#peers.get(peer.id)
    if (old !== undefined) {
      // Re-insert so iteration order is least-recently-refreshed first.
      this.#peers.delete(peer.id)
      this.#peers.set(peer.id, peer)
      const moved = old.host !== peer.host || old.port !== peer.port || old.version !== peer.version
      return { change: moved ? 'changed' : 'refreshed' }
    }
    let evicted: LanPeer | undefined
    if (this.#peers.size >= this.#max) {
      const oldest = this.#peers.values().next().value
      if (oldest !== undefined) {
        this.#peers.delete(oldest.id)
        evicted = oldest
      }
    }
    this.#peers.set(peer.id, peer)
    return evicted === undefined ? { change: 'new' } : { change: 'new', evicted }
  }

  /** The peer with `id`, if present. */
  get(id: string): LanPeer | undefined {
    return this.#peers.get(id)
  }

  /**
   * Remove a peer (goodbye record).
   * @returns the removed peer
   */
  remove(id: string): LanPeer | undefined {
    const peer = this.#peers.get(id)
    if (peer !== undefined) this.#peers.delete(id)
    return peer
  }

  /**
   * Drop every peer whose records expired.
   * @param nowMs - current clock time
   * @returns the expired peers
   */
  sweep(nowMs: number): LanPeer[] {
    const gone: LanPeer[] = []
    for (const peer of this.#peers.values()) if (peer.expiresAtMs <= nowMs) gone.push(peer)
    for (const peer of gone) this.#peers.delete(peer.id)
    return gone
  }

  /** Snapshot of every peer. */
  list(): LanPeer[] {
    return [...this.#peers.values()]
  }

  /** Forget everything. */
  clear(): void {
    this.#peers.clear()
  }
}
