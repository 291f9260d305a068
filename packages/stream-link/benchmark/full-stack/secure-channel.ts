/**
 * One link's full bitchat stack for the benchmark, built the way @bitmesh/mesh builds it per peer
 * (`private-messaging.ts`, `transmit.ts`, `ingress.ts`): a `NoiseSessionManager` (XX, bitchat
 * transport framing, `0x21` peer state), typed `0x20` private-file payloads in unsigned
 * `noiseEncrypted` packets (v2 above 65 535 bytes, no DEFLATE attempt on ciphertext, §2.5), and
 * FRAGMENT trains (§2.6, §6.6) when a frame exceeds the link MTU. Ingress decodes every frame,
 * checks recipient and timestamp (§6.9), computes the mesh's duplicate key (SHA-256 of the
 * payload), reassembles, decrypts and decodes the file TLV.
 *
 * Unlike the mesh, fragment trains are not paced (the mesh spaces them 25 ms apart, a BLE rule;
 * see docs/performance.md) and there is no routing, relay or announce: one link, two peers.
 * @module
 */
import { ErrorCode, isBitMeshError, type Clock, type CryptoProvider, type Link, type Rng } from '@bitmesh/interface'
import { NoiseSessionManager, type KeyPair } from '@bitmesh/noise'
import {
  bytesToHex,
  decodeFilePacket,
  decodeNoisePayload,
  encodeAuthenticatedPeerState,
  encodeNoisePayload,
  encodePacket,
  encodePrivateFilePayload,
  equalBytes,
  FragmentReassembler,
  fragmentChunkSizeForLinkLimit,
  MessageType,
  NoisePayloadType,
  PeerCapability,
  peerIdFromHex,
  peerIdFromNoiseKey,
  splitIntoFragments,
  tryDecodePacket,
  V1_MAX_PAYLOAD_BYTES,
  type BitchatPacket,
  type FilePacket,
} from '@bitmesh/wire-format'
import { DEDUP_CAPACITY, DEFAULT_TTL, FRAGMENT_FRAME_OVERHEAD_BYTES, MAX_FRAGMENTS_PER_PACKET, MAX_TIMESTAMP_SKEW_MS, RATE_LIMIT_RETRY_MS } from './constants.js'

/** `BITMESH_FULL_STACK_DEBUG=1` logs every refused input to stderr (benchmark plumbing). */
const DEBUG = typeof process !== 'undefined' && process.env.BITMESH_FULL_STACK_DEBUG !== undefined

/** Options of {@link SecureFileChannel}. */
export interface SecureFileChannelOptions {
  /** An open link of a socket transport. */
  link: Link
  crypto: CryptoProvider
  clock: Clock
  rng: Rng
  /** This side's Noise static key pair; the peer ID derives from it (§4). */
  staticKeyPair: KeyPair
  /** A private file arrived and decoded. `content` is a view into a received buffer. */
  onFile?: (file: FilePacket, fromPeerId: string) => void
  /** Duplicate key at ingress; see {@link IngressDedup}. Default `'mesh'`. */
  dedup?: IngressDedup
  /**
   * Noise messages this side sends per peer per second (default: the manager's 100, iOS's
   * limit). A sender at exactly the receiver's limit gets files dropped whenever delivery jitter
   * squeezes 101 of them into one receiving second, so a bulk sender keeps a margin.
   */
  maxMessagesPerSecond?: number
}

/**
 * How ingress keys packets for duplicate suppression. `'mesh'`: as @bitmesh/mesh does today,
 * SHA-256 of every payload — each fragment, then the reassembled packet again. `'header'`: the
 * proposed cheaper key — fragments by sender, timestamp, fragment ID and index (unique per
 * fragment; the reassembler also refuses a held index), reassembled packets not keyed again (their
 * fragments were, and TTL 0 keeps them from being relayed); whole packets still by digest.
 */
export type IngressDedup = 'mesh' | 'header'

