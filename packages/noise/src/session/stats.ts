/**
 * Counters of the Noise session manager. Every drop the manager makes is counted here.
 * @module
 */

/** Snapshot of {@link NoiseSessionManager}'s counters (since construction; `wipe()` keeps them). */
export interface NoiseSessionStats {
  /** Handshakes begun, as initiator (message 1 sent) or responder (message 1 accepted). */
  handshakesStarted: number
  /** Handshakes that produced a session. */
  handshakesCompleted: number
  /**
   * Handshakes that ended without a session: rejected message, binding failure, timeout. A
   * handshake abandoned for a crossed initiation or a peer's restart is not a failure.
   */
  handshakesFailed: number
  /** Of the failures, those caused by the initiator / responder timeout. */
  handshakesTimedOut: number
  /** Of the failures, those whose authenticated static key did not hash to the claimed peer ID (§4). */
  bindingFailures: number
  /** Rekey handshakes started because a session reached its age or message-count threshold. */
  rekeysStarted: number
  /** Crossed message 1s ignored because our peer ID is the smaller (§5.3). */
  crossedInitiationsIgnored: number
  /** Our initiations abandoned because the peer's ID is the smaller and it initiated too (§5.3). */
  crossedInitiationsYielded: number
  /** Identical message 1s re-delivered by the mesh and ignored. */
  duplicateInitiationsIgnored: number
  /** Handshake messages no pending handshake expected (wrong size or no such state). */
  unexpectedHandshakeMessages: number
  /** Inbound message 1s dropped by the handshake rate limits. */
  rateLimitedHandshakes: number
  /** Inbound transport frames dropped by the message rate limits. */
  rateLimitedMessages: number
  /** App calls refused with `RATE_LIMITED` (sends and handshake starts). */
  rateLimitedSends: number
  /** Transport frames no session could authenticate (`AUTH_FAILED`). Replays are not counted here. */
  decryptFailures: number
  /** Sessions destroyed after consecutive decrypt failures (§5.6). */
  sessionResets: number
  /** Transport frames dropped as replays (nonce seen or below the window, §5.4). */
  replaysDropped: number
  /** Transport frames dropped as malformed (too short, too long, oversized plaintext for its type). */
  malformedDropped: number
  /** Transport frames from a peer we hold no session for. */
  noSessionDrops: number
  /** Transport frames buffered while waiting for message 3, then dropped (buffer full, or handshake failed). */
  bufferedFramesDropped: number
  /** Sessions closed because they passed their maximum age (§5.5). */
  sessionsExpired: number
  /** Peers evicted because the peer table was full. */
  peersEvicted: number
  /** Transport messages encrypted and handed to `send`. */
  messagesSent: number
  /** Transport messages authenticated and delivered to `onMessage`. */
  messagesReceived: number
  /** Payloads queued behind a handshake. */
  payloadsQueued: number
  /** Queued payloads reported to `onSendFailed`. */
  payloadsFailed: number
}

/**
 * A fresh set of counters, all zero.
 * @returns a new stats object.
 */
export function createStats(): NoiseSessionStats {
  return {
    handshakesStarted: 0,
    handshakesCompleted: 0,
    handshakesFailed: 0,
    handshakesTimedOut: 0,
    bindingFailures: 0,
    rekeysStarted: 0,
    crossedInitiationsIgnored: 0,
    crossedInitiationsYielded: 0,
    duplicateInitiationsIgnored: 0,
    unexpectedHandshakeMessages: 0,
    rateLimitedHandshakes: 0,
    rateLimitedMessages: 0,
    rateLimitedSends: 0,
    decryptFailures: 0,
    sessionResets: 0,
    replaysDropped: 0,
    malformedDropped: 0,
    noSessionDrops: 0,
    bufferedFramesDropped: 0,
    sessionsExpired: 0,
    peersEvicted: 0,
    messagesSent: 0,
    messagesReceived: 0,
    payloadsQueued: 0,
    payloadsFailed: 0,
  }
}
