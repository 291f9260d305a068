/**
 * Private messages over Noise (§2.5, §5): one `NoiseSessionManager` for the node, typed payloads
 * (`0x01` message, `0x03` delivered, `0x02` read, `0x21` authenticated peer state), receipts only
 * accepted from the recipient, duplicate suppression of retried messages, and bounded retries of
 * payloads whose handshake failed (Android-style outbox backoff).
 * @module
 */
import { isBitMeshError, type BitMeshError } from '@bitmesh/interface'
import { NoiseSessionManager, type KeyPair } from '@bitmesh/noise'
import {
  decodeAuthenticatedPeerState,
  decodeNoisePayload,
  decodePrivateMessage,
  encodeAuthenticatedPeerState,
  encodeNoisePayload,
  encodePacket,
  encodePrivateMessagePayload,
  encodeReceiptPayload,
  MessageType,
  NoisePayloadType,
  peerIdFromHex,
  utf8DecodeStrict,
  type BitchatPacket,
} from '@bitmesh/wire-format'
import * as C from './constants.js'
import type { NodeContext } from './context.js'
import { DuplicateRegistry } from './dedup.js'
import { randomUuid } from './ids.js'
import type { LinkEntry } from './link-entry.js'

/** Our capability bits in `0x21`: none of the optional features yet. */
const LOCAL_CAPABILITIES = 0n

interface PendingPrivate {
  readonly messageId: string
  readonly peerId: string
  readonly payload: Uint8Array
  /** Sends so far. */
  attempts: number
  /** Resend timer (no receipt yet, or handshake failed). */
  timer: number | undefined
  /** A `delivered` receipt came back: no more resends; kept only to match the `read`. */
  delivered: boolean
}

/** Noise sessions and private messaging of one node. */
export class PrivateMessaging {
  readonly #ctx: NodeContext
  readonly #sessions: NoiseSessionManager
  /** Sent messages awaiting receipts, oldest first (bounded). */
  readonly #pending = new Map<string, PendingPrivate>()
  /** `<peer>/<messageId>` of received messages, to show each once. */
  readonly #seen = new DuplicateRegistry(C.MAX_SEEN_PRIVATE, C.DEDUP_TTL_MS)

