/**
 * Defaults of the LAN transport and its mDNS discovery.
 * @module
 */

/** DNS-SD service type BitMesh nodes announce and browse (RFC 6763). */
export const LAN_SERVICE_TYPE = '_bitmesh._tcp.local'
/** Version of the LAN discovery records (TXT key `v`); peers with another version are ignored. */
export const LAN_PROTOCOL_VERSION = 1
/** Default TCP port of the LAN transport (0 would pick a free one). */
export const LAN_DEFAULT_PORT = 7_878
/** mDNS port (RFC 6762). */
export const MDNS_PORT = 5_353
/** mDNS IPv4 multicast group (RFC 6762). */
export const MDNS_GROUP_V4 = '224.0.0.251'
/** TTL of our mDNS records, in seconds (RFC 6762 recommends 120 s for host records). */
export const LAN_RECORD_TTL_S = 120
/** Period of unsolicited re-announcements, in ms (well inside the record TTL, so peers never expire us). */
export const LAN_REANNOUNCE_INTERVAL_MS = 30_000
/** Period of browse queries after the start-up burst, in ms. */
export const LAN_QUERY_INTERVAL_MS = 30_000
/** Delays of the start-up announce / query burst, in ms from `start()` (RFC 6762 §8.3: at least two, 1 s apart). */
export const LAN_STARTUP_BURST_MS: readonly number[] = [0, 1_000, 3_000]
/** How often expired peers are swept from the peer table, in ms. */
export const LAN_SWEEP_INTERVAL_MS = 5_000
/** Most peers kept in the discovery table (the oldest entry is evicted beyond it). */
export const LAN_MAX_PEERS = 64
/** Delay before the lower-id side redials a discovered peer after a failed dial or a lost link, in ms. */
export const LAN_REDIAL_DELAY_MS = 2_000
/** Delay between attempts to reach a static peer that has no link, in ms. */
export const LAN_STATIC_RETRY_MS = 5_000
/** Length of a node id in hex characters (8 random bytes). */
export const LAN_NODE_ID_HEX_LENGTH = 16
