/**
 * The receive path (DESIGN §4): link frame → rate limit → decode → own-packet, timestamp and
 * solicited-RSR checks (§6.9) → dedup (§6.4) → per-type handling (announce verification and key
 * pinning §2.2, signed public message §2.3, leave §2.4, Noise §2.5, fragments §2.6, sync §2.7)
 * → relay (§6.3). Every refusal is a counted drop; nothing here throws on bad input.
 * @module
 */
import {
  bytesToHex,
  decodeAnnounce,
  equalBytes,
  FragmentReassembler,
  isBroadcastRecipient,
  MessageType,
  peerIdFromNoiseKey,
  tryDecodePacket,
  utf8DecodeStrict,
  verifyPacketSignature,
  type AnnouncePayload,
  type BitchatPacket,
} from '@bitmesh/wire-format'
import type { Announcer } from './announcer.js'
import * as C from './constants.js'
import type { NodeContext } from './context.js'
import { dedupKey, DuplicateRegistry } from './dedup.js'
import type { GossipSync } from './gossip.js'
import { publicMessageId } from './ids.js'
import type { LinkEntry } from './link-entry.js'
import { peerInfo } from './peer-info.js'
import type { PrivateMessaging } from './private-messaging.js'
import type { Relayer } from './relay.js'
import type { StoreForward } from './store-forward.js'
import { frameDigest, SeenFrames } from './seen-frames.js'
import { LinkAdmission } from './link-rate.js'
import { bitmeshFeatures, BitmeshFeature } from './bitmesh-tlv.js'
import { CLUSTER_CONTROL_PACKET_TYPE } from '@bitmesh/cluster-election'
import type { MeshCluster } from './cluster.js'
import type { NostrBridge } from './bridge/bridge.js'

/** What happened to a packet: relay it, only remember it (dedup), or refuse it. */
type Verdict = 'relay' | 'accept' | 'reject'

/** The parts the ingress hands packets to. */
export interface IngressParts {
  announcer: Announcer
  gossip: GossipSync
  messaging: PrivateMessaging
  relayer: Relayer
  /** Store-and-forward hooks (`null` when the relay side and the outbox are off). */
  storeForward: StoreForward | null
  /** Cluster mode (issue #6); absent or `null` when off. */
  cluster?: MeshCluster | null
  /** Nostr bridge (issue #9); absent or `null` when this node is no gateway. */
  bridge?: NostrBridge | null
}

/** Receive path of one node. */
export class Ingress {
  /** Packets seen (iOS: 1 000 entries, 300 s). */
  readonly dedup = new DuplicateRegistry(C.DEDUP_CAPACITY, C.DEDUP_TTL_MS)
  /** Digests of accepted frames: copies of them skip decoding (see seen-frames.ts). */
  readonly seenFrames = new SeenFrames(C.DEDUP_CAPACITY)
  /** Fragment sets in flight (bounded and timed out by wire-format's defaults). */
  readonly reassembler: FragmentReassembler
  readonly #ctx: NodeContext
  readonly #parts: IngressParts
  readonly #admission = new LinkAdmission()

  /**
   * @param ctx - The node.
   * @param parts - Announcer, gossip sync, private messaging and relayer.
   */
  constructor(ctx: NodeContext, parts: IngressParts) {
    this.#ctx = ctx
    this.#parts = parts
    this.reassembler = new FragmentReassembler({ clock: ctx.clock })
  }