  /**
   * @param ctx - The node.
   * @param staticKeyPair - Our Noise static key pair.
   * @param signingPublicKey - Our Ed25519 key, sent in `0x21`.
   */
  constructor(ctx: NodeContext, staticKeyPair: KeyPair, signingPublicKey: Uint8Array) {
    this.#ctx = ctx
    this.#sessions = new NoiseSessionManager({
      crypto: ctx.crypto,
      clock: ctx.clock,
      rng: ctx.rng,
      localStaticKeyPair: staticKeyPair,
      localPeerId: ctx.localPeerId,
      send: (peerId, kind, bytes) => this.#sendFrame(peerId, kind, bytes),
      onMessage: (peerId, plaintext) => this.#onPayload(peerId, plaintext),
      onSessionEstablished: (peerId, info) => {
        if (!ctx.peers.matchesPin(peerId, info.remoteStaticPublicKey)) {
          this.#sessions.closeSession(peerId)
          ctx.drop('key-mismatch', { peerId, detail: 'Noise static key differs from the pinned key' })
        }
      },
      onSendFailed: (peerId, payloads, error) => this.#onSendFailed(peerId, payloads, error),
      localPeerState: () =>
        encodeNoisePayload(NoisePayloadType.AUTHENTICATED_PEER_STATE, encodeAuthenticatedPeerState({ capabilities: LOCAL_CAPABILITIES, signingPublicKey })),
    })
  }

  /** Peers with live Noise state (sessions, handshakes, queues). */
  get noisePeers(): number {
    return this.#sessions.peerCount
  }

  /** Sent messages awaiting receipts (at most {@link C.MAX_PENDING_PRIVATE}). */
  get pendingCount(): number {
    return this.#pending.size
  }

  /** Received message IDs remembered (at most {@link C.MAX_SEEN_PRIVATE}). */
  get seenCount(): number {
    return this.#seen.size
  }

  /**
   * Send a private message (a handshake starts if needed; the payload waits for it).
   * @returns The new message ID (uppercase UUID, as iOS).
   * @throws EncodeError when the text exceeds 255 UTF-8 bytes; CapacityError / RATE_LIMITED from Noise.
   */
  send(peerId: string, text: string): string {
    const messageId = randomUuid(this.#ctx.rng)
    const payload = encodePrivateMessagePayload({ messageId, content: text })
    this.#sessions.sendPayload(peerId, payload)
    const pending: PendingPrivate = { messageId, peerId, payload, attempts: 1, timer: undefined, delivered: false }
    this.#pending.set(messageId, pending)
    while (this.#pending.size > C.MAX_PENDING_PRIVATE) this.#forget(this.#pending.values().next().value as PendingPrivate)
    this.#scheduleResend(pending)
    this.#ctx.counters.privateSent++
    return messageId
  }

  /** Send a read receipt for `messageId` to `peerId`. */
  markRead(peerId: string, messageId: string): void {
    this.#sendPayload(peerId, encodeReceiptPayload('read', messageId))
  }

  /**
   * A `0x10`/`0x11` packet addressed to us.
   * @returns Always `accept` (remembered for dedup, never relayed); failures are counted as drops.
   */
  receive(packet: BitchatPacket, sender: string): 'accept' {
    const ctx = this.#ctx
    if (packet.type === MessageType.NOISE_HANDSHAKE) {
      const outcome = this.#sessions.receiveHandshake(sender, packet.payload)
      if (outcome === 'rate-limited') ctx.drop('rate-limit', { peerId: sender, detail: 'handshake' })
      else if (outcome === 'failed' || outcome === 'unexpected') ctx.drop('noise', { peerId: sender, detail: `handshake ${outcome}` })
    } else {
      const outcome = this.#sessions.receiveTransport(sender, packet.payload)
      if (outcome === 'replay') ctx.drop('duplicate', { peerId: sender, detail: 'Noise nonce replay' })
      else if (outcome === 'rate-limited') ctx.drop('rate-limit', { peerId: sender, detail: 'Noise messages' })
      else if (outcome !== 'delivered' && outcome !== 'buffered') ctx.drop('noise', { peerId: sender, detail: outcome })
    }
    return 'accept'
  }

  /** Drop the session with `peerId` (after its LEAVE). */
  closeSession(peerId: string): void {
    this.#sessions.closeSession(peerId)
  }

  /** Stop Noise (timers cleared, keys zeroed) and forget pending state. */
  stop(): void {
    this.#sessions.stop()
    for (const pending of [...this.#pending.values()]) this.#forget(pending)
    this.#seen.clear()
  }

  /** Forget expired received-message IDs. */
  prune(nowMs: number): void {
    this.#seen.prune(nowMs)
  }

  /** Wrap a Noise frame in a `0x10`/`0x11` packet (unsigned, as iOS) and send it towards `peerId`. */
  #sendFrame(peerId: string, kind: 'handshake' | 'transport', bytes: Uint8Array): void {
    const ctx = this.#ctx
    if (!ctx.running()) return
    const type = kind === 'handshake' ? MessageType.NOISE_HANDSHAKE : MessageType.NOISE_ENCRYPTED
    // Ciphertext never passes DEFLATE's "strictly smaller" test: skip the attempt (§1.5).
    const frame = encodePacket(ctx.newPacket(type, bytes, peerIdFromHex(peerId), C.DEFAULT_TTL), { compression: 'none' })
    for (const entry of route(ctx.links.values(), peerId)) ctx.sendOn(entry, frame, true)
  }

  #sendPayload(peerId: string, typedPlaintext: Uint8Array): void {
    try {
      this.#sessions.sendPayload(peerId, typedPlaintext)
    } catch (error) {
      const code = isBitMeshError(error) ? error.code : ''
      this.#ctx.drop(code === 'RATE_LIMITED' ? 'rate-limit' : 'capacity', { peerId, detail: (error as Error).message })
    }
  }

  #onPayload(peerId: string, plaintext: Uint8Array): void {
    const ctx = this.#ctx
    const now = ctx.clock.now()
    ctx.peers.touch(peerId, now)
    let payload
    try {
      payload = decodeNoisePayload(plaintext)
    } catch (error) {
      ctx.drop('decode-error', { peerId, detail: (error as Error).message })
      return
    }
    if (payload === null) return // unknown inner type: dropped silently, as both apps do
    try {
      switch (payload.type) {
        case NoisePayloadType.PRIVATE_MESSAGE: {
          const message = decodePrivateMessage(payload.data)
          // Always acknowledge: the sender may be retrying because our receipt was lost.
          this.#sendPayload(peerId, encodeReceiptPayload('delivered', message.messageId))
          const seenKey = `${peerId}/${message.messageId}`
          if (this.#seen.has(seenKey, now)) return
          this.#seen.add(seenKey, now)
          ctx.counters.privateReceived++
          ctx.emit('private-message', {
            id: message.messageId,
            senderPeerId: peerId,
            nickname: ctx.peers.get(peerId)?.nickname ?? '',
            text: message.content,
            timestamp: now,
          })
          return
        }
        case NoisePayloadType.DELIVERED:
        case NoisePayloadType.READ_RECEIPT: {
          const messageId = utf8DecodeStrict(payload.data)
          const pending = this.#pending.get(messageId)
          if (pending === undefined || pending.peerId !== peerId) return // only the recipient may acknowledge
          if (payload.type === NoisePayloadType.READ_RECEIPT) {
            this.#forget(pending)
            ctx.emit('delivery', { messageId, peerId, status: 'read' })
          } else if (!pending.delivered) {
            // Resends stop here; duplicates of the receipt (answers to resends) are not re-emitted.
            pending.delivered = true
            ctx.timers.clear(pending.timer)
            pending.timer = undefined
            ctx.emit('delivery', { messageId, peerId, status: 'delivered' })
          }
          return
        }
        case NoisePayloadType.AUTHENTICATED_PEER_STATE: {
          const state = decodeAuthenticatedPeerState(payload.data)
          // Noise-authenticated state is the one thing allowed to rotate a pinned signing key (§2.2).
          ctx.peers.rotateSigningKey(peerId, state.signingPublicKey)
          const record = ctx.peers.get(peerId)
          if (record !== undefined) record.capabilities = state.capabilities
          return
        }
        default:
          return
      }
    } catch (error) {
      ctx.drop('decode-error', { peerId, detail: (error as Error).message })
    }
  }

  /** Queued payloads whose handshake failed: resend messages with attempts left, report the rest. */
  #onSendFailed(peerId: string, payloads: Uint8Array[], error: BitMeshError): void {
    const ctx = this.#ctx
    if (!ctx.running()) return
    for (const plaintext of payloads) {
      const messageId = privateMessageId(plaintext)
      const pending = messageId === null ? undefined : this.#pending.get(messageId)
      if (pending !== undefined && pending.peerId === peerId) {
        if (pending.attempts < C.MAX_PRIVATE_SEND_ATTEMPTS) this.#scheduleResend(pending)
        else this.#fail(pending, error.code)
        continue
      }
      // Receipts and peer state are not retried (a resent message gets a fresh receipt).
      ctx.drop('send-failed', { peerId, ...(messageId !== null ? { messageId } : {}), detail: error.code })
    }
  }

  /** (Re)arm the resend timer of `pending` for its current attempt count. */
  #scheduleResend(pending: PendingPrivate): void {
    const ctx = this.#ctx
    ctx.timers.clear(pending.timer)
    const delay = C.PRIVATE_RETRY_BACKOFF_MS[pending.attempts - 1] ?? C.PRIVATE_RETRY_BACKOFF_MS.at(-1)!
    pending.timer = ctx.timers.set(() => {
      pending.timer = undefined
      if (!ctx.running() || this.#pending.get(pending.messageId) !== pending || pending.delivered) return
      if (this.#sessions.peerState(pending.peerId).status === 'handshaking') {
        // Still queued behind a handshake: Noise flushes it or reports it through onSendFailed.
        this.#scheduleResend(pending)
        return
      }
      if (pending.attempts >= C.MAX_PRIVATE_SEND_ATTEMPTS) {
        this.#fail(pending, 'NO_RECEIPT')
        return
      }
      pending.attempts++
      this.#sendPayload(pending.peerId, pending.payload)
      this.#scheduleResend(pending)
    }, delay)
  }

  #fail(pending: PendingPrivate, code: string): void {
    this.#forget(pending)
    this.#ctx.drop('send-failed', { peerId: pending.peerId, messageId: pending.messageId, detail: code })
  }

  #forget(pending: PendingPrivate): void {
    this.#ctx.timers.clear(pending.timer)
    this.#pending.delete(pending.messageId)
  }
}

/** The message ID of a typed `0x01` plaintext, or `null` for anything else. */
function privateMessageId(plaintext: Uint8Array): string | null {
  try {
    const payload = decodeNoisePayload(plaintext)
    return payload?.type === NoisePayloadType.PRIVATE_MESSAGE ? decodePrivateMessage(payload.data).messageId : null
  } catch {
    return null
  }
}

/**
 * The link bound to `peerId` if there is one, else every link (the mesh relays directed packets).
 * @param links - Open links.
 * @param peerId - Recipient (hex).
 */
export function route(links: Iterable<LinkEntry>, peerId: string): LinkEntry[] {
  const all: LinkEntry[] = []
  for (const entry of links) {
    if (entry.peerId === peerId) return [entry]
    all.push(entry)
  }
  return all
}