/** Counters of one channel. */
export interface ChannelStats {
  /** Whole packets put on the link (unfragmented). */
  packetsOut: number
  /** FRAGMENT frames put on the link. */
  fragmentsOut: number
  /** Frames taken off the link. */
  framesIn: number
  /** Packets reassembled from fragments. */
  reassembled: number
  /** Private files decoded. */
  filesIn: number
  /** Times a file waited for Noise's per-peer message rate limit. */
  rateLimitWaits: number
  /** Refused input by reason (decode errors, duplicates, Noise outcomes, …). */
  drops: Record<string, number>
}

/**
 * The mesh's chunk for a link: iOS's `limit − 42` (§6.6), tightened so a directed v1 fragment
 * frame still fits the MTU (14-byte header, not the 13 iOS assumes).
 * @param mtu - Link MTU in bytes.
 * @returns Bytes of the original frame per fragment.
 */
export function fragmentChunkSize(mtu: number): number {
  return Math.max(1, Math.min(fragmentChunkSizeForLinkLimit(mtu), mtu - FRAGMENT_FRAME_OVERHEAD_BYTES))
}

/** A Noise-protected private-file channel over one link. */
export class SecureFileChannel {
  /** This side's 8-byte peer ID. */
  readonly localPeerId: Uint8Array
  /** {@link SecureFileChannel.localPeerId} as hex. */
  readonly localPeerIdHex: string
  /** Counters. */
  readonly stats: ChannelStats = { packetsOut: 0, fragmentsOut: 0, framesIn: 0, reassembled: 0, filesIn: 0, rateLimitWaits: 0, drops: {} }

  readonly #link: Link
  readonly #crypto: CryptoProvider
  readonly #clock: Clock
  readonly #rng: Rng
  readonly #sessions: NoiseSessionManager
  readonly #reassembler: FragmentReassembler
  readonly #seen = new Set<string>()
  readonly #onFile: SecureFileChannelOptions['onFile']
  readonly #established = new Map<string, () => void>()
  readonly #offFrame: () => void
  readonly #offDrain: () => void
  readonly #drainWaiters: Array<() => void> = []
  /** The link refused a frame (above its high-water mark): wait for `drain` before more. */
  #blocked = false
  /** See {@link IngressDedup}; switchable between transfers. */
  dedup: IngressDedup

