/**
 * `flood`: the baseline. Every packet with TTL > 1 goes to every link but the ingress, TTL − 1,
 * without delay; REQUEST_SYNC (link-local, wire §2.7), our own packets and packets for us are not
 * relayed. Same rules as `@bitmesh/mesh`'s `floodRelayPolicy`.
 * @module
 */
import { MessageType } from '@bitmesh/wire-format'
import { DEFAULT_TTL } from '../constants.js'
import type { RelayPolicy } from '../types.js'
import { DecisionBuffer, laneOf, NO_RELAY } from './common.js'

/**
 * The flooding baseline.
 * @returns A policy named `flood`.
 */
export function floodPolicy(): RelayPolicy {
  const buf = new DecisionBuffer()
  return {
    name: 'flood',
    decide(packet, context) {
      if (packet.type === MessageType.REQUEST_SYNC || context.fromSelf || context.forSelf || packet.ttl <= 1) return NO_RELAY
      if (buf.collect(context).length === 0) return NO_RELAY
      return buf.allCandidates(Math.min(packet.ttl, DEFAULT_TTL) - 1, 0, false, laneOf(packet))
    },
  }
}
