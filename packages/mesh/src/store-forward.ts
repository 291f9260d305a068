/**
 * Store-and-forward on the relay side (§6.7): directed packets we relay while their recipient has
 * no link to us are kept — in iOS's 60 s spool (`noiseHandshake` / `noiseEncrypted`) and in
 * `@bitmesh/store-forward`'s relay cache (DM class, 2 h) — and handed to the recipient as soon as
 * a link to it is bound. Also the node's "peer became reachable" signal for the sender outbox.
 *
 * What replay can achieve is limited by §6.9: receivers drop non-sync packets whose timestamp is
 * more than 120 s from their clock, and relays never change a timestamp. So a cached packet is
 * replayed only while it is younger than {@link RELAY_REPLAY_MAX_AGE_MS}; older ones are counted
 * (`relayReplayStale`) and discarded. Replays never duplicate anything at the app: the recipient's
 * dedup registry (§6.4) and Noise's nonce window drop copies it already has.
 * @module
 */
import { classifyPacket, memoryQueueBackend, RelayCache, type QueueBackend, type RelayCacheOptions } from '@bitmesh/store-forward'
import { isBroadcastRecipient, MessageType, peerIdToHex, type BitchatPacket } from '@bitmesh/wire-format'
import { MAX_TIMESTAMP_SKEW_MS } from './constants.js'
import type { NodeContext } from './context.js'
import { DirectedSpool, type DirectedSpoolOptions } from './directed-spool.js'
import type { LinkEntry } from './link-entry.js'
import { isLinked } from './peer-info.js'
import type { MeshOutboxOptions, MeshStoreForwardOptions } from './types.js'

/**
 * Cached packets are replayed only while younger than this: the receivers' 120 s skew window
 * (§6.9) less 5 s for the replay to cross the link and for clock drift between devices.
 */
export const RELAY_REPLAY_MAX_AGE_MS = MAX_TIMESTAMP_SKEW_MS - 5_000

/** Offsets in both header versions (§1.1). */
const TTL_OFFSET = 2
const TIMESTAMP_OFFSET = 3

/** Store-and-forward settings with defaults applied; `null` = that part is off. */
export interface ResolvedStoreForward {
  readonly outbox: (Omit<MeshOutboxOptions, 'backend'> & { backend: QueueBackend }) | null
  readonly spool: DirectedSpoolOptions | null
  readonly relayCache: Omit<RelayCacheOptions, 'clock'> | null
}

function isBackend(value: unknown): value is QueueBackend {
  return typeof value === 'object' && value !== null && typeof (value as QueueBackend).load === 'function'
}

/**
 * Apply defaults to `MeshNodeOptions.storeForward`.
 * @param options - The option (`undefined` = all on, in memory; `false` = all off).
 * @returns What to build.
 * @throws TypeError for a malformed option.
 */
export function resolveStoreForward(options: MeshStoreForwardOptions | false | undefined): ResolvedStoreForward {
  if (options === false) return { outbox: null, spool: null, relayCache: null }
  if (options !== undefined && (typeof options !== 'object' || options === null)) throw new TypeError('options.storeForward must be an object or false')
  const o = options ?? {}
  let outbox: ResolvedStoreForward['outbox'] = null
  if (o.outbox !== false) {
    if (isBackend(o.outbox)) outbox = { backend: o.outbox }
    else {
      const { backend, ...limits } = o.outbox ?? {}
      outbox = { ...limits, backend: backend ?? memoryQueueBackend() }
    }
  }
  return {
    outbox,
    spool: o.spool === false ? null : { ...o.spool },
    relayCache: o.relayCache === false ? null : { ...o.relayCache },
  }
}

/** The relay side of store-and-forward for one node. */
export class StoreForward {
  readonly #ctx: NodeContext
  readonly #spool: DirectedSpool | null
  readonly #cache: RelayCache | null
  readonly #onReachable: (peerId: string) => void

  /**
   * @param ctx - The node.
   * @param resolved - Settings (see {@link resolveStoreForward}).
   * @param onReachable - Called when a peer becomes reachable (flushes the sender outbox).
   * @throws RangeError for invalid limits.
   */
  constructor(ctx: NodeContext, resolved: ResolvedStoreForward, onReachable: (peerId: string) => void) {
    this.#ctx = ctx
    this.#spool = resolved.spool === null ? null : new DirectedSpool(resolved.spool)
    this.#cache = resolved.relayCache === null ? null : new RelayCache({ ...resolved.relayCache, clock: ctx.clock })
    this.#onReachable = onReachable
  }

