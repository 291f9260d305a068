/**
 * Public types of the Noise session manager: options, callbacks and outcomes.
 * @module
 */
import type { BitMeshError, Clock, CryptoProvider, Rng } from '@bitmesh/interface'
import type { KeyPair } from '../dh.js'

/** Which kind of mesh packet a frame travels in: `0x10` (`handshake`) or `0x11` (`transport`). */
export type NoiseFrameKind = 'handshake' | 'transport'

/** Our role in a handshake. */
export type NoiseRole = 'initiator' | 'responder'

/** Why a session was destroyed (its keys zeroed). */
export type SessionCloseReason =
  /** A newer session with the same peer completed. */
  | 'replaced'
  /** The session was receive-only behind a new handshake that did not complete in time. */
  | 'retired-timeout'
  /** It passed its maximum age (§5.5). */
  | 'expired'
  /** Consecutive decrypt failures (§5.6). */
  | 'decrypt-failures'
  /** `closeSession()` was called. */
  | 'closed'
  /** The peer table was full and this peer was the least recently used. */
  | 'evicted'
  /** `wipe()` was called. */
  | 'wiped'
  /** `stop()` was called. */
  | 'stopped'

/** What the manager tells the mesh layer about a newly established session. */
export interface EstablishedSessionInfo {
  /** Our role in the handshake that produced it. */
  readonly role: NoiseRole
  /** The peer's authenticated static public key (32 bytes; it hashes to the peer ID). */
  readonly remoteStaticPublicKey: Uint8Array
  /** Final handshake hash (32 bytes; channel binding). */
  readonly handshakeHash: Uint8Array
  /** Whether it replaces an earlier session with the same peer (rekey or peer restart). */
  readonly replacedSession: boolean
}

/** What {@link NoiseSessionManager.receiveHandshake} did with a frame. */
export type HandshakeOutcome =
  /** Message 1 accepted; message 2 sent. */
  | 'responded'
  /** Message 2 or 3 accepted; a session now exists. */
  | 'established'
  /** A crossed message 1 ignored (our ID is smaller, §5.3) or a duplicate message 1. */
  | 'ignored'
  /** Dropped by the handshake rate limit. */
  | 'rate-limited'
  /** The frame was rejected and the handshake state dropped. */
  | 'failed'
  /** No handshake expected a frame of this size from this peer; dropped. */
  | 'unexpected'
  /** The manager is stopped; dropped. */
  | 'closed'

/** What {@link NoiseSessionManager.receiveTransport} did with a frame. */
export type TransportOutcome =
  /** Authenticated and handed to `onMessage`. */
  | 'delivered'
  /** Held until message 3 completes our responder handshake. */
  | 'buffered'
  /** A replayed or too-old nonce; dropped without counting as a failure. */
  | 'replay'
  /** Authentication failed; counted towards the consecutive-failure reset. */
  | 'auth-failed'
  /** Too short, too long, or an oversized plaintext for its type; dropped. */
  | 'malformed'
  /** Dropped by the message rate limit. */
  | 'rate-limited'
  /** No session with this peer; dropped (a handshake may have been started). */
  | 'no-session'
  /** The manager is stopped; dropped. */
  | 'closed'

/** Result of {@link NoiseSessionManager.sendPayload}. */
export type SendOutcome =
  /** Encrypted and handed to `send`. */
  | 'sent'
  /** Queued until the handshake with the peer completes. */
  | 'queued'

/** Snapshot of one peer's state, for diagnostics and tests. */
export interface PeerSessionState {
  /** `established`: a session can send; `handshaking`: a handshake is pending; `none` otherwise. */
  readonly status: 'none' | 'handshaking' | 'established'
  /** Role of the pending handshake, or `null`. */
  readonly handshakeRole: NoiseRole | null
  /** Whether a replaced session is still held receive-only. */
  readonly hasRetiredSession: boolean
  /** `clock.now()` when the current session was established, or `null`. */
  readonly establishedAtMs: number | null
  /** Transport messages sent in the current session. */
  readonly messagesSent: number
  /** Transport messages received in the current session. */
  readonly messagesReceived: number
  /** Payloads waiting for the handshake. */
  readonly queuedPayloads: number
  /** Consecutive decrypt failures since the last authenticated frame. */
  readonly consecutiveDecryptFailures: number
}

