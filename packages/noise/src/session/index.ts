/**
 * The bitchat Noise session manager and its helpers (`bitchat-wire.md` §5, §2.5.6, §4).
 * @module
 */
export * from './constants.js'
export { NoiseSessionManager } from './manager.js'
export { normalizePeerId, peerIdFromHex, peerIdFromStaticKey, peerIdToHex, staticKeyMatchesPeerId } from './peer-id.js'
export { PeerRateLimiter, SlidingWindowLimit, type RateLimitSpec } from './rate-limiter.js'
export type { NoiseSessionStats } from './stats.js'
export type {
  EstablishedSessionInfo,
  HandshakeOutcome,
  NoiseFrameKind,
  NoiseRole,
  NoiseSessionLimits,
  NoiseSessionManagerOptions,
  PeerSessionState,
  SendOutcome,
  SessionCloseReason,
  TransportOutcome,
} from './types.js'