  /** Packets in the spool. */
  get spoolSize(): number {
    return this.#spool?.size ?? 0
  }

  /** Frame bytes in the spool. */
  get spoolBytes(): number {
    return this.#spool?.bytes ?? 0
  }

  /** Packets in the relay cache. */
  get cacheSize(): number {
    return this.#cache?.stats().entries ?? 0
  }

  /** Frame bytes in the relay cache. */
  get cacheBytes(): number {
    return this.#cache?.stats().bytes ?? 0
  }

  /**
   * A packet not for us was accepted for relay. Directed packets whose recipient has no link to
   * us are kept for it (the normal relay still goes ahead: another path may exist).
   * @param packet - The packet as received.
   * @param frame - Its frame.
   * @param key - Its dedup key (unique per packet; the spool's and cache's ID).
   * @param sender - Sender peer ID hex.
   */
  onRelayed(packet: BitchatPacket, frame: Uint8Array, key: string, sender: string): void {
    if (this.#spool === null && this.#cache === null) return
    const recipientId = packet.recipientId
    // iOS never relays TTL ≤ 1 (§6.3); nothing to hand over for it either.
    if (recipientId === null || recipientId.length !== 8 || isBroadcastRecipient(recipientId) || packet.ttl <= 1) return
    const recipient = peerIdToHex(recipientId)
    const ctx = this.#ctx
    if (isLinked(ctx, recipient)) return
    const now = ctx.clock.now()
    const noise = packet.type === MessageType.NOISE_HANDSHAKE || packet.type === MessageType.NOISE_ENCRYPTED
    if (noise && this.#spool !== null && this.#spool.put(key, recipient, frame, now)) ctx.counters.spooled++
    if (this.#cache !== null && packet.type !== MessageType.NOISE_HANDSHAKE) {
      const cls = classifyPacket(packet)
      if (cls === 'dm' && this.#cache.put({ packetId: key, sender, recipient, cls, frame }).stored) ctx.counters.relayCached++
    }
  }

  /**
   * A link was bound to `peerId` (direct announce): hand over what waits for it, then flush the
   * outbox towards it.
   * @param entry - The link.
   * @param peerId - The peer now bound to it.
   */
  onLinkBound(entry: LinkEntry, peerId: string): void {
    const ctx = this.#ctx
    const now = ctx.clock.now()
    if (this.#spool !== null) {
      for (const spooled of this.#spool.take(peerId, now)) {
        // The cache may hold the same packet: it went out now, do not replay it twice.
        this.#cache?.resolve(spooled.packetId)
        forward(ctx, entry, spooled.frame)
        ctx.counters.spoolForwarded++
      }
    }
    if (this.#cache !== null) {
      for (const cached of this.#cache.takeFor(peerId)) {
        if (now - timestampOf(cached.frame) > RELAY_REPLAY_MAX_AGE_MS) {
          ctx.counters.relayReplayStale++
          continue
        }
        forward(ctx, entry, cached.frame.slice())
        ctx.counters.relayReplayed++
      }
    }
    this.#onReachable(peerId)
  }

  /**
   * A fresh verified announce of `peerId` arrived (it joined, came back, or is still around):
   * a path to it exists now.
   * @param peerId - Peer ID hex.
   */
  onPeerAnnounced(peerId: string): void {
    this.#onReachable(peerId)
  }

  /**
   * Drop expired spool and cache entries (maintenance tick).
   * @param now - Time in ms.
   */
  prune(now: number): void {
    this.#spool?.prune(now)
    this.#cache?.prune(now)
  }

  /** Forget everything held (frames zeroed). */
  clear(): void {
    this.#spool?.clear()
    this.#cache?.wipe()
  }
}

/** Send a held frame to its recipient's link: received TTL − 1 (§6.3), at least 0. */
function forward(ctx: NodeContext, entry: LinkEntry, frame: Uint8Array): void {
  frame[TTL_OFFSET] = Math.max(0, frame[TTL_OFFSET]! - 1)
  ctx.sendOn(entry, frame, true)
}

/** The originator timestamp of a frame (ms), read from the fixed header (§1.1). */
function timestampOf(frame: Uint8Array): number {
  return Number(new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getBigUint64(TIMESTAMP_OFFSET))
}
