/**
 * Default numbers of the mesh node. Each comes from `shared/spec/bitchat-wire.md` (section noted)
 * and can be overridden through `MeshNodeOptions`. Names carry units.
 * @module
 */
import { MAX_PEERS as NOISE_MAX_PEERS } from '@bitmesh/noise'
import { MAX_CONCURRENT_ASSEMBLIES, MAX_REASSEMBLY_BUFFER_BYTES } from '@bitmesh/wire-format'

/** Delay of the first announce after `start()` (§6.2 iOS). */
export const INITIAL_ANNOUNCE_DELAY_MS = 600
/** Announce period while no link is open (§6.2 iOS). */
export const ISOLATED_ANNOUNCE_INTERVAL_MS = 4_000
/** Announce period with 1–5 links (§6.2 iOS: 15 s ± 4 s). */
export const CONNECTED_ANNOUNCE_INTERVAL_MS = 15_000
/** Jitter of {@link CONNECTED_ANNOUNCE_INTERVAL_MS}. */
export const CONNECTED_ANNOUNCE_JITTER_MS = 4_000
/** Announce period with {@link DENSE_DEGREE} or more links (§6.2 iOS: 30 s ± 8 s). */
export const DENSE_ANNOUNCE_INTERVAL_MS = 30_000
/** Jitter of {@link DENSE_ANNOUNCE_INTERVAL_MS}. */
export const DENSE_ANNOUNCE_JITTER_MS = 8_000
/**
 * Our latest announce is repeated as is on a new link while younger than this (it must stay well
 * inside the receivers' 120 s skew window); older, a fresh one is broadcast.
 */
export const ANNOUNCE_REPEAT_MAX_AGE_MS = 30_000
/** Minimum spacing between two of our announces (§6.2 iOS). */
export const MIN_ANNOUNCE_SPACING_MS = 1_000
/** Spacing of a forced announce (new link, announce-back; §6.2 iOS "forced 0.15 s"). */
export const FORCED_ANNOUNCE_SPACING_MS = 150
/** Links from which a neighbourhood counts as dense (§6.2, §6.3 iOS). */
export const DENSE_DEGREE = 6

/** Hop budget of packets we originate (§6.3). */
export const DEFAULT_TTL = 7
/** A verified peer is reachable this long after we last heard from it (§6.2 iOS). */
export const PEER_RETENTION_MS = 60_000
/** Peers kept in the table; the least recently seen is evicted beyond it. */
export const MAX_PEERS = 2_048
/** Pinned (peer ID → keys) entries kept after peers leave the table (TOFU memory). */
export const MAX_PINNED_PEERS = 8_192
/** Interval of the maintenance sweep (peer expiry, reassembly expiry). */
export const MAINTENANCE_INTERVAL_MS = 5_000

/** |timestamp − now| allowed for packets without IS_RSR (§6.9 iOS). */
export const MAX_TIMESTAMP_SKEW_MS = 120_000
/** Announces older than this are ignored even when solicited (§6.9 iOS). */
export const MAX_ANNOUNCE_AGE_MS = 900_000
/** Public messages older than this are ignored even when solicited (§2.3 iOS, 6 h). */
export const MAX_PUBLIC_MESSAGE_AGE_MS = 6 * 60 * 60 * 1000

/** Entries of the duplicate registry (§6.4 iOS). */
export const DEDUP_CAPACITY = 1_000
/** Lifetime of a duplicate-registry entry (§6.4 iOS). */
export const DEDUP_TTL_MS = 300_000

/** Relays scheduled (waiting out their jitter) at once; more are dropped (`capacity`). */
export const MAX_PENDING_RELAYS = 4_096

/** Frames accepted per link per {@link LINK_RATE_WINDOW_MS}; more are dropped (`rate-limit`). */
export const MAX_FRAMES_PER_LINK_PER_WINDOW = 400
/** Window of the per-link frame rate limit. */
export const LINK_RATE_WINDOW_MS = 1_000

/** Gap between fragments of one train on a link, broadcast (§6.6 iOS). */
export const BROADCAST_FRAGMENT_SPACING_MS = 30
/** Gap between fragments of one train on a link, directed (§6.6 iOS). */
export const DIRECTED_FRAGMENT_SPACING_MS = 25
/** Frames waiting in one link's paced queue; beyond it a train is dropped (`capacity`). */
export const MAX_PACED_FRAMES_PER_LINK = 1_024
/** Fragments per original packet (§6.6: the only count both apps accept). */
export const MAX_FRAGMENTS_PER_PACKET = 256

/** Period of our unicast REQUEST_SYNC to each linked peer (§6.8 iOS, announce+message round). */
export const SYNC_INTERVAL_MS = 15_000
/** Delay of the first REQUEST_SYNC after a link is bound to a new direct peer (§6.8). */
export const INITIAL_SYNC_DELAY_MS = 5_000
/** Solicited (IS_RSR) replies are accepted this long after our request on that link (§6.8). */
export const SYNC_RESPONSE_WINDOW_MS = 30_000
/** Responses to one requester per {@link SYNC_RESPONDER_WINDOW_MS} (§2.7.3 iOS). */
export const MAX_SYNC_RESPONSES_PER_WINDOW = 8
/** Window of the responder rate limit. */
export const SYNC_RESPONDER_WINDOW_MS = 30_000
/** Public messages kept for gossip sync (§6.7 iOS). */
export const SYNC_MESSAGE_CAPACITY = 1_000
/** Latest announces kept for gossip sync (one per peer). */
export const SYNC_ANNOUNCE_CAPACITY = 1_000
/** Stored announces are offered only while younger than this (§6.7 iOS). */
export const SYNC_ANNOUNCE_MAX_AGE_MS = 60_000
/** Packets sent back for one request, newest first. */
export const MAX_SYNC_REPLY_PACKETS = 256

/** Private messages awaiting receipts that we remember (oldest forgotten first). */
export const MAX_PENDING_PRIVATE = 1_000
/** Received private message IDs remembered to suppress re-delivery of retries. */
export const MAX_SEEN_PRIVATE = 1_000
/**
 * Sends of one private message before it is reported `send-failed`: the first plus resends when
 * no `delivered` came back in time or the handshake failed (outbox style, §6.7; iOS allows 8).
 */
export const MAX_PRIVATE_SEND_ATTEMPTS = 5
/**
 * Wait before resend n (1-based) of a private message still unacknowledged, or after a failed
 * handshake (Android's handshake retry backoff is 5/15/30/60 s).
 */
export const PRIVATE_RETRY_BACKOFF_MS: readonly number[] = [5_000, 10_000, 20_000, 40_000]

/** Wait at most this long on `stop()` for the LEAVE to drain from link queues. */
export const LEAVE_FLUSH_TIMEOUT_MS = 200

/** Peers with live Noise state (sessions, handshakes, queues): `@bitmesh/noise`'s default cap. */
export const MAX_NOISE_PEERS: number = NOISE_MAX_PEERS
/** Fragment assemblies in flight: `@bitmesh/wire-format`'s reassembler default (oldest evicted). */
export const MAX_REASSEMBLY_ASSEMBLIES: number = MAX_CONCURRENT_ASSEMBLIES
/** Fragment bytes buffered across assemblies: the reassembler's default (more are refused). */
export const MAX_REASSEMBLY_BUFFERED_BYTES: number = MAX_REASSEMBLY_BUFFER_BYTES
