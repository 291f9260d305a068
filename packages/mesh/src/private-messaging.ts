/**
 * Private messages over Noise (§2.5, §5): one `NoiseSessionManager` for the node, typed payloads
 * (`0x01` message, `0x03` delivered, `0x02` read, `0x21` authenticated peer state), receipts only
 * accepted from the recipient, duplicate suppression of retried messages, and bounded retries of
 * payloads whose handshake failed (Android-style outbox backoff).
 *
 * With store-and-forward on, every message to a known peer is also kept in the bitchat sender
 * outbox (§6.7, `@bitmesh/store-forward`) until its `delivered` receipt: a peer out of reach gets
 * its messages when it becomes reachable again (the outbox stores typed payloads, encrypted at
 * flush time for the live session, since a packet sealed earlier would fail §6.9's 120 s check).
 * @module
 */
import { isBitMeshError, type BitMeshError } from '@bitmesh/interface'
import { NoiseSessionManager, type KeyPair } from '@bitmesh/noise'
import { BitchatOutbox, type OutboxDropReason, type StoredItem } from '@bitmesh/store-forward'
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
import { isLinked } from './peer-info.js'
import type { ResolvedStoreForward } from './store-forward.js'
import type { PrivateFileHooks } from './file-transfer.js'

/** Our capability bits in `0x21`: none of the optional features yet. */
const LOCAL_CAPABILITIES = 0n


/** What {@link PrivateMessaging.send} did with a message. */
export interface SendResult {
  readonly messageId: string
  /** `sent`: handed to Noise; `queued`: waiting in the outbox for the peer to be reachable. */
  readonly status: 'sent' | 'queued'
}

interface PendingPrivate {
  readonly messageId: string
  readonly peerId: string
  readonly payload: Uint8Array
  /** Sends so far. */
  attempts: number
  /** `clock.now()` of the latest send. */
  lastSentMs: number
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
  /** The sender outbox (store-and-forward), once opened. */
  #outbox: BitchatOutbox | null = null
  /** Private files (file-transfer.ts): set by the node. */
  fileHooks: PrivateFileHooks | null = null
  /** While set, sealed transport frames go here instead of the normal route (file fragment trains). */
  frameSink: ((peerId: string, frame: Uint8Array) => void) | null = null

