/**
 * Resolve and validate `NoiseSessionLimits` overrides against the defaults.
 * @module
 */
import {
  HANDSHAKE_RATE_WINDOW_MS,
  INITIATION_DEDUP_MS,
  INITIATOR_HANDSHAKE_TIMEOUT_MS,
  MAX_BUFFERED_INBOUND_BYTES_PER_PEER,
  MAX_BUFFERED_INBOUND_FRAMES_PER_PEER,
  MAX_CONSECUTIVE_DECRYPT_FAILURES,
  MAX_FILE_PAYLOAD_BYTES,
  MAX_HANDSHAKES_GLOBAL_PER_WINDOW,
  MAX_HANDSHAKES_PER_PEER_PER_WINDOW,
  MAX_MESSAGES_GLOBAL_PER_WINDOW,
  MAX_MESSAGES_PER_PEER_PER_WINDOW,
  MAX_PAYLOAD_BYTES,
  MAX_PEERS,
  MAX_QUEUED_BYTES_PER_PEER,
  MAX_QUEUED_BYTES_TOTAL,
  MAX_QUEUED_PAYLOADS_PER_PEER,
  MAX_RATE_TRACKED_PEERS,
  MESSAGE_RATE_WINDOW_MS,
  REKEY_AFTER_MESSAGES,
  REKEY_AFTER_MS,
  RESPONDER_HANDSHAKE_TIMEOUT_MS,
  RETIRED_SESSION_TIMEOUT_MS,
  SESSION_MAX_AGE_MS,
} from './constants.js'
import type { NoiseSessionLimits } from './types.js'

/** Every limit, resolved. */
export type ResolvedLimits = Readonly<Required<NoiseSessionLimits>>

const DEFAULTS: ResolvedLimits = {
  initiatorTimeoutMs: INITIATOR_HANDSHAKE_TIMEOUT_MS,
  responderTimeoutMs: RESPONDER_HANDSHAKE_TIMEOUT_MS,
  retiredSessionTimeoutMs: RETIRED_SESSION_TIMEOUT_MS,
  initiationDedupMs: INITIATION_DEDUP_MS,
  maxHandshakesPerPeerPerWindow: MAX_HANDSHAKES_PER_PEER_PER_WINDOW,
  maxHandshakesGlobalPerWindow: MAX_HANDSHAKES_GLOBAL_PER_WINDOW,
  handshakeRateWindowMs: HANDSHAKE_RATE_WINDOW_MS,
  maxMessagesPerPeerPerWindow: MAX_MESSAGES_PER_PEER_PER_WINDOW,
  maxMessagesGlobalPerWindow: MAX_MESSAGES_GLOBAL_PER_WINDOW,
  messageRateWindowMs: MESSAGE_RATE_WINDOW_MS,
  sessionMaxAgeMs: SESSION_MAX_AGE_MS,
  rekeyAfterMs: REKEY_AFTER_MS,
  rekeyAfterMessages: REKEY_AFTER_MESSAGES,
  maxConsecutiveDecryptFailures: MAX_CONSECUTIVE_DECRYPT_FAILURES,
  maxQueuedPayloadsPerPeer: MAX_QUEUED_PAYLOADS_PER_PEER,
  maxQueuedBytesPerPeer: MAX_QUEUED_BYTES_PER_PEER,
  maxQueuedBytesTotal: MAX_QUEUED_BYTES_TOTAL,
  maxBufferedInboundFramesPerPeer: MAX_BUFFERED_INBOUND_FRAMES_PER_PEER,
  maxBufferedInboundBytesPerPeer: MAX_BUFFERED_INBOUND_BYTES_PER_PEER,
  maxPeers: MAX_PEERS,
  maxRateTrackedPeers: MAX_RATE_TRACKED_PEERS,
  maxPayloadBytes: MAX_PAYLOAD_BYTES,
  maxFilePayloadBytes: MAX_FILE_PAYLOAD_BYTES,
}

/** Limits that may be 0 (everything else must be ≥ 1). */
const MAY_BE_ZERO: ReadonlySet<string> = new Set(['initiationDedupMs', 'maxBufferedInboundFramesPerPeer', 'maxBufferedInboundBytesPerPeer'])

/**
 * Merge `overrides` over the defaults.
 * @param overrides - caller's limits, possibly partial or absent.
 * @returns every limit.
 * @throws TypeError for an unknown key.
 * @throws RangeError for a value that is not a finite integer in range.
 */
export function resolveLimits(overrides: NoiseSessionLimits | undefined): ResolvedLimits {
  if (overrides === undefined) return DEFAULTS
  if (typeof overrides !== 'object' || overrides === null) throw new TypeError('limits must be an object')
  const out: Record<string, number> = { ...DEFAULTS }
  for (const [key, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(DEFAULTS, key)) throw new TypeError(`unknown session limit ${JSON.stringify(key)}`)
    if (value === undefined) continue
    const min = MAY_BE_ZERO.has(key) ? 0 : 1
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      throw new RangeError(`session limit ${key} must be an integer ≥ ${min}, got ${String(value)}`)
    }
    out[key] = value
  }
  if (out.maxFilePayloadBytes! < out.maxPayloadBytes!) {
    throw new RangeError('maxFilePayloadBytes must be at least maxPayloadBytes')
  }
  return out as unknown as ResolvedLimits
}
