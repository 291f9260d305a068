/**
 * The relay policy slot. Policies live in `@bitmesh/gossip-router`; the mesh re-exports the
 * contract and its two historical names so existing imports keep working.
 * @module
 */
import { bitchatIosPolicy, floodPolicy, iosFanOutSubset, type RelayPolicy } from '@bitmesh/gossip-router'

export type { RelayPolicy, RelayContext, RelayDecision, RelayLinkInfo } from '@bitmesh/gossip-router'

/**
 * bitchat iOS's relay rules (`shared/spec/bitchat-wire.md` §6.3), the node's default policy.
 * Same as `bitchatIosPolicy()` of `@bitmesh/gossip-router`.
 * @returns A new policy instance (one per node: policies may keep per-instance state).
 */
export function iosRelayPolicy(): RelayPolicy {
  return bitchatIosPolicy()
}

/**
 * Flood everything while TTL > 1 (a simulation baseline). Same as `floodPolicy()` of
 * `@bitmesh/gossip-router`.
 * @returns A new policy instance.
 */
export function floodRelayPolicy(): RelayPolicy {
  return floodPolicy()
}

/** iOS's deterministic fan-out subset (§6.3); `iosFanOutSubset` of `@bitmesh/gossip-router`. */
export const fanOutSubset = iosFanOutSubset