  /** The node's Noise sessions (file transfer seals its payloads through them). */
  get sessions(): NoiseSessionManager {
    return this.#sessions
  }

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
          return
        }
        this.flushOutbox(peerId)
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

  /** Messages waiting in the outbox (0 when store-and-forward is off). */
  get outboxSize(): number {
    return this.#outbox?.size ?? 0
  }

  /**
   * Open the sender outbox (loads what a previous run left in a durable backend).
   * @param settings - The resolved outbox settings.
   * @throws RangeError for bad limits; StorageError when the backend cannot be read.
   */
  async openOutbox(settings: NonNullable<ResolvedStoreForward['outbox']>): Promise<void> {
    const { backend, ...limits } = settings
    this.#outbox = await BitchatOutbox.open({
      ...limits,
      backend,
      clock: this.#ctx.clock,
      rng: this.#ctx.rng,
      keepUntilDelivered: true,
      send: (entry, payload) => Promise.resolve(this.#flushSend(entry, payload)),
      onDrop: (entry, reason) => this.#onOutboxDrop(entry, reason),
    })
  }

  /** Close the outbox (entries stay in a durable backend). */
  async closeOutbox(): Promise<void> {
    const outbox = this.#outbox
    this.#outbox = null
    await outbox?.close()
  }

  /**
   * Panic wipe (issue #10): erase the outbox in memory and in its backend, which stays open for
   * the identity that comes next.
   * @returns `false` when no outbox is open.
   */
  async wipeOutbox(): Promise<boolean> {
    if (this.#outbox === null) return false
    await this.#outbox.wipe()
    return true
  }

  /**
   * Send a private message (a handshake starts if needed; the payload waits for it). With the
   * outbox, a message to a known peer is stored first; if the peer is out of reach (not in the
   * peer table, no bound link) it only waits there.
   * @returns The new message ID (uppercase UUID, as iOS) and what happened to it.
   * @throws EncodeError when the text exceeds 255 UTF-8 bytes; CapacityError when the outbox is
   *   full; CapacityError / RATE_LIMITED from Noise (without the outbox).
   */
  async send(peerId: string, text: string): Promise<SendResult> {
    const ctx = this.#ctx
    const messageId = randomUuid(ctx.rng)
    const payload = encodePrivateMessagePayload({ messageId, content: text })
    const outbox = this.#outbox
    if (outbox !== null && (this.#isKnown(peerId) || outbox.pending(peerId).length > 0)) {
      await outbox.add(peerId, messageId, payload)
      ctx.counters.privateSent++
      if (!ctx.running() || !this.#reachable(peerId)) return this.#queued(peerId, messageId)
      try {
        this.#sessions.sendPayload(peerId, payload)
      } catch {
        return this.#queued(peerId, messageId) // Noise queue full or rate-limited: the outbox retries
      }
      this.#track(messageId, peerId, payload)
      return { messageId, status: 'sent' }
    }
    this.#sessions.sendPayload(peerId, payload)
    this.#track(messageId, peerId, payload)
    ctx.counters.privateSent++
    return { messageId, status: 'sent' }
  }

  /**
   * `peerId` became reachable (verified announce, bound link, established session): send what
   * the outbox holds for it. Errors of the store are reported as `send-failed` drops.
   * @param peerId - Peer ID hex.
   */
  flushOutbox(peerId: string): void {
    this.fileHooks?.onReachable(peerId) // files wait outside the outbox (file-transfer.ts)
    const outbox = this.#outbox
    if (outbox === null || outbox.pending(peerId).length === 0) return
    outbox.flush(peerId).catch((error: unknown) => {
      if (this.#ctx.running()) this.#ctx.drop('send-failed', { peerId, detail: `outbox: ${(error as Error)?.message ?? String(error)}` })
    })
  }

  /** Whether we have verified `peerId` at some point (its keys are pinned). */
  #isKnown(peerId: string): boolean {
    return this.#ctx.peers.get(peerId) !== undefined || this.#ctx.peers.hasPin(peerId)
  }

  /** Whether `peerId` looks reachable now: heard within the retention period, or bound to a link. */
  #reachable(peerId: string): boolean {
    return this.#ctx.peers.get(peerId) !== undefined || isLinked(this.#ctx, peerId)
  }

  #queued(peerId: string, messageId: string): SendResult {
    this.#ctx.counters.privateQueued++
    return { messageId, status: 'queued' }
  }

  /** Track a message handed to Noise: resends until its receipt. */
  #track(messageId: string, peerId: string, payload: Uint8Array): void {
    const pending: PendingPrivate = { messageId, peerId, payload, attempts: 1, lastSentMs: this.#ctx.clock.now(), timer: undefined, delivered: false }
    this.#pending.set(messageId, pending)
    while (this.#pending.size > C.MAX_PENDING_PRIVATE) this.#forget(this.#pending.values().next().value as PendingPrivate)
    this.#scheduleResend(pending)
  }

  /**
   * Outbox flush: start a send series for an entry — a new one, or a fresh one for an entry whose
   * series is waiting out a backoff (the path it missed may be there now). Entries sent within
   * the first backoff step or behind a running handshake are left alone (Noise flushes those).
   */
  #flushSend(entry: StoredItem, payload: Uint8Array): boolean {
    const ctx = this.#ctx
    if (!ctx.running()) return false
    const inFlight = this.#pending.get(entry.messageId)
    if (
      inFlight !== undefined &&
      (inFlight.delivered ||
        ctx.clock.now() - inFlight.lastSentMs < C.PRIVATE_RETRY_BACKOFF_MS[0]! ||
        this.#sessions.peerState(entry.recipient).status === 'handshaking')
    ) {
      return false
    }
    try {
      this.#sessions.sendPayload(entry.recipient, payload)
    } catch {
      return false
    }
    if (inFlight !== undefined) this.#forget(inFlight)
    this.#track(entry.messageId, entry.recipient, payload)
    ctx.counters.outboxResent++
    // A kicked series is a resend like the timer's (no event); one out of `queued` is news.
    if (inFlight === undefined) ctx.emit('delivery', { messageId: entry.messageId, peerId: entry.recipient, status: 'sent' })
    return true
  }

  #onOutboxDrop(entry: StoredItem, reason: OutboxDropReason): void {
    const pending = this.#pending.get(entry.messageId)
    if (pending !== undefined) this.#forget(pending)
    if (!this.#ctx.running()) return
    this.#ctx.drop('send-failed', {
      peerId: entry.recipient,
      messageId: entry.messageId,
      detail: reason === 'expired' ? 'OUTBOX_EXPIRED' : 'OUTBOX_MAX_ATTEMPTS',
    })
  }

  /** Whether the outbox holds `messageId` for `peerId`. */
  #inOutbox(peerId: string, messageId: string): boolean {
    return this.#outbox?.pending(peerId).some((e) => e.messageId === messageId) === true
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

  /** Stop Noise (timers cleared, keys zeroed) and forget pending state (see also {@link PrivateMessaging.closeOutbox}). */
  stop(): void {
    this.#sessions.stop()
    for (const pending of [...this.#pending.values()]) this.#forget(pending)
    this.#seen.clear()
  }

  /** Forget expired received-message IDs; give up outbox messages past their lifetime. */
  prune(nowMs: number): void {
    this.#seen.prune(nowMs)
    const outbox = this.#outbox
    if (outbox !== null && outbox.size > 0) {
      outbox.expire(nowMs).catch((error: unknown) => {
        if (this.#ctx.running()) this.#ctx.drop('send-failed', { detail: `outbox: ${(error as Error)?.message ?? String(error)}` })
      })
    }
  }

  /** Wrap a Noise frame in a `0x10`/`0x11` packet (unsigned, as iOS) and send it towards `peerId`. */
  #sendFrame(peerId: string, kind: 'handshake' | 'transport', bytes: Uint8Array): void {
    const ctx = this.#ctx
    if (!ctx.running()) return
    const sink = this.frameSink
    if (sink !== null && kind === 'transport') {
      // A file: one v2 packet, fragmented and paced by file-transfer.ts (not the 256-fragment path).
      sink(peerId, encodePacket(ctx.newPacket(MessageType.NOISE_ENCRYPTED, bytes, peerIdFromHex(peerId), C.DEFAULT_TTL), { compression: 'none' }))
      return
    }
    const type = kind === 'handshake' ? MessageType.NOISE_HANDSHAKE : MessageType.NOISE_ENCRYPTED
    // Ciphertext never passes DEFLATE's "strictly smaller" test: skip the attempt (§1.5).
    const frame = encodePacket(ctx.newPacket(type, bytes, peerIdFromHex(peerId), C.DEFAULT_TTL), { compression: 'none' })
    for (const entry of route(ctx.links.values(), peerId)) ctx.sendOn(entry, frame, true)
    ctx.carryOverBridge?.(frame) // Nostr bridge (issue #9): crosses when the peer is behind it
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
          const status = payload.type === NoisePayloadType.READ_RECEIPT ? 'read' : 'delivered'
          if (this.#inOutbox(peerId, messageId)) {
            // Delivered for good: out of the outbox (a durable one may hold it from an earlier run).
            this.#outbox!.delivered(peerId, messageId).catch(() => undefined)
            if (pending === undefined) ctx.emit('delivery', { messageId, peerId, status })
          }
          if (pending === undefined || pending.peerId !== peerId) {
            this.fileHooks?.onReceipt(peerId, messageId, status) // perhaps a file's
            return // only the recipient may acknowledge
          }
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
        case NoisePayloadType.PRIVATE_FILE:
          this.fileHooks?.onFile(peerId, payload.data)
          return
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
      pending.lastSentMs = ctx.clock.now()
      this.#sendPayload(pending.peerId, pending.payload)
      this.#scheduleResend(pending)
    }, delay)
  }

  #fail(pending: PendingPrivate, code: string): void {
    this.#forget(pending)
    if (this.#inOutbox(pending.peerId, pending.messageId)) {
      // Not lost: it waits in the outbox for the next time the peer is reachable.
      this.#queued(pending.peerId, pending.messageId)
      this.#ctx.emit('delivery', { messageId: pending.messageId, peerId: pending.peerId, status: 'queued' })
      return
    }
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
