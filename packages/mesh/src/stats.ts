/**
 * Counters behind `MeshNode.stats`.
 * @module
 */
import type { DropReason, MeshCounters } from './types.js'

/** Every drop reason, in a stable order (the keys of `stats.drops`). */
export const DROP_REASONS: readonly DropReason[] = [
  'decode-error',
  'bad-signature',
  'unknown-sender',
  'duplicate',
  'timestamp-skew',
  'rate-limit',
  'key-mismatch',
  'unsolicited-rsr',
  'fragment',
  'noise',
  'own-packet',
  'protocol',
  'capacity',
  'send-failed',
]

/** The mutable counters of one node (everything in `MeshStats` but `drops`, `timers`, `sizes`). */
export type Counters = MeshCounters

/** @returns Zeroed counters. */
export function newCounters(): Counters {
  return {
    framesReceived: 0,
    bytesReceived: 0,
    framesSent: 0,
    bytesSent: 0,
    relayed: 0,
    relaysCancelled: 0,
    announcesSent: 0,
    publicSent: 0,
    publicReceived: 0,
    privateSent: 0,
    privateReceived: 0,
    fragmentsSent: 0,
    packetsReassembled: 0,
    syncRequestsSent: 0,
    syncPacketsSent: 0,
    privateQueued: 0,
    outboxResent: 0,
    spooled: 0,
    spoolForwarded: 0,
    relayCached: 0,
    relayReplayed: 0,
    relayReplayStale: 0,
    // Nostr bridge (issue #9)
    bridgePublished: 0,
    bridgeInjected: 0,
    bridgeEchoes: 0,
    bridgeCarrierPublished: 0,
    bridgeCarrierBroadcast: 0,
    // Frames by class (issue #5)
    publicFramesSent: 0,
    privateFramesSent: 0,
    handshakeFramesSent: 0,
    announceFramesSent: 0,
    syncFramesSent: 0,
    otherFramesSent: 0,
  }
}

/** @returns A zero count for every drop reason. */
export function newDropCounts(): Record<DropReason, number> {
  return Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number>
}
