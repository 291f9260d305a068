/**
 * @packageDocumentation
 * `@bitmesh/gossip-router`: how BitMesh moves packets through a crowd.
 *
 * * **Relay policies** behind one {@link RelayPolicy} interface (a superset of `@bitmesh/mesh`'s
 *   slot): `flood`, `bitchat-ios`, `bitchat-android`, `blip`, `meshtastic` and `bitmesh`
 *   (multipoint relays from two-hop knowledge, signal/congestion-aware delays, per-link cancel
 *   on overhear, SOS class, bitchat-iOS fallback toward plain bitchat peers).
 * * **Dedup** on one key end to end (the wire §2.7.1 packet ID): an exact LRU with bitchat's
 *   1 000 / 300 s semantics and a time-windowed multi-generation Bloom filter for large crowds,
 *   both allocation-free on lookups.
 * * **Lane scheduler**: Blip's four lanes with real 60/30/10 weighting, 20 in / 15 out packets/s
 *   per peer, bounded queue with typed drops, SOS never dropped.
 * * **Directed traffic**: a route table learned from announces and neighbour lists, and bitchat
 *   v2 source-route origination and relaying.
 *
 * Nothing here reads ambient time or randomness: pass a `Clock`/`nowMs` and an `Rng`.
 *
 * @example
 * ```ts
 * import { createRelayPolicy, ExactDedup, dedupKeyOf } from '@bitmesh/gossip-router'
 *
 * const policy = createRelayPolicy('bitmesh')
 * const dedup = new ExactDedup() // 1 000 keys, 300 s
 * // on receive: if (dedup.checkAndAdd(dedupKeyOf(packet), clock.now())) return // duplicate
 * // const decision = policy.decide(packet, context)
 * ```
 */
export type { RelayPolicy, RelayContext, RelayDecision, RelayLinkInfo, Lane } from './types.js'
export * from './constants.js'
export { dedupKeyOf, dedupKeyHex } from './dedup/key.js'
export { ExactDedup, type ExactDedupOptions } from './dedup/exact.js'
export { BloomFilter } from './dedup/bloom.js'
export { bloomSize, bloomFalsePositiveRate, type BloomSize } from './dedup/bloom-math.js'
export { WindowedBloomDedup, type WindowedBloomOptions, type WindowedBloomStats, type BloomAlarm } from './dedup/windowed-bloom.js'
export { NeighborTable, selectMultipointRelays, type NeighborhoodView, type NeighborTableOptions, type MprOptions } from './neighborhood.js'
export * from './policies/index.js'
export { TokenBucket, PeerRateLimiter, burstCapacity } from './scheduler/rate-limit.js'
export {
  LaneScheduler,
  type LaneSchedulerOptions,
  type EnqueueResult,
  type Dequeued,
  type DropReason,
  type DropCounts,
} from './scheduler/lane-scheduler.js'
export { RouteTable, type RouteEntry, type RouteTableOptions } from './routing/route-table.js'
export { HopDistances, confirmedHopDistances, type HopDistancesOptions } from './routing/next-hops.js'
export {
  computeSourceRoute,
  routeNextHop,
  routeToHex,
  RouteFailureTracker,
  type SourceRouteOptions,
  type RouteStep,
} from './routing/source-route.js'
