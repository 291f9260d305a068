/**
 * Sizes of a node's bounded structures (`MeshNode.stats.sizes`) and the cap of each.
 * @module
 */
import * as C from './constants.js'
import type { MeshSizes } from './types.js'

/** The structures of {@link MeshSizes} that have a cap of their own. */
export type CappedSize = Exclude<keyof MeshSizes, 'links' | 'syncBytes'>

/**
 * The cap of every capped size, so a test or monitor can check `sizes[k] <= MESH_SIZE_CAPS[k]`
 * without knowing each constant.
 */
export const MESH_SIZE_CAPS: Readonly<Record<CappedSize, number>> = Object.freeze({
  peers: C.MAX_PEERS,
  pinnedPeers: C.MAX_PINNED_PEERS,
  dedup: C.DEDUP_CAPACITY,
  syncAnnounces: C.SYNC_ANNOUNCE_CAPACITY,
  syncMessages: C.SYNC_MESSAGE_CAPACITY,
  reassemblies: C.MAX_REASSEMBLY_ASSEMBLIES,
  reassemblyBytes: C.MAX_REASSEMBLY_BUFFERED_BYTES,
  pendingRelays: C.MAX_PENDING_RELAYS,
  noisePeers: C.MAX_NOISE_PEERS,
  pendingPrivate: C.MAX_PENDING_PRIVATE,
  seenPrivate: C.MAX_SEEN_PRIVATE,
})
