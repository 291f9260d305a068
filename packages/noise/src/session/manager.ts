/**
 * bitchat's Noise session manager (`bitchat-wire.md` §5.2–§5.6, §2.5.6): lazy XX handshakes,
 * crossed-initiation tie-break, timeouts, rate limits, replacement handshakes, decrypt-failure
 * reset, rekey, and the authenticated-peer-state exchange. I/O-agnostic: frames go out through
 * the `send` callback and come in through {@link NoiseSessionManager.receiveHandshake} /
 * {@link NoiseSessionManager.receiveTransport}; the mesh layer wraps them in `0x10`/`0x11` packets.
 * @module
 */
import {
  BitMeshError,
  CapacityError,
  CryptoError,
  ErrorCode,
  isBitMeshError,
  TimeoutError,
  type Clock,
  type CryptoProvider,
  type Rng,
} from '@bitmesh/interface'
import { assertBytes } from '../bytes.js'
import { BITCHAT_XX_MESSAGE_BYTES, DH_LEN_BYTES, TRANSPORT_OVERHEAD_BYTES } from '../constants.js'
import type { KeyPair } from '../dh.js'
import { HandshakeState, type TransportCiphers } from '../handshake-state.js'
import { TransportRejection } from '../transport.js'
import type { ByteBudget } from './byte-queue.js'
import {
  PEER_STATE_PAYLOAD_TYPE,
  PRIVATE_FILE_ALIAS_PAYLOAD_TYPE,
  PRIVATE_FILE_PAYLOAD_TYPE,
} from './constants.js'
import { resolveLimits, type ResolvedLimits } from './limits.js'
import { PeerEntry, type PendingHandshake } from './peer-entry.js'
import { normalizePeerId, peerIdFromStaticKey, peerIdToHex, staticKeyMatchesPeerId } from './peer-id.js'
import { PeerRateLimiter } from './rate-limiter.js'
import { EstablishedSession } from './session.js'
import { createStats, type NoiseSessionStats } from './stats.js'
import type {
  HandshakeOutcome,
  NoiseSessionManagerOptions,
  PeerSessionState,
  SendOutcome,
  SessionCloseReason,
  TransportOutcome,
} from './types.js'

const INITIATION_BYTES = BITCHAT_XX_MESSAGE_BYTES[0]

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function asBitMeshError(error: unknown): BitMeshError {
  if (isBitMeshError(error)) return error
  return new CryptoError('HANDSHAKE_ERROR', 'handshake failed', { cause: error })
}

function rateLimited(what: string): BitMeshError {
  return new BitMeshError(ErrorCode.RATE_LIMITED, `${what} rate limit reached`)
}

function requireFunction(value: unknown, name: string): void {
  if (typeof value !== 'function') throw new TypeError(`${name} must be a function`)
}

/**
 * Manages one Noise session per peer for a local identity.
 *
 * - **Lazy handshakes** (§5.3): {@link NoiseSessionManager.sendPayload} to a peer without a
 *   session starts an XX handshake as initiator and queues the payload (bounded per peer and in
 *   total; `CapacityError` when full). Queued payloads are flushed in order once the session
 *   exists, right after our `0x21` peer state. A handshake that fails or times out (initiator
 *   10 s, responder 20 s) releases its state and reports its queued payloads to `onSendFailed`;
 *   retrying is the caller's business.
 * - **Roles** come from state and size (§5.2): a 32-byte message is always a fresh initiation;
 *   96 and 64 bytes are accepted only by a handshake waiting for message 2 or 3.
 * - **Crossed initiations** (§5.3): the peer whose hex ID is smaller keeps the initiator role and
 *   ignores the other's message 1; the larger abandons its initiation and answers as responder,
 *   keeping its queue.
 * - **Replacement** (§5.2): a message 1 from a peer we hold a session with starts a responder
 *   handshake; the old session turns receive-only until the new one completes (then it is
 *   destroyed) or 20 s pass. A rekey we start does the same on our side.
 * - **Binding** (§4): the static key learned in the handshake must hash to the peer ID the
 *   frames came from, else the handshake fails with `CryptoError('HANDSHAKE_ERROR')`.
 * - **Rate limits** (§5.3, iOS): per peer 10 handshakes/min and 100 messages/s, globally 30/min
 *   and 500/s (message limits counted per direction). Inbound excess is dropped and counted;
 *   app calls over the limit throw `BitMeshError` code `RATE_LIMITED`.
 * - **Decrypt failures** (§5.6): replays are dropped without counting; after 3 consecutive
 *   authentication failures from a peer the session is destroyed (Android's rule), and the next
 *   send starts a new handshake. Malformed frames (too short or too long) are dropped without
 *   counting, as iOS does.
 * - **Rekey** (§5.5): checked on each send: a session is rekeyed (fresh XX handshake) once its
 *   sent + received count reaches 9 × 10⁸ or its age 24 h, and can neither send nor receive
 *   after 24 h. No interval timer.
 * - **Peer state** (§2.5.6): `localPeerState()` goes out once as the first payload of every new
 *   session; the peer's first `0x21` in a session is answered with ours once if we have not
 *   sent it yet in that session. Every `0x21` is also delivered to `onMessage`.
 *
 * Timers: at most two per peer (handshake timeout, retired-session timeout), all through the
 * injected `Clock`; {@link NoiseSessionManager.stop} clears them. Callbacks run synchronously
 * after the manager's state is consistent; an exception from one propagates to the caller.
 *
 * @example
 * ```ts
 * const manager = new NoiseSessionManager({
 *   crypto, clock, localStaticKeyPair, localPeerId,
 *   send: (peerId, kind, bytes) => mesh.sendNoisePacket(peerId, kind === 'handshake' ? 0x10 : 0x11, bytes),
 *   onMessage: (peerId, plaintext) => app.handleTypedPayload(peerId, plaintext),
 *   localPeerState: () => encodeAuthenticatedPeerState(myState),
 * })
 * manager.sendPayload(peerId, typedPrivateMessage) // 'queued': handshake started
 * // mesh: on 0x10 → manager.receiveHandshake(sender, payload); on 0x11 → manager.receiveTransport(sender, payload)
 * ```
 */
