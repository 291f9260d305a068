/**
 * The bounded store behind REQUEST_SYNC gossip (§2.7, §6.7): the latest announce per peer and the
 * most recent public messages, with their packet IDs (§2.7.1).
 * @module
 */
import { bytesToHex, decodeGcsFilter, gcsContainsHash, gcsItemHash, MessageType, packetId, syncTypesInclude, type BitchatPacket, type DecodedGcsFilter, type RequestSyncPayload } from '@bitmesh/wire-format'
import { encodeSettled } from './transmit.js'

/**
 * A stored packet, kept as its frame (one compact array) plus the fields sync needs: far smaller
 * than a decoded packet's views, and replayed by patching two bytes instead of re-encoding.
 */
export interface StoredPacket {
  /** The frame as received or sent (a private copy). */
  readonly frame: Uint8Array
  /** Outer type. */
  readonly type: number
  /** Sender peer ID, hex. */
  readonly senderId: string
  /** Originator timestamp. */
  readonly timestamp: bigint
  /** 16-byte packet ID (§2.7.1). */
  readonly id: Uint8Array
  /** Its GCS item hash (`gcsItemHash(id)`), computed once instead of per request and answer. */
  readonly gcsHash: Uint8Array
  /** `clock.now()` when stored. */
  readonly storedAtMs: number
}

/** Options of {@link SyncStore.missing}. */
export interface MissingOptions {
  /** Leave out packets whose sender is this peer (hex). */
  exceptSender?: string
  /** Offer only the announces of the returned messages' senders. */
  announcesOfMessageSenders?: boolean
}

/** Capacities and windows of a {@link SyncStore}. */
export interface SyncStoreLimits {
  /** Latest announces kept (one per sender). */
  maxAnnounces: number
  /** Public messages kept. */
  maxMessages: number
  /** Announces are offered only while younger than this (by storage time). */
  announceMaxAgeMs: number
  /** Messages are offered only while their timestamp is younger than this. */
  messageMaxAgeMs: number
}

/** Latest announce per sender plus recent public messages; both FIFO-bounded. */
export class SyncStore {
  readonly #announces = new Map<string, StoredPacket>()
  readonly #messages = new Map<string, StoredPacket>()
  readonly #limits: SyncStoreLimits
  /** Sum of the stored frames' lengths, kept up to date on every change (so reading it is O(1)). */
  #bytes = 0
  /** Bumped on every change, so a filter built from the store can be reused while it holds. */
  #version = 0

  /** @param limits - See {@link SyncStoreLimits}. */
  constructor(limits: SyncStoreLimits) {
    this.#limits = limits
  }

  /** Stored announces and messages. */
  get size(): number {
    return this.#announces.size + this.#messages.size
  }

  /** Stored announces (at most `maxAnnounces`). */
  get announceCount(): number {
    return this.#announces.size
  }

  /** Stored public messages (at most `maxMessages`). */
  get messageCount(): number {
    return this.#messages.size
  }

  /** Bytes of the stored frames. */
  get bytes(): number {
    return this.#bytes
  }

  /** Changes with every add, eviction and removal (a cache key for filters built from the store). */
  get version(): number {
    return this.#version
  }