/** Limits of the session manager; every field is optional and defaults to the named constant. */
export interface NoiseSessionLimits {
  /** `INITIATOR_HANDSHAKE_TIMEOUT_MS` (10 s). */
  initiatorTimeoutMs?: number
  /** `RESPONDER_HANDSHAKE_TIMEOUT_MS` (20 s). */
  responderTimeoutMs?: number
  /** `RETIRED_SESSION_TIMEOUT_MS` (20 s). */
  retiredSessionTimeoutMs?: number
  /** `INITIATION_DEDUP_MS` (60 s). */
  initiationDedupMs?: number
  /** `MAX_HANDSHAKES_PER_PEER_PER_WINDOW` (10). */
  maxHandshakesPerPeerPerWindow?: number
  /** `MAX_HANDSHAKES_GLOBAL_PER_WINDOW` (30). */
  maxHandshakesGlobalPerWindow?: number
  /** `HANDSHAKE_RATE_WINDOW_MS` (60 s). */
  handshakeRateWindowMs?: number
  /** `MAX_MESSAGES_PER_PEER_PER_WINDOW` (100). */
  maxMessagesPerPeerPerWindow?: number
  /** `MAX_MESSAGES_GLOBAL_PER_WINDOW` (500). */
  maxMessagesGlobalPerWindow?: number
  /** `MESSAGE_RATE_WINDOW_MS` (1 s). */
  messageRateWindowMs?: number
  /** `SESSION_MAX_AGE_MS` (24 h). */
  sessionMaxAgeMs?: number
  /** `REKEY_AFTER_MS` (24 h). */
  rekeyAfterMs?: number
  /** `REKEY_AFTER_MESSAGES` (9 × 10⁸). */
  rekeyAfterMessages?: number
  /** `MAX_CONSECUTIVE_DECRYPT_FAILURES` (3). */
  maxConsecutiveDecryptFailures?: number
  /** `MAX_QUEUED_PAYLOADS_PER_PEER` (64). */
  maxQueuedPayloadsPerPeer?: number
  /** `MAX_QUEUED_BYTES_PER_PEER` (64 KiB). */
  maxQueuedBytesPerPeer?: number
  /** `MAX_QUEUED_BYTES_TOTAL` (1 MiB). */
  maxQueuedBytesTotal?: number
  /** `MAX_BUFFERED_INBOUND_FRAMES_PER_PEER` (16). */
  maxBufferedInboundFramesPerPeer?: number
  /** `MAX_BUFFERED_INBOUND_BYTES_PER_PEER` (64 KiB). */
  maxBufferedInboundBytesPerPeer?: number
  /** `MAX_PEERS` (1 024). */
  maxPeers?: number
  /** `MAX_RATE_TRACKED_PEERS` (1 024). */
  maxRateTrackedPeers?: number
  /** `MAX_PAYLOAD_BYTES` (65 535). */
  maxPayloadBytes?: number
  /** `MAX_FILE_PAYLOAD_BYTES` (1 MiB + 64 KiB). */
  maxFilePayloadBytes?: number
}

/** Options of {@link NoiseSessionManager}. */
export interface NoiseSessionManagerOptions {
  /** Crypto provider (X25519, SHA-256, ChaCha20-Poly1305). */
  crypto: CryptoProvider
  /** Time and timers; the manager never reads ambient time. */
  clock: Clock
  /** Source of ephemeral keys; default `crypto.randomBytes`. Must be secure outside simulations. */
  rng?: Rng
  /** Our Noise static key pair (kept by reference; never zeroed here: the identity layer owns it). */
  localStaticKeyPair: KeyPair
  /** Our peer ID (8 bytes or 16 hex characters); must equal SHA-256(static public key)[0..8]. */
  localPeerId: Uint8Array | string
  /**
   * Hand a frame to the mesh layer, which wraps it in a `0x10` (`handshake`) or `0x11`
   * (`transport`) packet addressed to `peerId`. Called synchronously, in wire order.
   */
  send(peerId: string, kind: NoiseFrameKind, bytes: Uint8Array): void
  /** An authenticated typed plaintext from `peerId` (including `0x21` peer state). */
  onMessage(peerId: string, plaintext: Uint8Array): void
  /** A session with `peerId` is ready; queued payloads have already been sent. */
  onSessionEstablished?(peerId: string, info: EstablishedSessionInfo): void
  /** A session with `peerId` was destroyed and its keys zeroed. */
  onSessionClosed?(peerId: string, reason: SessionCloseReason): void
  /** A handshake with `peerId` ended without a session (`TIMEOUT`, `HANDSHAKE_ERROR`, `AUTH_FAILED`, …). */
  onHandshakeFailed?(peerId: string, error: BitMeshError): void
  /**
   * Queued payloads that will not be sent (handshake failed or timed out, peer evicted or
   * closed, manager stopped), oldest first. The arrays are the manager's copies; the callee owns them.
   */
  onSendFailed?(peerId: string, payloads: Uint8Array[], error: BitMeshError): void
  /**
   * Our typed `0x21` authenticated-peer-state payload (built by the mesh layer with
   * wire-format), sent once as the first payload of every new session and echoed once on the
   * peer's first (§2.5.6). Return `null` when it is not available yet.
   */
  localPeerState?: () => Uint8Array | null
  /**
   * Start a handshake when a transport frame arrives from a peer we hold no session with, as iOS
   * does (§5.6): the peer thinks a session exists, so ours was lost. Rate limits apply. Default `true`.
   */
  handshakeOnUnknownSession?: boolean
  /** Overrides of the default limits. */
  limits?: NoiseSessionLimits
}