  /** A frame arrived on `entry`. */
  onFrame(entry: LinkEntry, frame: Uint8Array): void {
    const ctx = this.#ctx
    if (!ctx.running()) return
    ctx.counters.framesReceived++
    ctx.counters.bytesReceived += frame.length
    const now = ctx.clock.now()
    // Frames AND bytes per link per second, scaled by the link's MTU (link-rate.ts).
    if (!this.#admission.admit(entry, entry.link.mtu, frame.length, now)) {
      ctx.drop('rate-limit', { detail: `link ${entry.key}` })
      return
    }
    const digest = frameDigest(frame)
    const seen = this.seenFrames.get(digest)
    // A copy of an accepted packet, still within its §6.4 lifetime. Sync replays (IS_RSR) and a
    // direct announce on a link not yet bound take the full path: both have work to do.
    if (seen !== undefined && (frame[11]! & 0x10) === 0 && !(entry.peerId === null && frame[1] === MessageType.ANNOUNCE) && this.dedup.has(seen.key, now)) {
      this.#parts.relayer.onDuplicate(seen.key, entry.key)
      ctx.drop('duplicate', { peerId: seen.sender })
      return
    }
    const result = tryDecodePacket(frame)
    if (!result.ok) {
      ctx.drop('decode-error', { detail: result.message })
      return
    }
    // Cluster mode (issue #6): a sleeping member's radio is off; frames pass it by.
    if (this.#parts.cluster?.ignoreWhileAsleep(result.packet) === true) return
    try {
      this.#handle(result.packet, frame, entry, now, false, digest)
    } catch (error) {
      // Handlers turn every expected failure into a drop; this is the last line against a crash.
      ctx.drop('protocol', { detail: (error as Error)?.message ?? String(error) })
    }
  }

  /** Forget everything. */
  clear(): void {
    this.dedup.clear()
    this.seenFrames.clear()
    this.reassembler.clear()
  }

  /**
   * @param frame - The received frame (`null` for a reassembled packet, which is never relayed).
   */
  #handle(packet: BitchatPacket, frame: Uint8Array | null, entry: LinkEntry | null, now: number, reassembled: boolean, digest = -1): void {
    const ctx = this.#ctx
    const sender = bytesToHex(packet.senderId)
    if (sender === ctx.localPeerIdHex) {
      ctx.drop('own-packet', { detail: `type ${packet.type}` })
      return
    }
    if (packet.isRsr) {
      if (!this.#parts.gossip.solicited(entry, now)) {
        ctx.drop('unsolicited-rsr', { peerId: sender })
        return
      }
    } else if (Math.abs(Number(packet.timestamp) - now) > C.MAX_TIMESTAMP_SKEW_MS) {
      ctx.drop('timestamp-skew', { peerId: sender, detail: `timestamp ${packet.timestamp}, now ${now}` })
      return
    }
    const key = dedupKey(packet, ctx.crypto)
    if (this.dedup.has(key, now)) {
      this.#parts.relayer.onDuplicate(key, entry?.key)
      // A repeated direct announce on a link not yet bound still binds it (Android, §6.4).
      if (packet.type === MessageType.ANNOUNCE && packet.ttl === C.DEFAULT_TTL && entry?.peerId === null && !reassembled && !packet.isRsr) {
        this.#onAnnounce(packet, frame, sender, entry, now, false, true)
        return
      }
      ctx.drop('duplicate', { peerId: sender })
      return
    }

    const forSelf = packet.recipientId !== null && equalBytes(packet.recipientId, ctx.localPeerId)
    const directedElsewhere = !forSelf && !isBroadcastRecipient(packet.recipientId)
    let verdict: Verdict
    switch (packet.type) {
      case MessageType.ANNOUNCE:
        verdict = this.#onAnnounce(packet, frame, sender, entry, now, reassembled, false) ? 'relay' : 'reject'
        break
      case MessageType.MESSAGE:
        verdict = this.#onPublicMessage(packet, frame, sender, now) ? 'relay' : 'reject'
        break
      case MessageType.LEAVE:
        verdict = this.#onLeave(packet, sender) ? 'relay' : 'reject'
        break
      case MessageType.NOISE_HANDSHAKE:
      case MessageType.NOISE_ENCRYPTED:
        verdict = forSelf ? this.#parts.messaging.receive(packet, sender) : directedElsewhere ? 'relay' : 'reject'
        break
      case MessageType.FILE_TRANSFER: // public files (issue #7, file-transfer.ts)
        verdict = directedElsewhere ? 'relay' : this.#parts.messaging.fileHooks?.onPublicFile(packet, sender) === false ? 'reject' : 'relay'
        break
      case MessageType.FRAGMENT:
        if (directedElsewhere) verdict = 'relay'
        else if (!this.#onFragment(packet, entry, now, reassembled)) verdict = 'reject'
        else verdict = forSelf ? 'accept' : 'relay'
        break
      case MessageType.REQUEST_SYNC:
        verdict = !directedElsewhere && this.#parts.gossip.respond(packet, sender, entry, now) ? 'accept' : 'reject'
        break
      case CLUSTER_CONTROL_PACKET_TYPE:
        // Cluster mode (issue #6); with it off, relayed like any unknown type.
        verdict = this.#parts.cluster?.onControl(packet, sender, forSelf, entry) ?? 'relay'
        break
      default:
        verdict = 'relay' // unknown and unhandled types are relayed like plain broadcasts (§1.9)
    }
    if (verdict === 'reject') return
    this.dedup.add(key, now)
    if (digest >= 0) this.seenFrames.add(digest, { key, sender })
    // Nostr bridge (issue #9): carry what should cross; note peers heard over the bridge.
    this.#parts.bridge?.onAccepted(packet, frame, entry, forSelf)
    // Cluster mode: a head holds private frames for sleeping members, queues them for adjacent heads.
    this.#parts.cluster?.afterAccept(packet, frame, forSelf)
    if (verdict === 'relay' && frame !== null && entry !== null && !forSelf) {
      this.#parts.relayer.consider(packet, frame, entry, key)
      // Store-and-forward: keep directed packets whose recipient we have no link to (§6.7).
      if (directedElsewhere) this.#parts.storeForward?.onRelayed(packet, frame, key, sender)
    }
  }

  /**
   * Verify an announce (§2.2): sender ID = hash of the Noise key, keys match the pins, signature
   * valid under the announced signing key. Binds the link on a direct announce (TTL 7 as received).
   * @returns Whether it was valid and new (so may be relayed).
   */
  #onAnnounce(packet: BitchatPacket, frame: Uint8Array | null, sender: string, entry: LinkEntry | null, now: number, reassembled: boolean, duplicate: boolean): boolean {
    const ctx = this.#ctx
    let announce: AnnouncePayload
    try {
      announce = decodeAnnounce(packet.payload)
    } catch (error) {
      ctx.drop('decode-error', { peerId: sender, detail: (error as Error).message })
      return false
    }
    if (!equalBytes(peerIdFromNoiseKey(announce.noisePublicKey), packet.senderId)) {
      ctx.drop('key-mismatch', { peerId: sender, detail: 'sender ID is not the hash of the announced Noise key' })
      return false
    }
    if (!ctx.peers.matchesPin(sender, announce.noisePublicKey, announce.signingPublicKey)) {
      ctx.drop('key-mismatch', { peerId: sender, detail: 'announced keys differ from the pinned keys' })
      return false
    }
    if (!verifyPacketSignature(packet, announce.signingPublicKey, ctx.crypto)) {
      ctx.drop('bad-signature', { peerId: sender, detail: 'announce' })
      return false
    }
    if (packet.isRsr && now - Number(packet.timestamp) > C.MAX_ANNOUNCE_AGE_MS) {
      ctx.drop('timestamp-skew', { peerId: sender, detail: 'announce too old' })
      return false
    }
    const { record, isNew, evicted } = ctx.peers.upsert(sender, announce.nickname, announce.noisePublicKey, announce.signingPublicKey, announce.capabilities, now)
    if (evicted !== null) ctx.emit('peer:leave', { peerId: evicted.peerId, reason: 'evicted' })
    const direct = entry !== null && packet.ttl === C.DEFAULT_TTL && !reassembled && !packet.isRsr
    if (direct && entry.peerId !== sender) {
      entry.peerId = sender
      ctx.refreshOwnNeighbors()
      this.#parts.gossip.onLinkBound(entry)
      // Store-and-forward: hand over what waits for this peer, flush our outbox to it.
      this.#parts.storeForward?.onLinkBound(entry, sender)
      // Cluster mode: what waited in the 2-minute fallback buffer goes out on the new link.
      this.#parts.cluster?.onLinkBound(entry, sender)
    }
    if (!duplicate) {
      const neighbors = announce.directNeighbors?.map(bytesToHex) ?? []
      const features = bitmeshFeatures(announce.unknownTlvs)
      ctx.neighborhood.update(sender, neighbors, now, features !== null && (features & BitmeshFeature.MPR_RELAY) !== 0)
      // Cluster mode: remember the sender's beacon (TLV 0xB1) for the neighbour table.
      this.#parts.cluster?.onAnnounce(sender, announce.unknownTlvs, packet.senderId)
    }
    if (!duplicate) this.#parts.gossip.store.add(packet, frame, now)
    if (isNew) {
      ctx.emit('peer:join', peerInfo(record, ctx))
      // Announce-back on first contact (§6.2 iOS), for direct neighbours only and on their link:
      // doing it for every peer heard through relays would make each join ripple a flood.
      if (direct && entry !== null) this.#parts.announcer.introduce(entry)
    }
    // Store-and-forward: a fresh verified announce proves a path to the peer now; flush our outbox.
    if (!duplicate) this.#parts.storeForward?.onPeerAnnounced(sender)
    return !duplicate
  }