export class NoiseSessionManager {
  /** Our peer ID, 16 lowercase hex characters. */
  readonly localPeerId: string

  readonly #crypto: CryptoProvider
  readonly #clock: Clock
  readonly #rng: Rng | undefined
  readonly #staticKeyPair: KeyPair
  readonly #limits: ResolvedLimits
  readonly #options: NoiseSessionManagerOptions
  readonly #handshakeOnUnknownSession: boolean
  readonly #peers = new Map<string, PeerEntry>()
  readonly #budget: ByteBudget
  readonly #handshakeLimiter: PeerRateLimiter
  readonly #inboundLimiter: PeerRateLimiter
  readonly #outboundLimiter: PeerRateLimiter
  readonly #stats: NoiseSessionStats = createStats()
  #stopped = false

  /**
   * @param options - see {@link NoiseSessionManagerOptions}.
   * @throws TypeError for a missing crypto provider, clock or callback, a malformed key pair, a
   *   `localPeerId` that is not the hash of the static public key, or an unknown limit.
   * @throws RangeError for a limit out of range.
   */
  constructor(options: NoiseSessionManagerOptions) {
    if (typeof options !== 'object' || options === null) throw new TypeError('options required')
    const { crypto, clock, localStaticKeyPair } = options
    if (typeof crypto !== 'object' || crypto === null) throw new TypeError('crypto provider required')
    if (typeof clock !== 'object' || clock === null) throw new TypeError('clock required')
    requireFunction(clock.now, 'clock.now')
    requireFunction(clock.setTimeout, 'clock.setTimeout')
    requireFunction(clock.clearTimeout, 'clock.clearTimeout')
    requireFunction(options.send, 'send')
    requireFunction(options.onMessage, 'onMessage')
    for (const name of ['onSessionEstablished', 'onSessionClosed', 'onHandshakeFailed', 'onSendFailed', 'localPeerState'] as const) {
      if (options[name] !== undefined) requireFunction(options[name], name)
    }
    if (typeof localStaticKeyPair !== 'object' || localStaticKeyPair === null) throw new TypeError('localStaticKeyPair required')
    assertBytes(localStaticKeyPair.publicKey, DH_LEN_BYTES, 'localStaticKeyPair.publicKey')
    assertBytes(localStaticKeyPair.privateKey, DH_LEN_BYTES, 'localStaticKeyPair.privateKey')
    const localPeerId = normalizePeerId(options.localPeerId)
    if (peerIdToHex(peerIdFromStaticKey(crypto, localStaticKeyPair.publicKey)) !== localPeerId) {
      throw new TypeError('localPeerId must be SHA-256(localStaticKeyPair.publicKey)[0..8]')
    }
    this.#limits = resolveLimits(options.limits)
    const l = this.#limits
    this.localPeerId = localPeerId
    this.#crypto = crypto
    this.#clock = clock
    this.#rng = options.rng
    this.#staticKeyPair = localStaticKeyPair
    this.#options = options
    this.#handshakeOnUnknownSession = options.handshakeOnUnknownSession !== false
    this.#budget = { used: 0, max: l.maxQueuedBytesTotal }
    this.#handshakeLimiter = new PeerRateLimiter(
      { perPeer: l.maxHandshakesPerPeerPerWindow, global: l.maxHandshakesGlobalPerWindow, windowMs: l.handshakeRateWindowMs },
      l.maxRateTrackedPeers,
    )
    const messages = { perPeer: l.maxMessagesPerPeerPerWindow, global: l.maxMessagesGlobalPerWindow, windowMs: l.messageRateWindowMs }
    this.#inboundLimiter = new PeerRateLimiter(messages, l.maxRateTrackedPeers)
    this.#outboundLimiter = new PeerRateLimiter(messages, l.maxRateTrackedPeers)
  }

  /**
   * A snapshot of the counters.
   * @returns a copy; later activity does not change it.
   */
  get stats(): NoiseSessionStats {
    return { ...this.#stats }
  }

  /** Peers with live state (session, handshake, queue or buffered frames). */
  get peerCount(): number {
    return this.#peers.size
  }

  /** Whether {@link NoiseSessionManager.stop} was called. */
  get stopped(): boolean {
    return this.#stopped
  }

  /**
   * Encrypt and send a typed payload (type byte + data) to `peerId`, or queue it behind a
   * handshake, starting one when none is pending (lazy handshake, rekey when due).
   * @param peerId - the recipient, 8 bytes or 16 hex characters.
   * @param typedPlaintext - typed Noise payload; copied when queued.
   * @returns `'sent'` when it went out now, `'queued'` when it waits for a handshake.
   * @throws BitMeshError `RATE_LIMITED` when the message or handshake rate limit is reached
   *   (nothing queued, nothing sent).
   * @throws CapacityError when the peer's queue (64 payloads / 64 KiB) or the total queue is full.
   * @throws BitMeshError `CLOSED` after {@link NoiseSessionManager.stop}.
   * @throws TypeError for a malformed peer ID or payload; RangeError for our own peer ID, an empty
   *   payload, or one over 65 535 bytes (private files `0x20`: over `maxFilePayloadBytes`).
   */
  sendPayload(peerId: Uint8Array | string, typedPlaintext: Uint8Array): SendOutcome {
    this.#assertOpen()
    const id = this.#remoteId(peerId)
    assertBytes(typedPlaintext, undefined, 'typedPlaintext')
    if (typedPlaintext.length === 0) throw new RangeError('a typed payload needs at least its type byte')
    const max = this.#maxPlaintext(typedPlaintext[0]!, false)
    if (typedPlaintext.length > max) throw new RangeError(`payload of ${typedPlaintext.length} bytes exceeds ${max}`)

    const now = this.#clock.now()
    if (!this.#outboundLimiter.check(id, now)) {
      this.#stats.rateLimitedSends++
      throw rateLimited('message')
    }
    const entry = this.#peers.get(id)
    const hadSession = entry?.session != null
    let session = entry === undefined ? null : this.#liveSession(entry, now)
    const pending = entry?.handshake ?? null
    let rekey = false
    if (session !== null && pending === null && this.#rekeyDue(session, now) && this.#handshakeLimiter.check(id, now)) {
      // Rekey now; when the handshake limit is reached the still-usable session keeps sending.
      rekey = true
      session = null
    }
    const startHandshake = session === null && pending === null
    if (session !== null && entry!.queue.length === 0) {
      this.#outboundLimiter.tryAcquire(id, now)
      this.#touch(entry!)
      this.#sealAndSend(entry!, session, typedPlaintext)
      return 'sent'
    }
    if (!this.#queueFits(entry, typedPlaintext.length)) {
      throw new CapacityError(`send queue for ${id} is full (${this.#limits.maxQueuedPayloadsPerPeer} payloads / ${this.#limits.maxQueuedBytesPerPeer} bytes per peer, ${this.#limits.maxQueuedBytesTotal} bytes in total)`)
    }
    if (startHandshake && !rekey && !this.#handshakeLimiter.check(id, now)) {
      this.#stats.rateLimitedSends++
      throw rateLimited('handshake')
    }
    this.#outboundLimiter.tryAcquire(id, now)
    const target = entry ?? this.#createEntry(id)
    this.#touch(target)
    target.queue.push(typedPlaintext.slice())
    this.#stats.payloadsQueued++
    if (startHandshake) {
      this.#startInitiator(target, now, rekey || hadSession)
      return 'queued'
    }
    if (session !== null) {
      this.#flush(target)
      return target.queue.length === 0 ? 'sent' : 'queued'
    }
    return 'queued'
  }

  /**
   * Make sure a session with `peerId` exists or is being negotiated, without sending anything
   * (for example before a private file larger than the queue cap). Rekeys a session that is due.
   * @param peerId - 8 bytes or 16 hex characters.
   * @returns `'established'` when a session can send now, else `'handshaking'`.
   * @throws BitMeshError `RATE_LIMITED` when a handshake is needed but the limit is reached.
   * @throws BitMeshError `CLOSED` after stop; TypeError/RangeError for a bad or own peer ID.
   */
  ensureSession(peerId: Uint8Array | string): 'established' | 'handshaking' {
    this.#assertOpen()
    const id = this.#remoteId(peerId)
    const now = this.#clock.now()
    const entry = this.#peers.get(id)
    const hadSession = entry?.session != null
    const session = entry === undefined ? null : this.#liveSession(entry, now)
    if (entry?.handshake != null) return 'handshaking'
    if (session !== null) {
      if (!this.#rekeyDue(session, now) || !this.#handshakeLimiter.check(id, now)) return 'established'
      this.#startInitiator(entry!, now, true)
      return 'handshaking'
    }
    if (!this.#handshakeLimiter.check(id, now)) {
      this.#stats.rateLimitedSends++
      throw rateLimited('handshake')
    }
    this.#startInitiator(entry ?? this.#createEntry(id), now, hadSession)
    return 'handshaking'
  }

  /**
   * Feed a received handshake message (the payload of a `0x10` packet from `peerId`).
   * @param peerId - the packet's sender ID, 8 bytes or 16 hex characters.
   * @param message - the handshake bytes (32, 96 or 64 for bitchat XX).
   * @returns what was done; see {@link HandshakeOutcome}. Never throws for bad bytes.
   * @throws TypeError when `peerId` or `message` has the wrong type (programmer misuse).
   */
  receiveHandshake(peerId: Uint8Array | string, message: Uint8Array): HandshakeOutcome {
    const id = normalizePeerId(peerId)
    assertBytes(message, undefined, 'message')
    if (this.#stopped) return 'closed'
    if (id === this.localPeerId) {
      this.#stats.unexpectedHandshakeMessages++
      return 'unexpected'
    }
    const now = this.#clock.now()
    const entry = this.#peers.get(id)
    if (message.length === INITIATION_BYTES) return this.#onInitiation(id, entry, message, now)

    const pending = entry?.handshake ?? null
    if (entry === undefined || pending === null || pending.state.status !== 'read' || message.length !== pending.state.nextMessageLength(0)) {
      this.#stats.unexpectedHandshakeMessages++
      return 'unexpected'
    }
    this.#touch(entry)
    const state = pending.state
    try {
      state.readMessage(message)
    } catch (error) {
      this.#failHandshake(entry, asBitMeshError(error))
      return 'failed'
    }
    const remoteStatic = state.remoteStaticPublicKey
    if (remoteStatic === null || !staticKeyMatchesPeerId(this.#crypto, remoteStatic, id)) {
      this.#stats.bindingFailures++
      this.#failHandshake(entry, new CryptoError('HANDSHAKE_ERROR', `static key does not hash to peer ID ${id}`))
      return 'failed'
    }
    let reply: Uint8Array | null = null
    let ciphers: TransportCiphers
    try {
      if (state.status === 'write') reply = state.writeMessage()
      ciphers = state.split()
    } catch (error) {
      this.#failHandshake(entry, asBitMeshError(error))
      return 'failed'
    }
    this.#establish(entry, pending, ciphers, now, reply)
    return 'established'
  }

  /**
   * Feed a received transport message (the payload of a `0x11` packet from `peerId`).
   * @param peerId - the packet's sender ID, 8 bytes or 16 hex characters.
   * @param frame - `nonce(4) ‖ ciphertext ‖ tag(16)`.
   * @returns what was done; see {@link TransportOutcome}. Never throws for bad bytes.
   * @throws TypeError when `peerId` or `frame` has the wrong type (programmer misuse).
   */
  receiveTransport(peerId: Uint8Array | string, frame: Uint8Array): TransportOutcome {
    const id = normalizePeerId(peerId)
    assertBytes(frame, undefined, 'frame')
    if (this.#stopped) return 'closed'
    const now = this.#clock.now()
    if (!this.#inboundLimiter.tryAcquire(id, now)) {
      this.#stats.rateLimitedMessages++
      return 'rate-limited'
    }
    if (frame.length < TRANSPORT_OVERHEAD_BYTES || frame.length - TRANSPORT_OVERHEAD_BYTES > this.#limits.maxFilePayloadBytes) {
      this.#stats.malformedDropped++
      return 'malformed'
    }
    const entry = id === this.localPeerId ? undefined : this.#peers.get(id)
    if (entry === undefined) return this.#noSession(id, undefined, now)
    this.#touch(entry)
    return this.#openFrame(entry, frame, now, true)
  }

  /**
   * Whether a session with `peerId` can send now (no handshake pending, not expired).
   * @param peerId - 8 bytes or 16 hex characters.
   * @returns `true` when established.
   */
  hasSession(peerId: Uint8Array | string): boolean {
    const entry = this.#peers.get(normalizePeerId(peerId))
    return entry?.session != null && entry.session.ageMs(this.#clock.now()) < this.#limits.sessionMaxAgeMs
  }

  /**
   * The authenticated static key of the current (or receive-only) session with `peerId`.
   * @param peerId - 8 bytes or 16 hex characters.
   * @returns a 32-byte copy, or `null` without a session.
   */
  remoteStaticPublicKey(peerId: Uint8Array | string): Uint8Array | null {
    const entry = this.#peers.get(normalizePeerId(peerId))
    const session = entry?.session ?? entry?.retired ?? null
    return session === null ? null : session.remoteStaticPublicKey.slice()
  }

  /**
   * A snapshot of one peer's state (diagnostics, tests).
   * @param peerId - 8 bytes or 16 hex characters.
   * @returns the state; `status: 'none'` for an unknown peer.
   */
  peerState(peerId: Uint8Array | string): PeerSessionState {
    const entry = this.#peers.get(normalizePeerId(peerId))
    const session = entry?.session ?? null
    const handshake = entry?.handshake ?? null
    return {
      status: handshake !== null ? 'handshaking' : session !== null ? 'established' : 'none',
      handshakeRole: handshake === null ? null : handshake.role,
      hasRetiredSession: entry?.retired != null,
      establishedAtMs: session === null ? null : session.establishedAtMs,
      messagesSent: session === null ? 0 : session.transport.nextSendNonce,
      messagesReceived: session === null ? 0 : session.transport.messagesReceived,
      queuedPayloads: entry === undefined ? 0 : entry.queue.length,
      consecutiveDecryptFailures: entry === undefined ? 0 : entry.consecutiveFailures,
    }
  }

  /**
   * Drop everything held for `peerId`: sessions (keys zeroed, `onSessionClosed('closed')`), the
   * pending handshake, and queued payloads (reported to `onSendFailed` with `CLOSED`).
   * @param peerId - 8 bytes or 16 hex characters.
   */
  closeSession(peerId: Uint8Array | string): void {
    const entry = this.#peers.get(normalizePeerId(peerId))
    if (entry !== undefined) this.#teardown(entry, 'closed', new BitMeshError(ErrorCode.CLOSED, 'session closed'))
  }

  /**
   * Panic wipe: drop every session (keys zeroed), handshake, buffered frame and queued payload
   * (the queued plaintext copies are zeroed, not reported). Timers are cleared; the manager stays
   * usable. `onSessionClosed('wiped')` fires for each session. Counters are kept.
   */
  wipe(): void {
    for (const entry of [...this.#peers.values()]) this.#teardown(entry, 'wiped', null)
  }

  /**
   * Shut down: clear every timer, zero every session and handshake, report queued payloads to
   * `onSendFailed` with `CLOSED`. Afterwards sends throw `CLOSED` and received frames are
   * dropped (`'closed'`). Idempotent.
   */
  stop(): void {
    if (this.#stopped) return
    this.#stopped = true
    const error = new BitMeshError(ErrorCode.CLOSED, 'session manager stopped')
    for (const entry of [...this.#peers.values()]) this.#teardown(entry, 'stopped', error)
  }

  // ---- handshakes --------------------------------------------------------------------------

  #onInitiation(id: string, entry: PeerEntry | undefined, message: Uint8Array, now: number): HandshakeOutcome {
    if (
      entry?.lastInitiation != null &&
      now - entry.lastInitiationAtMs < this.#limits.initiationDedupMs &&
      bytesEqual(entry.lastInitiation, message)
    ) {
      this.#stats.duplicateInitiationsIgnored++
      return 'ignored'
    }
    const pending = entry?.handshake ?? null
    if (pending?.role === 'initiator' && this.localPeerId < id) {
      // Crossed initiation, and our ID is the smaller: we stay initiator (§5.3).
      this.#stats.crossedInitiationsIgnored++
      return 'ignored'
    }
    if (!this.#handshakeLimiter.tryAcquire(id, now)) {
      this.#stats.rateLimitedHandshakes++
      return 'rate-limited'
    }
    // Validate the new message 1 before touching what we hold: a bad one must not cost a session.
    const state = new HandshakeState({ crypto: this.#crypto, pattern: 'XX', initiator: false, staticKeyPair: this.#staticKeyPair, rng: this.#rng })
    let reply: Uint8Array
    try {
      state.readMessage(message)
      reply = state.writeMessage()
    } catch (error) {
      state.destroy()
      this.#stats.handshakesStarted++
      this.#stats.handshakesFailed++
      this.#options.onHandshakeFailed?.(id, asBitMeshError(error))
      return 'failed'
    }
    const target = entry ?? this.#createEntry(id)
    this.#touch(target)
    if (pending !== null) {
      if (pending.role === 'initiator') this.#stats.crossedInitiationsYielded++
      this.#abandonHandshake(target)
    }
    this.#retireSession(target)
    this.#dropBufferedInbound(target)
    this.#installHandshake(target, state, 'responder')
    target.lastInitiation = message.slice()
    target.lastInitiationAtMs = now
    this.#stats.handshakesStarted++
    this.#options.send(id, 'handshake', reply)
    return 'responded'
  }

  #startInitiator(entry: PeerEntry, now: number, rekey: boolean): void {
    this.#handshakeLimiter.tryAcquire(entry.id, now)
    const state = new HandshakeState({ crypto: this.#crypto, pattern: 'XX', initiator: true, staticKeyPair: this.#staticKeyPair, rng: this.#rng })
    const first = state.writeMessage()
    this.#retireSession(entry)
    this.#installHandshake(entry, state, 'initiator')
    this.#stats.handshakesStarted++
    if (rekey) this.#stats.rekeysStarted++
    this.#options.send(entry.id, 'handshake', first)
  }

  #installHandshake(entry: PeerEntry, state: HandshakeState, role: 'initiator' | 'responder'): void {
    const timeoutMs = role === 'initiator' ? this.#limits.initiatorTimeoutMs : this.#limits.responderTimeoutMs
    // The timer needs the record it guards; the record needs the timer handle.
    const holder: { pending: PendingHandshake | null } = { pending: null }
    const timer = this.#clock.setTimeout(() => this.#onHandshakeTimeout(entry, holder.pending), timeoutMs)
    holder.pending = { state, role, timer }
    entry.handshake = holder.pending
  }

  #onHandshakeTimeout(entry: PeerEntry, pending: PendingHandshake | null): void {
    if (pending === null || entry.handshake !== pending || this.#peers.get(entry.id) !== entry) return
    this.#stats.handshakesTimedOut++
    this.#failHandshake(entry, new TimeoutError(`Noise ${pending.role} handshake with ${entry.id} timed out`))
  }

  /** Drop a pending handshake without failure (crossed initiation, peer restart); the queue stays. */
  #abandonHandshake(entry: PeerEntry): void {
    const pending = entry.handshake
    if (pending === null) return
    entry.handshake = null
    this.#clock.clearTimeout(pending.timer)
    pending.state.destroy()
  }

  #failHandshake(entry: PeerEntry, error: BitMeshError): void {
    if (entry.handshake === null) return
    this.#abandonHandshake(entry)
    this.#stats.handshakesFailed++
    this.#dropBufferedInbound(entry)
    const payloads = entry.queue.drain()
    this.#removeIfIdle(entry)
    this.#options.onHandshakeFailed?.(entry.id, error)
    this.#reportFailed(entry.id, payloads, error)
  }

  #establish(entry: PeerEntry, pending: PendingHandshake, ciphers: TransportCiphers, now: number, reply: Uint8Array | null): void {
    this.#clock.clearTimeout(pending.timer)
    entry.handshake = null
    const session = new EstablishedSession(ciphers, pending.role, now)
    const replaced = entry.retired
    if (replaced !== null) this.#destroyRetired(entry)
    entry.session = session
    entry.consecutiveFailures = 0
    this.#stats.handshakesCompleted++
    const id = entry.id
    if (reply !== null) this.#options.send(id, 'handshake', reply)
    if (replaced !== null) this.#options.onSessionClosed?.(id, 'replaced')
    // Peer state first (§2.5.6), then the queue in order, then tell the app: anything the app
    // sends from its callback then goes after the queued payloads.
    if (entry.session === session) this.#sendPeerState(entry, session)
    this.#flush(entry)
    if (entry.session === session) {
      this.#options.onSessionEstablished?.(id, {
        role: session.role,
        remoteStaticPublicKey: session.remoteStaticPublicKey.slice(),
        handshakeHash: session.handshakeHash.slice(),
        replacedSession: replaced !== null,
      })
    }
    // Frames the initiator sent before its message 3 reached us.
    const buffered = entry.inbound.drain()
    for (let i = 0; i < buffered.length; i++) {
      if (entry.session !== session || this.#stopped) {
        this.#stats.bufferedFramesDropped += buffered.length - i
        break
      }
      this.#openFrame(entry, buffered[i]!, this.#clock.now(), false)
    }
  }

  // ---- sessions ----------------------------------------------------------------------------

  /** The sending session, after closing it if it passed its maximum age. */
  #liveSession(entry: PeerEntry, now: number): EstablishedSession | null {
    const session = entry.session
    if (session === null || session.ageMs(now) < this.#limits.sessionMaxAgeMs) return session
    entry.session = null
    session.destroy()
    this.#stats.sessionsExpired++
    this.#options.onSessionClosed?.(entry.id, 'expired')
    return entry.session
  }

  #rekeyDue(session: EstablishedSession, now: number): boolean {
    return (
      session.ageMs(now) >= this.#limits.rekeyAfterMs ||
      session.messageCount >= this.#limits.rekeyAfterMessages ||
      session.transport.sendNoncesRemaining === 0
    )
  }

  /** Move the sending session to receive-only, replacing (destroying) an older retired one. */
  #retireSession(entry: PeerEntry): void {
    const session = entry.session
    if (session === null) return
    if (entry.retired !== null) {
      this.#destroyRetired(entry)
      this.#options.onSessionClosed?.(entry.id, 'replaced')
    }
    entry.session = null
    entry.retired = session
    entry.retiredTimer = this.#clock.setTimeout(() => this.#onRetiredTimeout(entry, session), this.#limits.retiredSessionTimeoutMs)
  }

  #onRetiredTimeout(entry: PeerEntry, retired: EstablishedSession): void {
    if (entry.retired !== retired) return
    this.#destroyRetired(entry)
    this.#removeIfIdle(entry)
    this.#options.onSessionClosed?.(entry.id, 'retired-timeout')
  }

  #destroyRetired(entry: PeerEntry): void {
    if (entry.retiredTimer !== null) this.#clock.clearTimeout(entry.retiredTimer)
    entry.retiredTimer = null
    entry.retired?.destroy()
    entry.retired = null
  }

  #sealAndSend(entry: PeerEntry, session: EstablishedSession, plaintext: Uint8Array): void {
    const frame = session.transport.encrypt(plaintext, this.#maxPlaintext(plaintext[0]!, false))
    if (plaintext[0] === PEER_STATE_PAYLOAD_TYPE) session.peerStateSent = true
    this.#stats.messagesSent++
    this.#options.send(entry.id, 'transport', frame)
  }

  #sendPeerState(entry: PeerEntry, session: EstablishedSession): void {
    const build = this.#options.localPeerState
    if (build === undefined || session.peerStateSent) return
    const state = build()
    if (state === null || state === undefined) return
    assertBytes(state, undefined, 'localPeerState()')
    if (state[0] !== PEER_STATE_PAYLOAD_TYPE) throw new TypeError('localPeerState() must return a typed 0x21 payload')
    if (entry.session !== session) return
    this.#sealAndSend(entry, session, state)
  }

  /** Send queued payloads in order while the session lasts (a callback may end it). */
  #flush(entry: PeerEntry): void {
    for (;;) {
      const session = entry.session
      if (session === null || this.#stopped || this.#peers.get(entry.id) !== entry) return
      const item = entry.queue.shift()
      if (item === undefined) return
      try {
        this.#sealAndSend(entry, session, item)
      } finally {
        item.fill(0)
      }
    }
  }

  #openFrame(entry: PeerEntry, frame: Uint8Array, now: number, mayBuffer: boolean): TransportOutcome {
    const session = this.#liveSession(entry, now)
    const retired = entry.retired
    if (session === null && retired === null) {
      if (mayBuffer && entry.awaitingFinalMessage) return this.#buffer(entry, frame)
      return this.#noSession(entry.id, entry, now)
    }
    const max = this.#limits.maxFilePayloadBytes
    let replay = false
    if (session !== null) {
      const result = session.transport.tryDecrypt(frame, max)
      if (typeof result !== 'string') return this.#deliver(entry, session, result)
      replay = result === TransportRejection.REPLAY
    }
    if (retired !== null) {
      const result = retired.transport.tryDecrypt(frame, max)
      if (typeof result !== 'string') return this.#deliver(entry, retired, result)
      replay ||= result === TransportRejection.REPLAY
    }
    // Sealed under the keys our pending responder handshake is about to produce?
    if (mayBuffer && entry.awaitingFinalMessage) return this.#buffer(entry, frame)
    if (replay) {
      this.#stats.replaysDropped++
      return 'replay'
    }
    this.#stats.decryptFailures++
    entry.consecutiveFailures++
    if (entry.consecutiveFailures >= this.#limits.maxConsecutiveDecryptFailures) this.#resetAfterFailures(entry)
    return 'auth-failed'
  }

  #deliver(entry: PeerEntry, session: EstablishedSession, plaintext: Uint8Array): TransportOutcome {
    entry.consecutiveFailures = 0
    if (plaintext.length === 0 || plaintext.length > this.#maxPlaintext(plaintext[0]!, true)) {
      this.#stats.malformedDropped++
      return 'malformed'
    }
    this.#stats.messagesReceived++
    if (plaintext[0] === PEER_STATE_PAYLOAD_TYPE && !session.peerStateReceived) {
      session.peerStateReceived = true
      // Echo ours once if this session has not carried it yet (§2.5.6).
      if (entry.session === session) this.#sendPeerState(entry, session)
    }
    this.#options.onMessage(entry.id, plaintext)
    return 'delivered'
  }

  #buffer(entry: PeerEntry, frame: Uint8Array): TransportOutcome {
    if (entry.inbound.push(frame.slice())) return 'buffered'
    this.#stats.bufferedFramesDropped++
    return 'no-session'
  }

  #dropBufferedInbound(entry: PeerEntry): void {
    this.#stats.bufferedFramesDropped += entry.inbound.drain().length
  }

  #noSession(id: string, entry: PeerEntry | undefined, now: number): TransportOutcome {
    this.#stats.noSessionDrops++
    if (
      this.#handshakeOnUnknownSession &&
      id !== this.localPeerId &&
      (entry?.handshake ?? null) === null &&
      this.#handshakeLimiter.check(id, now)
    ) {
      this.#startInitiator(entry ?? this.#createEntry(id), now, false)
    }
    return 'no-session'
  }

  #resetAfterFailures(entry: PeerEntry): void {
    this.#stats.sessionResets++
    entry.consecutiveFailures = 0
    const hadSession = entry.session !== null || entry.retired !== null
    entry.session?.destroy()
    entry.session = null
    this.#destroyRetired(entry)
    this.#removeIfIdle(entry)
    if (hadSession) this.#options.onSessionClosed?.(entry.id, 'decrypt-failures')
  }

  // ---- peer table --------------------------------------------------------------------------

  #createEntry(id: string): PeerEntry {
    if (this.#peers.size >= this.#limits.maxPeers) {
      const oldest = this.#peers.values().next()
      if (oldest.done !== true) {
        this.#stats.peersEvicted++
        this.#teardown(oldest.value, 'evicted', new CapacityError('peer table full; least recently used peer evicted'))
      }
    }
    const entry = new PeerEntry(id, this.#limits, this.#budget)
    this.#peers.set(id, entry)
    return entry
  }

  /** Mark `entry` most recently used (the map's insertion order is the eviction order). */
  #touch(entry: PeerEntry): void {
    this.#peers.delete(entry.id)
    this.#peers.set(entry.id, entry)
  }

  #removeIfIdle(entry: PeerEntry): void {
    if (entry.idle && this.#peers.get(entry.id) === entry) this.#peers.delete(entry.id)
  }

  /**
   * Remove `entry` and everything it holds. With `error`, queued payloads are reported to
   * `onSendFailed`; without (panic wipe) they are zeroed.
   */
  #teardown(entry: PeerEntry, reason: SessionCloseReason, error: BitMeshError | null): void {
    if (this.#peers.get(entry.id) === entry) this.#peers.delete(entry.id)
    this.#abandonHandshake(entry)
    const hadSession = entry.session !== null || entry.retired !== null
    entry.session?.destroy()
    entry.session = null
    this.#destroyRetired(entry)
    entry.inbound.drain()
    entry.lastInitiation = null
    let payloads: Uint8Array[] = []
    if (error === null) entry.queue.wipe()
    else payloads = entry.queue.drain()
    if (hadSession) this.#options.onSessionClosed?.(entry.id, reason)
    if (error !== null) this.#reportFailed(entry.id, payloads, error)
  }

  #reportFailed(id: string, payloads: Uint8Array[], error: BitMeshError): void {
    if (payloads.length === 0) return
    this.#stats.payloadsFailed += payloads.length
    this.#options.onSendFailed?.(id, payloads, error)
  }

  // ---- helpers -----------------------------------------------------------------------------

  #queueFits(entry: PeerEntry | undefined, size: number): boolean {
    if (entry !== undefined) return entry.queue.fits(size)
    return (
      this.#limits.maxQueuedPayloadsPerPeer >= 1 &&
      size <= this.#limits.maxQueuedBytesPerPeer &&
      this.#budget.used + size <= this.#budget.max
    )
  }

  #maxPlaintext(type: number, inbound: boolean): number {
    const file = type === PRIVATE_FILE_PAYLOAD_TYPE || (inbound && type === PRIVATE_FILE_ALIAS_PAYLOAD_TYPE)
    return file ? this.#limits.maxFilePayloadBytes : this.#limits.maxPayloadBytes
  }

  #remoteId(peerId: Uint8Array | string): string {
    const id = normalizePeerId(peerId)
    if (id === this.localPeerId) throw new RangeError('cannot open a Noise session with our own peer ID')
    return id
  }

  #assertOpen(): void {
    if (this.#stopped) throw new BitMeshError(ErrorCode.CLOSED, 'session manager stopped')
  }
}