  /**
   * Keep `packet` if its type is synced (announce: replacing the sender's older one; message).
   * @param packet - A verified packet.
   * @param frame - The frame it came in or went out as; `null` to encode it (reassembled packets).
   * @param nowMs - Current time.
   */
  add(packet: BitchatPacket, frame: Uint8Array | null, nowMs: number): void {
    if (packet.type === MessageType.ANNOUNCE) {
      const sender = bytesToHex(packet.senderId)
      const previous = this.#announces.get(sender)
      if (previous !== undefined && previous.timestamp > packet.timestamp) return
      if (previous !== undefined) this.#bytes -= previous.frame.length
      this.#announces.delete(sender)
      const entry = stored(packet, frame, sender, packetId(packet), nowMs)
      this.#bytes += entry.frame.length
      this.#announces.set(sender, entry)
      this.#bytes -= trim(this.#announces, this.#limits.maxAnnounces)
      this.#version++
    } else if (packet.type === MessageType.MESSAGE) {
      const id = packetId(packet)
      const key = bytesToHex(id)
      if (this.#messages.has(key)) return
      const entry = stored(packet, frame, bytesToHex(packet.senderId), id, nowMs)
      this.#bytes += entry.frame.length
      this.#messages.set(key, entry)
      this.#bytes -= trim(this.#messages, this.#limits.maxMessages)
      this.#version++
    }
  }

  /** Forget a peer's announce (after its LEAVE). */
  removePeer(peerId: string): void {
    const previous = this.#announces.get(peerId)
    if (previous === undefined) return
    this.#bytes -= previous.frame.length
    this.#announces.delete(peerId)
    this.#version++
  }

  /**
   * Everything offered, newest timestamp first (their hashes are the input of `buildGcsFilterFromHashes`).
   * @param nowMs - Current time.
   */
  newestFirst(nowMs: number): StoredPacket[] {
    return this.#offered(nowMs).sort((a, b) => (a.timestamp > b.timestamp ? -1 : a.timestamp < b.timestamp ? 1 : 0))
  }

  /**
   * What a requester lacks (§2.7.3): offered packets of the requested types, at or after
   * `sinceTimestamp`, whose IDs are not in its filter. Announces first (so the requester can
   * verify the messages that follow), then messages; newest first within each; at most `max`.
   * @param request - The decoded request.
   * @param nowMs - Current time.
   * @param max - Cap on the answer.
   * @param options - `exceptSender`: leave out packets from this peer (the requester's own);
   *   `announcesOfMessageSenders`: offer only the announces of the senders of the messages
   *   returned, instead of every announce the requester lacks.
   */
  missing(request: RequestSyncPayload, nowMs: number, max: number, options: MissingOptions = {}): StoredPacket[] {
    const filter: DecodedGcsFilter = decodeGcsFilter(request)
    const types = request.types
    const since = request.sinceTimestamp
    const except = options.exceptSender
    const lacks = (entry: StoredPacket): boolean =>
      entry.senderId !== except &&
      syncTypesInclude(types, entry.type) &&
      (since === undefined || entry.timestamp >= since) &&
      !(filter.m > 1 && gcsContainsHash(filter, entry.gcsHash))
    const newestFirst = (a: StoredPacket, b: StoredPacket): number => (a.timestamp > b.timestamp ? -1 : a.timestamp < b.timestamp ? 1 : 0)

    const messages: StoredPacket[] = []
    const oldest = BigInt(Math.max(0, nowMs - this.#limits.messageMaxAgeMs))
    for (const s of this.#messages.values()) if (s.timestamp >= oldest && lacks(s)) messages.push(s)
    const announces: StoredPacket[] = []
    const fresh = (s: StoredPacket): boolean => nowMs - s.storedAtMs <= this.#limits.announceMaxAgeMs
    if (options.announcesOfMessageSenders === true) {
      // Only the few senders' announces are looked at: a crowd's hundreds of announces are not.
      const senders = new Set<string>()
      for (const m of messages) senders.add(m.senderId)
      for (const sender of senders) {
        const s = this.#announces.get(sender)
        if (s !== undefined && fresh(s) && lacks(s)) announces.push(s)
      }
    } else {
      for (const s of this.#announces.values()) if (fresh(s) && lacks(s)) announces.push(s)
    }
    announces.sort(newestFirst)
    messages.sort(newestFirst)
    const out = announces.concat(messages)
    return out.length > max ? out.slice(0, max) : out
  }

  /** Forget everything. */
  clear(): void {
    this.#announces.clear()
    this.#messages.clear()
    this.#bytes = 0
    this.#version++
  }

  #offered(nowMs: number): StoredPacket[] {
    const out: StoredPacket[] = []
    for (const s of this.#announces.values()) if (nowMs - s.storedAtMs <= this.#limits.announceMaxAgeMs) out.push(s)
    const oldest = BigInt(Math.max(0, nowMs - this.#limits.messageMaxAgeMs))
    for (const s of this.#messages.values()) if (s.timestamp >= oldest) out.push(s)
    return out
  }
}

function stored(packet: BitchatPacket, frame: Uint8Array | null, senderId: string, id: Uint8Array, nowMs: number): StoredPacket {
  // slice(): a compact private copy (encoded frames may be views into a shared slab).
  return { frame: (frame ?? encodeSettled(packet)).slice(), type: packet.type, senderId, timestamp: packet.timestamp, id, gcsHash: gcsItemHash(id), storedAtMs: nowMs }
}

/** Evict oldest-first down to `cap`; returns the frame bytes evicted. */
function trim(map: Map<string, StoredPacket>, cap: number): number {
  let freed = 0
  while (map.size > cap) {
    const oldest = map.keys().next().value as string
    freed += map.get(oldest)!.frame.length
    map.delete(oldest)
  }
  return freed
}