  #onPublicMessage(packet: BitchatPacket, frame: Uint8Array | null, sender: string, now: number): boolean {
    const ctx = this.#ctx
    const peer = ctx.peers.get(sender)
    if (peer === undefined) {
      ctx.drop('unknown-sender', { peerId: sender, detail: 'public message' })
      return false
    }
    if (!verifyPacketSignature(packet, peer.signingPublicKey, ctx.crypto)) {
      ctx.drop('bad-signature', { peerId: sender, detail: 'public message' })
      return false
    }
    if (packet.isRsr && now - Number(packet.timestamp) > C.MAX_PUBLIC_MESSAGE_AGE_MS) {
      ctx.drop('timestamp-skew', { peerId: sender, detail: 'message too old' })
      return false
    }
    let text: string
    try {
      text = utf8DecodeStrict(packet.payload)
    } catch (error) {
      ctx.drop('decode-error', { peerId: sender, detail: (error as Error).message })
      return false
    }
    ctx.peers.touch(sender, now)
    this.#parts.gossip.store.add(packet, frame, now)
    ctx.counters.publicReceived++
    ctx.emit('message', {
      id: publicMessageId(sender, packet.timestamp, text, ctx.crypto),
      senderPeerId: sender,
      nickname: peer.nickname,
      text,
      timestamp: Number(packet.timestamp),
      viaSync: packet.isRsr,
    })
    return true
  }

  #onLeave(packet: BitchatPacket, sender: string): boolean {
    const ctx = this.#ctx
    const peer = ctx.peers.get(sender)
    if (peer === undefined) {
      ctx.drop('unknown-sender', { peerId: sender, detail: 'leave' })
      return false
    }
    if (!verifyPacketSignature(packet, peer.signingPublicKey, ctx.crypto)) {
      ctx.drop('bad-signature', { peerId: sender, detail: 'leave' })
      return false
    }
    ctx.peers.remove(sender)
    ctx.neighborhood.remove(sender)
    this.#parts.gossip.store.removePeer(sender)
    this.#parts.messaging.closeSession(sender)
    ctx.emit('peer:leave', { peerId: sender, reason: 'leave' })
    return true
  }

  /**
   * Offer a fragment addressed to us or broadcast to the reassembler; a completed set is handled
   * as a packet of its own (TTL 0, so never relayed whole).
   * @returns Whether the reassembler took it (duplicates included).
   */
  #onFragment(packet: BitchatPacket, entry: LinkEntry | null, now: number, reassembled: boolean): boolean {
    const ctx = this.#ctx
    if (reassembled) {
      ctx.drop('fragment', { detail: 'nested fragment' })
      return false
    }
    const result = this.reassembler.accept(packet)
    if (result.status === 'dropped') {
      ctx.drop('fragment', { detail: result.reason })
      return false
    }
    if (result.status === 'complete') {
      ctx.counters.packetsReassembled++
      this.#handle(result.packet, null, entry, now, true)
    }
    return true
  }
}
