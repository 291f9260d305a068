/**
 * iOS's directed relay spool (§6.7): a directed `noiseEncrypted` / `noiseHandshake` packet we
 * relay while no link is bound to its recipient is also held here for a short while, and handed
 * straight to the recipient when a link to it is bound. Bounded by packets, bytes and packets
 * per recipient; the oldest packet goes first when a bound is hit.
 * @module
 */

/** How long a spooled packet may wait for its recipient (§6.7 iOS: 60 s). */
export const SPOOL_HOLD_MS = 60_000
/** Packets spooled at most across all recipients. */
export const MAX_SPOOLED_PACKETS = 512
/** Frame bytes spooled at most (1 MiB). */
export const MAX_SPOOLED_BYTES = 1024 * 1024
/** Packets spooled at most for one recipient (one busy conversation cannot fill the spool). */
export const MAX_SPOOLED_PER_RECIPIENT = 64

/** One spooled packet. */
export interface SpooledPacket {
  /** Packet ID hex (§2.7.1). */
  readonly packetId: string
  /** Recipient peer ID hex. */
  readonly recipient: string
  /** The frame as received (forwarded with its TTL byte patched). */
  readonly frame: Uint8Array
  /** When it was spooled (ms). */
  readonly spooledAt: number
}

/** Options of {@link DirectedSpool}. */
export interface DirectedSpoolOptions {
  /** Hold time, ms. Default {@link SPOOL_HOLD_MS}. */
  holdMs?: number
  /** Packet cap. Default {@link MAX_SPOOLED_PACKETS}. */
  maxPackets?: number
  /** Byte cap. Default {@link MAX_SPOOLED_BYTES}. */
  maxBytes?: number
  /** Per-recipient packet cap. Default {@link MAX_SPOOLED_PER_RECIPIENT}. */
  maxPerRecipient?: number
}

/** The bounded spool. Insertion order is age order (one hold time for all). */
export class DirectedSpool {
  readonly holdMs: number
  readonly #maxPackets: number
  readonly #maxBytes: number
  readonly #maxPerRecipient: number
  /** All packets by packet ID, oldest first. */
  readonly #all = new Map<string, SpooledPacket>()
  readonly #byRecipient = new Map<string, Map<string, SpooledPacket>>()
  #bytes = 0

  /**
   * @param options - Limits.
   * @throws RangeError for a non-positive limit.
   */
  constructor(options: DirectedSpoolOptions = {}) {
    this.holdMs = options.holdMs ?? SPOOL_HOLD_MS
    this.#maxPackets = options.maxPackets ?? MAX_SPOOLED_PACKETS
    this.#maxBytes = options.maxBytes ?? MAX_SPOOLED_BYTES
    this.#maxPerRecipient = options.maxPerRecipient ?? MAX_SPOOLED_PER_RECIPIENT
    for (const [name, v] of [['holdMs', this.holdMs], ['maxPackets', this.#maxPackets], ['maxBytes', this.#maxBytes], ['maxPerRecipient', this.#maxPerRecipient]] as const) {
      if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`spool ${name} must be a positive integer`)
    }
  }

  /** Packets held. */
  get size(): number {
    return this.#all.size
  }

  /** Frame bytes held. */
  get bytes(): number {
    return this.#bytes
  }

  /**
   * Spool a packet (a copy of `frame` is kept). Duplicates and frames over the byte cap are ignored.
   * @param packetId - Packet ID hex.
   * @param recipient - Recipient peer ID hex.
   * @param frame - The received frame.
   * @param now - Time in ms.
   * @returns Whether it was stored.
   */
  put(packetId: string, recipient: string, frame: Uint8Array, now: number): boolean {
    if (this.#all.has(packetId) || frame.length > this.#maxBytes) return false
    this.prune(now)
    let own = this.#byRecipient.get(recipient)
    if (own !== undefined && own.size >= this.#maxPerRecipient) this.#remove(own.values().next().value!)
    while (this.#all.size >= this.#maxPackets || this.#bytes + frame.length > this.#maxBytes) {
      this.#remove(this.#all.values().next().value!)
    }
    const entry: SpooledPacket = { packetId, recipient, frame: frame.slice(), spooledAt: now }
    this.#all.set(packetId, entry)
    own = this.#byRecipient.get(recipient)
    if (own === undefined) this.#byRecipient.set(recipient, (own = new Map()))
    own.set(packetId, entry)
    this.#bytes += frame.length
    return true
  }

  /**
   * A link to `recipient` was bound: take (and remove) its unexpired packets, oldest first.
   * @param recipient - Peer ID hex.
   * @param now - Time in ms.
   * @returns The packets to forward.
   */
  take(recipient: string, now: number): SpooledPacket[] {
    this.prune(now)
    const own = this.#byRecipient.get(recipient)
    if (own === undefined) return []
    const out = [...own.values()]
    for (const entry of out) this.#remove(entry)
    return out
  }

  /**
   * Drop packets older than the hold time (only the oldest are examined).
   * @param now - Time in ms.
   * @returns How many were dropped.
   */
  prune(now: number): number {
    let n = 0
    for (const entry of this.#all.values()) {
      if (now - entry.spooledAt < this.holdMs) break
      this.#remove(entry)
      n++
    }
    return n
  }

  /** Forget everything (frames zeroed: they may be someone's private traffic). */
  clear(): void {
    for (const entry of this.#all.values()) entry.frame.fill(0)
    this.#all.clear()
    this.#byRecipient.clear()
    this.#bytes = 0
  }

  #remove(entry: SpooledPacket): void {
    this.#all.delete(entry.packetId)
    const own = this.#byRecipient.get(entry.recipient)
    if (own !== undefined) {
      own.delete(entry.packetId)
      if (own.size === 0) this.#byRecipient.delete(entry.recipient)
    }
    this.#bytes -= entry.frame.length
  }
}
