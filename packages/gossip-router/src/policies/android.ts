/**
 * `bitchat-android`: `PacketRelayManager` (wire §6.3). Relay anything not addressed to us, not
 * from us, with TTL > 0, as TTL − 1 (so a TTL-1 packet goes out with TTL 0: wire §9 item 11), to
 * every link but the ingress, without jitter — except voice frames, capped at TTL 5 when more than
 * 6 peers are connected and delayed 8–25 ms. Always relay while TTL ≥ 4 or the network has ≤ 10
 * peers; otherwise with probability 0.85 (≤ 30 peers), 0.7 (≤ 50), 0.55 (≤ 100), else 0.4.
 * "Network" is the peer table (`RelayContext.networkSize`), falling back to the degree.
 * @module
 */
import { MessageType } from '@bitmesh/wire-format'
import { ANDROID_ALWAYS_RELAY_TTL, ANDROID_SMALL_NETWORK_PEERS } from '../constants.js'
import type { RelayPolicy } from '../types.js'
import { DecisionBuffer, jitter, laneOf, NO_RELAY } from './common.js'

/**
 * Android's relay probability for a packet that is not always relayed (wire §6.3).
 * @param ttl - Received TTL.
 * @param networkSize - Known peers.
 * @returns Probability in (0, 1].
 */
export function androidRelayProbability(ttl: number, networkSize: number): number {
  if (ttl >= ANDROID_ALWAYS_RELAY_TTL || networkSize <= ANDROID_SMALL_NETWORK_PEERS) return 1
  if (networkSize <= 30) return 0.85
  if (networkSize <= 50) return 0.7
  if (networkSize <= 100) return 0.55
  return 0.4
}

/**
 * bitchat Android's relay rules (wire §6.3).
 * @returns A policy named `bitchat-android`.
 */
export function bitchatAndroidPolicy(): RelayPolicy {
  const buf = new DecisionBuffer()
  return {
    name: 'bitchat-android',
    decide(packet, context) {
      if (context.fromSelf || context.forSelf || packet.ttl <= 0) return NO_RELAY
      if (buf.collect(context).length === 0) return NO_RELAY
      const network = context.networkSize ?? context.degree
      const p = androidRelayProbability(packet.ttl, network)
      if (p < 1 && !(context.rng.next() < p)) return NO_RELAY
      let ttl = packet.ttl - 1
      let delayMs = 0
      if (packet.type === MessageType.VOICE_FRAME && context.degree > 6) {
        ttl = Math.min(ttl, 5)
        delayMs = jitter(context.rng, 8, 25)
      }
      return buf.allCandidates(ttl, delayMs, false, laneOf(packet))
    },
  }
}
