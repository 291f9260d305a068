/**
 * @packageDocumentation
 * `@bitmesh/mesh`: {@link createMeshNode} composes a node's identity, the transports the app
 * passes in (this package imports none), Noise sessions and bitchat's mesh behaviour — announces
 * and a verified, key-pinned peer table, signed public messages, private messages with delivery
 * and read receipts, leave, fragmentation, duplicate suppression, a pluggable relay policy
 * (bitchat iOS rules by default) and REQUEST_SYNC gossip — behind a typed event API.
 *
 * @example
 * ```ts
 * import { createMeshNode, systemClock, cryptoRng } from '@bitmesh/mesh'
 *
 * const node = createMeshNode({ transports: [myTransport], clock: systemClock(), rng: cryptoRng(), nickname: 'ana' })
 * node.on('message', (m) => console.log(`<${m.nickname}> ${m.text}`))
 * node.on('delivery', (d) => console.log(d.messageId, d.status))
 * await node.start()
 * await node.sendPublic('hello mesh')
 * ```
 */
export { createMeshNode } from './node.js'
export { memoryKeyValueStore } from './memory-store.js'
export { systemClock, cryptoRng } from './system.js'
export { iosRelayPolicy, floodRelayPolicy, fanOutSubset } from './relay-policy.js'
export type { RelayPolicy, RelayContext, RelayDecision, RelayLinkInfo } from './relay-policy.js'
export { loadOrCreateIdentity } from './identity.js'
export { publicMessageId } from './ids.js'
export { DuplicateRegistry, dedupKey } from './dedup.js'
export * from './constants.js'
export { MESH_SIZE_CAPS, type CappedSize } from './sizes.js'
export type * from './types.js'
// Cluster mode (issue #6).
export type * from './cluster-types.js'
export { CLUSTER_SAMPLE_INTERVAL_MS, CLUSTER_UNKNOWN_RSSI_DBM, CLUSTER_MAX_CACHED_BEACONS, CLUSTER_CATCH_UP_WINDOW_MS } from './cluster.js'
// Panic wipe (issue #10).
export type * from './panic-types.js'
export { MESH_STORE_WIPE_PRIORITY } from './panic.js'
// Nostr bridge (issue #9): the bridge event format and its numbers.
export { createBridgeEvent, parseBridgeEvent, type BridgedFrame } from './bridge/bridge-event.js'
export type { MeshBridgeOptions } from './bridge/options.js'
export * from './bridge/constants.js'
// Files and the link manager (issue #7).
export type * from './file-types.js'
export type { MeshLinkChoiceEvent, MeshLinkManagerOptions } from './link-manager.js'
export {
  MAX_FILE_CONTENT_BYTES,
  MAX_RECEIVED_FILE_CONTENT_BYTES,
  MAX_FILE_FRAME_BYTES,
  MAX_FILE_FRAGMENTS,
  MAX_PENDING_FILES,
  MAX_PENDING_FILE_BYTES,
  MAX_FILE_SEND_ATTEMPTS,
  FILE_RESEND_MIN_MS,
  FILE_RESEND_ASSUMED_BYTES_PER_S,
  FILE_SESSION_RETRY_MS,
  fileMessageId,
} from './file-transfer.js'
export { FILE_PACER_POLL_MS, FILE_PACER_FRAMES_PER_TICK, FILE_PACER_RATE_SHARE, MAX_FILE_TRAINS_PER_LINK, FILE_PACER_MIN_WINDOW_BYTES, FILE_PACER_MAX_WINDOW_BYTES, FILE_PACER_WINDOW_MTUS, pacerTickBudget } from './file-pacer.js'
export { linkRate, LINK_RATE_BASE_MTU_BYTES, MAX_FAST_FRAMES_PER_LINK_PER_WINDOW, MAX_BYTES_PER_LINK_PER_WINDOW, type LinkRate } from './link-rate.js'
