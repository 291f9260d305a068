/**
 * Numbers of the router, each with its source. `wire §x` = `shared/spec/bitchat-wire.md`,
 * `blip §x` = `shared/spec/blip-gozzip.md`. Names carry units.
 * @module
 */

/** Default hop budget of bitchat packets (wire §6.3). */
export const DEFAULT_TTL = 7
/** Links from which bitchat iOS calls a neighbourhood dense (wire §6.3, `RelayController`). */
export const DENSE_DEGREE = 6

/** Entries of bitchat iOS's `MessageDeduplicator` (wire §6.4). */
export const DEDUP_CAPACITY = 1_000
/** Lifetime of a `MessageDeduplicator` entry (wire §6.4). */
export const DEDUP_TTL_MS = 300_000
/** Bytes of the dedup key: the §2.7.1 packet ID (first 16 bytes of a SHA-256). */
export const DEDUP_KEY_BYTES = 16

/** Blip relay jitter bounds, ms (blip §2.5). */
export const BLIP_JITTER_MIN_MS = 8
/** See {@link BLIP_JITTER_MIN_MS}. */
export const BLIP_JITTER_MAX_MS = 25
/** Lower clamp of Blip's relay probability (blip §2.3). */
export const BLIP_MIN_PROBABILITY = 0.05
/** Packet age under which Blip's freshness factor is 1.0 (blip §2.3). */
export const BLIP_FRESH_MS = 5_000
/** Packet age from which Blip's freshness factor is 0.1 (blip §2.3; 0.5 in between). */
export const BLIP_STALE_MS = 30_000

/** bitchat Android: always relay while the network has at most this many peers (wire §6.3). */
export const ANDROID_SMALL_NETWORK_PEERS = 10
/** bitchat Android: always relay while TTL is at least this (wire §6.3). */
export const ANDROID_ALWAYS_RELAY_TTL = 4

/** Meshtastic contention-window exponent bounds (firmware `RadioInterface`: CWmin 3, CWmax 8). */
export const MESHTASTIC_CW_MIN = 3
/** See {@link MESHTASTIC_CW_MIN}. */
export const MESHTASTIC_CW_MAX = 8
/** SNR range mapped onto the window (firmware `RadioInterface::getCWsize`: −20…10 dB). */
export const MESHTASTIC_SNR_MIN_DB = -20
/** See {@link MESHTASTIC_SNR_MIN_DB}. */
export const MESHTASTIC_SNR_MAX_DB = 10
/**
 * BLE stand-in for the SNR range when a link reports only RSSI: BLE receivers bottom out near
 * −100 dBm (bitchat's isolated RSSI floor, wire §6.2) and a phone at arm's length reads ~−40 dBm.
 */
export const BLE_RSSI_MIN_DBM = -100
/** See {@link BLE_RSSI_MIN_DBM}. */
export const BLE_RSSI_MAX_DBM = -40
/**
 * Slot time for the Meshtastic window on BLE, ms. Meshtastic's LoRa slot is CAD + propagation +
 * turnaround + MAC (~28 ms on LongFast); a BLE hop turns around in a few ms, and 1 ms puts the
 * client window (16…272 ms) over bitchat's dense jitter bands (wire §6.3, 100–220 ms).
 */
export const MESHTASTIC_BLE_SLOT_MS = 1
/** Hop scaling: smallest cumulative reach to stop at (firmware PR #10176: 40-node floor). */
export const MESHTASTIC_HOP_SCALE_FLOOR_NODES = 40
/** Hop scaling politeness limits: strict / default / generous (firmware PR #11831: 50/60/80). */
export const MESHTASTIC_HOP_SCALE_LIMITS = Object.freeze({ strict: 50, default: 60, generous: 80 })
/** Channel utilisation at which hop scaling engages and goes strict (firmware PR #11826/#11831: 25 %). */
export const MESHTASTIC_CONGESTED_UTILIZATION = 0.25
/** Channel utilisation from which the default politeness applies (firmware PR #11831: 20 %). */
export const MESHTASTIC_BUSY_UTILIZATION = 0.2

