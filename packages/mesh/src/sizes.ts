/**
 * Sizes of a node's bounded structures (`MeshNode.stats.sizes`) and the cap of each.
 * @module
 */
import { OUTBOX_MAX_PEERS, OUTBOX_MAX_PER_PEER, RELAY_CACHE_MAX_BYTES, RELAY_CACHE_MAX_ENTRIES } from '@bitmesh/store-forward'
import * as C from './constants.js'
import { MAX_SPOOLED_BYTES, MAX_SPOOLED_PACKETS } from './directed-spool.js'
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
  // Store-and-forward defaults (options may lower or raise them).
  outbox: OUTBOX_MAX_PER_PEER * OUTBOX_MAX_PEERS,
  spool: MAX_SPOOLED_PACKETS,
  spoolBytes: MAX_SPOOLED_BYTES,
  relayCache: RELAY_CACHE_MAX_ENTRIES,
  relayCacheBytes: RELAY_CACHE_MAX_BYTES,
})