  /** @param options - See {@link SecureFileChannelOptions}. */
  constructor(options: SecureFileChannelOptions) {
    const { link, crypto, clock, rng, staticKeyPair } = options
    this.#link = link
    this.#crypto = crypto
    this.#clock = clock
    this.#rng = rng
    this.#onFile = options.onFile
    this.dedup = options.dedup ?? 'mesh'
    this.localPeerId = peerIdFromNoiseKey(staticKeyPair.publicKey)
    this.localPeerIdHex = bytesToHex(this.localPeerId)
    this.#reassembler = new FragmentReassembler({ clock })
    const signingPublicKey = crypto.ed25519.getPublicKey(crypto.randomBytes(32))
    this.#sessions = new NoiseSessionManager({
      crypto,
      clock,
      rng,
      localStaticKeyPair: staticKeyPair,
      localPeerId: this.localPeerId,
      send: (peerId, kind, bytes) => this.#sendFrame(peerId, kind, bytes),
      onMessage: (peerId, plaintext) => this.#onPayload(peerId, plaintext),
      onSessionEstablished: (peerId) => {
        this.#established.get(peerId)?.()
        this.#established.delete(peerId)
      },
      // Bit 8 (private media): §2.5.5 sends `0x20` only to peers that proved it in the session.
      ...(options.maxMessagesPerSecond === undefined ? {} : { limits: { maxMessagesPerPeerPerWindow: options.maxMessagesPerSecond } }),
      localPeerState: () =>
        encodeNoisePayload(
          NoisePayloadType.AUTHENTICATED_PEER_STATE,
          encodeAuthenticatedPeerState({ capabilities: PeerCapability.PRIVATE_MEDIA, signingPublicKey }),
        ),
    })
    this.#offFrame = link.on('frame', (frame) => this.#onFrame(frame))
    this.#offDrain = link.on('drain', () => this.#onDrain())
  }

  /**
   * Run the XX handshake with `peerId` as initiator (the responder side needs no call).
   * @param peerId - The remote peer ID (16 hex characters).
   * @returns Resolves once the session is established.
   */
  connect(peerId: string): Promise<void> {
    if (this.#sessions.hasSession(peerId)) return Promise.resolve()
    const established = new Promise<void>((resolve) => this.#established.set(peerId, resolve))
    this.#sessions.ensureSession(peerId)
    return established
  }

  /**
   * Send one private file (§2.5.5): BitchatFilePacket TLV in a `0x20` Noise payload in a
   * `noiseEncrypted` packet, fragmented to the link MTU. Waits for the link's `drain` first when
   * the previous file left it above its high-water mark.
   * @param peerId - The recipient, with an established session.
   * @param file - Name, size, MIME type and content (≤ 1 MiB for interop).
   * @returns Resolves once every frame was handed to the link.
   * @throws Whatever the codecs throw for an oversize file; BitMeshError without a session.
   */
  async sendFile(peerId: string, file: FilePacket): Promise<void> {
    if (this.#blocked) await this.#drain()
    if (!this.#sessions.hasSession(peerId)) throw new Error(`no Noise session with ${peerId}`)
    const typed = encodePrivateFilePayload(file)
    for (;;) {
      try {
        this.#sessions.sendPayload(peerId, typed)
        return
      } catch (error) {
        // iOS's 100 messages/s per peer (§5.3), which the receiver enforces too: wait for room.
        if (!isBitMeshError(error) || error.code !== ErrorCode.RATE_LIMITED) throw error
        this.stats.rateLimitWaits++
        await new Promise<void>((resolve) => this.#clock.setTimeout(resolve, RATE_LIMIT_RETRY_MS))
      }
    }
  }

  /** Resolve once the link has drained what this channel queued. */
  async flush(): Promise<void> {
    if (this.#blocked) await this.#drain()
  }

  /** Stop Noise (keys zeroed) and stop listening to the link (the link stays open). */
  close(): void {
    this.#offFrame()
    this.#offDrain()
    this.#sessions.stop()
  }

  #drain(): Promise<void> {
    return new Promise((resolve) => this.#drainWaiters.push(resolve))
  }

  #onDrain(): void {
    // Listening all the time: a drain after the last file of a burst must still clear the flag.
    this.#blocked = false
    for (const wake of this.#drainWaiters.splice(0)) wake()
  }

  /** Wrap a Noise frame in a `0x10`/`0x11` packet (unsigned, as iOS) and put it on the link. */
  #sendFrame(peerId: string, kind: 'handshake' | 'transport', bytes: Uint8Array): void {
    const packet: BitchatPacket = {
      // v2 only when the ciphertext needs a 32-bit length (private media, §2.5).
      version: bytes.length > V1_MAX_PAYLOAD_BYTES ? 2 : 1,
      type: kind === 'handshake' ? MessageType.NOISE_HANDSHAKE : MessageType.NOISE_ENCRYPTED,
      ttl: DEFAULT_TTL,
      timestamp: BigInt(this.#clock.now()),
      senderId: this.localPeerId,
      recipientId: peerIdFromHex(peerId),
      route: null,
      payload: bytes,
      signature: null,
      isRsr: false,
    }
    // Ciphertext never passes DEFLATE's "strictly smaller" test: skip the attempt (§1.5).
    const frame = encodePacket(packet, { compression: 'none' })
    const mtu = this.#link.mtu
    if (frame.length <= mtu) {
      this.stats.packetsOut++
      this.#put(frame)
      return
    }
    const fragments = splitIntoFragments(frame, {
      fragmentId: this.#rng.randomBytes(8),
      chunkSize: fragmentChunkSize(mtu),
      maxFragments: MAX_FRAGMENTS_PER_PACKET,
      compression: 'none', // slices of ciphertext
    })
    this.stats.fragmentsOut += fragments.length
    for (const fragment of fragments) this.#put(fragment)
  }

  #put(frame: Uint8Array): void {
    if (!this.#link.send(frame)) this.#blocked = true
  }

  #drop(reason: string): void {
    this.stats.drops[reason] = (this.stats.drops[reason] ?? 0) + 1
    if (DEBUG) console.error(`${this.localPeerIdHex} drop ${reason}`)
  }

  #onFrame(frame: Uint8Array): void {
    this.stats.framesIn++
    const result = tryDecodePacket(frame)
    if (!result.ok) return this.#drop(`decode:${result.reason}`)
    this.#handle(result.packet, false)
  }

  #handle(packet: BitchatPacket, reassembled: boolean): void {
    if (packet.recipientId === null || !equalBytes(packet.recipientId, this.localPeerId)) return this.#drop('not-for-us')
    if (Math.abs(Number(packet.timestamp) - this.#clock.now()) > MAX_TIMESTAMP_SKEW_MS) return this.#drop('timestamp-skew')
    const sender = bytesToHex(packet.senderId)
    const key = this.#dedupKey(packet, sender, reassembled)
    if (key !== null) {
      if (this.#seen.has(key)) return this.#drop('duplicate')
      this.#seen.add(key)
      if (this.#seen.size > DEDUP_CAPACITY) this.#seen.delete(this.#seen.values().next().value as string)
    }
    switch (packet.type) {
      case MessageType.FRAGMENT: {
        if (reassembled) return this.#drop('nested-fragment')
        const result = this.#reassembler.accept(packet)
        if (result.status === 'dropped') return this.#drop(`fragment:${result.reason}`)
        if (result.status === 'complete') {
          this.stats.reassembled++
          this.#handle(result.packet, true)
        }
        return
      }
      case MessageType.NOISE_HANDSHAKE: {
        const outcome = this.#sessions.receiveHandshake(sender, packet.payload)
        if (outcome !== 'responded' && outcome !== 'established') this.#drop(`handshake:${outcome}`)
        return
      }
      case MessageType.NOISE_ENCRYPTED: {
        const outcome = this.#sessions.receiveTransport(sender, packet.payload)
        if (outcome !== 'delivered' && outcome !== 'buffered') this.#drop(`noise:${outcome}`)
        return
      }
      default:
        this.#drop(`type:${packet.type}`)
    }
  }

  /** The duplicate key of `packet`, or `null` when it needs none (see {@link IngressDedup}). */
  #dedupKey(packet: BitchatPacket, sender: string, reassembled: boolean): string | null {
    if (this.dedup === 'header') {
      if (reassembled) return null
      // Fragment header: 8-byte fragment ID then u16 index (§2.6); a short payload falls through.
      if (packet.type === MessageType.FRAGMENT && packet.payload.length >= 10) {
        return `${sender}-${packet.timestamp}-f-${bytesToHex(packet.payload.subarray(0, 10))}`
      }
    }
    // The mesh's key: sender, timestamp, type and a digest of the payload.
    return `${sender}-${packet.timestamp}-${packet.type}-${bytesToHex(this.#crypto.sha256(packet.payload).subarray(0, 4))}`
  }

  #onPayload(peerId: string, plaintext: Uint8Array): void {
    let payload
    try {
      payload = decodeNoisePayload(plaintext)
    } catch {
      return this.#drop('noise-payload')
    }
    if (payload?.type !== NoisePayloadType.PRIVATE_FILE) return // `0x21` peer state and the like
    let file: FilePacket
    try {
      file = decodeFilePacket(payload.data)
    } catch {
      return this.#drop('file-tlv')
    }
    this.stats.filesIn++
    this.#onFile?.(file, peerId)
  }
}