/** Blip traffic shaper: inbound packets per second per peer (blip §2.9). */
export const INBOUND_PACKETS_PER_SECOND = 20
/** Blip traffic shaper: outbound packets per second per peer (blip §2.9). */
export const OUTBOUND_PACKETS_PER_SECOND = 15
/** Burst allowance: twice the rate … (blip §2.9 "burst ×2 for 3 s"). */
export const RATE_BURST_MULTIPLIER = 2
/** … for this long, ms. */
export const RATE_BURST_MS = 3_000
/** Total queued packets of the traffic shaper (blip §2.9). */
export const SCHEDULER_CAPACITY = 500
/** Fill from which relaying stops (blip §2.9: 80 %). */
export const RELAY_BACKPRESSURE_FILL = 0.8
/** Fill from which Lane 3 is shed (blip §2.9: 95 %). */
export const LOW_LANE_SHED_FILL = 0.95
/** Shares of lanes 1, 2, 3 after Lane 0 (blip §2.9 / §5.1.8: 60/30/10). */
export const LANE_WEIGHTS: readonly number[] = Object.freeze([6, 3, 1])

/** Route-table entry lifetime (blip §2.10 / §5.1.6: 5 min). */
export const ROUTE_EXPIRY_MS = 300_000
/** An entry younger than this is "fresh" and wins over an older one (blip §5.1.6: 60 s). */
export const ROUTE_FRESH_MS = 60_000
/** Most intermediate hops bitchat iOS originates in a source route (wire §6.5). */
export const MAX_SOURCE_ROUTE_HOPS = 4
/** No traffic from the recipient within this long after routing counts as a failure (wire §6.5). */
export const ROUTE_FAILURE_TIMEOUT_MS = 10_000
/** Routing toward a recipient is suppressed this long after a failure (wire §6.5). */
export const ROUTE_SUPPRESSION_MS = 60_000

/**
 * Proposed BitMesh outer packet type for SOS traffic: inside the `0xB0`–`0xBF` range
 * `docs/protocol.md` reserves (outside every bitchat value, so bitchat peers relay it as an
 * unknown type, wire §1.9). Not yet recorded in `docs/protocol.md`.
 */
export const BITMESH_SOS_PACKET_TYPE = 0xb0
/** A neighbour list older than this is not trusted for pruning (bitchat announces every ≤ 30 s ± 8 s, wire §6.2). */
export const NEIGHBOR_LIST_MAX_AGE_MS = 45_000
/** Two-hop coverage each strict two-hop neighbour gets from the MPR set (RFC 7181 §18.4 MPR_COVERAGE). */
export const BITMESH_MPR_COVERAGE = 2
/**
 * A BitMesh peer's neighbour list stays usable this long: BitMesh peers in a stable, all-BitMesh
 * neighbourhood announce every {@link BITMESH_STABLE_ANNOUNCE_INTERVAL_MS} ± jitter, and three
 * periods (Android's 180 s stale time, wire §6.2) survive two lost announces.
 */
export const BITMESH_NEIGHBOR_LIST_MAX_AGE_MS = 180_000
/** Announce period of a BitMesh node whose neighbourhood is stable and knows no plain bitchat peer (docs/protocol.md). */
export const BITMESH_STABLE_ANNOUNCE_INTERVAL_MS = 60_000
/** Jitter of {@link BITMESH_STABLE_ANNOUNCE_INTERVAL_MS} (uniform ±). */
export const BITMESH_STABLE_ANNOUNCE_JITTER_MS = 10_000
/**
 * Next hops a BitMesh relay forwards a routed directed packet to: the neighbours closest to the
 * recipient. Two make a braid that survives a lost frame (10 % link loss: one path of five hops
 * delivers 59 %, a braid of two ~97 % per attempt before receipts and retries).
 */
export const BITMESH_ROUTE_FAN_OUT = 3
/** MPR coverage for announces in the `bitmesh` policy (refreshed periodically: one cover suffices). */
export const BITMESH_ANNOUNCE_MPR_COVERAGE = 1
