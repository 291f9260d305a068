/**
 * Numbers of the cluster layer: BitMesh extension numbers (DESIGN §3, `docs/protocol.md`) and the
 * defaults from the BitMesh proposal (DESIGN §6). Every default is overridable per instance.
 * @module
 */

/**
 * Announce TLV carrying the sender's cluster state (its beacon, plus its head's peer ID when it is
 * a member). Inside the BitMesh announce range `0xB0`–`0xBF`; bitchat peers skip unknown TLVs
 * (wire §1.9) and Android keeps them verbatim.
 */
export const CLUSTER_ANNOUNCE_TLV = 0xb1

/**
 * Outer packet type of cluster control messages (register, acknowledge, resign, head tables).
 * Inside the BitMesh outer range `0xB0`–`0xBF` (`0xB0` is SOS); bitchat peers relay unknown
 * types as plain broadcasts (wire §1.9).
 */
export const CLUSTER_CONTROL_PACKET_TYPE = 0xb1

/** Version byte of cluster control payloads this package emits and accepts. */
export const CLUSTER_CONTROL_VERSION = 1

/** Default beacon interval while charging or on a high battery (DESIGN §6). */
export const BEACON_INTERVAL_MIN_MS = 500
/** Beacon interval on a critical battery (DESIGN §6). */
export const BEACON_INTERVAL_MAX_MS = 5_000
/** Length of one rolling scan window (DESIGN §6). */
export const SCAN_WINDOW_MS = 5_000

/** A node may become head only above this battery level, in percent (DESIGN §6: "> 30 %"). */
export const HEAD_MIN_BATTERY_TO_BECOME = 30
/** A head keeps its role while its battery is at least this, in percent (DESIGN §6: "< 20 %" re-elects). */
export const HEAD_MIN_BATTERY_TO_STAY = 20

/**
 * Weakest smoothed RSSI at which a node joins a head, in dBm: about 30 m (the "~30 m
 * neighbourhood" of DESIGN §6) with the log-distance model the simulator uses for phones in a
 * crowd (0 dBm TX, 40 dB loss at 1 m, exponent 2.7: −40 − 27·log10(30) ≈ −79.9 dBm).
 */
export const JOIN_RSSI_DBM = -80
/**
 * Two heads that hear each other at least this strongly (dBm, ≈ 10 m in the same model) share a
 * neighbourhood: the lower-ranked one resigns after {@link HYSTERESIS_WINDOWS} windows.
 */
export const MERGE_RSSI_DBM = -67
/**
 * A member whose head is at least this strong (dBm, ≈ 13 m) ignores challengers: its link is
 * good, and every switch costs a re-registration and a hotspot reconnect. Below it, a challenger
 * still needs the {@link HYSTERESIS_DB} margin for {@link HYSTERESIS_WINDOWS} windows.
 */
export const STICKY_RSSI_DBM = -70
/** A challenger head must beat the current head's smoothed RSSI by this many dB … */
export const HYSTERESIS_DB = 6
/**
 * … for this many consecutive heard scan windows before a member switches (60 s at 5 s windows);
 * a fading head is kept as long, and two heads merge only after as long. Measured on a
 * random-waypoint crowd at festival density (1.4 m/s, 30 s pauses, σ = 4 dB, 150 nodes): 3
 * windows gave 1.27 leadership / 76.9 affiliation changes per node-hour, 6 gave 0.59 / 47.6,
 * 12 gave 0.22 / 24.9. Walkers pass each other in 10–30 s; a minute outlasts the encounter.
 */
export const HYSTERESIS_WINDOWS = 12
/** Advertised neighbourhood scores are compared in buckets this wide (dB); within one bucket, battery then life decide. */
export const RSSI_TIE_DB = 3
/** A head not heard for this many consecutive windows is gone (15 s of missed beacons). */
export const HEAD_MISS_WINDOWS = 3
/** An eligible node must rank first for this many consecutive windows, with no head in range, before it claims. */
export const PROMOTE_WINDOWS = 2
/**
 * Longest an eligible node waits, flat, for a live head heard just outside the join range before
 * it promotes anyway (windows; 30 s at 5 s windows). A walker closes a 10 m gap in ~7 s, so a
 * head that has not come within range by then is not coming; standing crowds would otherwise
 * stay unclustered at a head's edge indefinitely.
 */
export const PROMOTE_GUARD_WINDOWS = 6
/** A member re-registers this often; the head's lease is three times as long. */
export const REGISTER_REFRESH_MS = 30_000
/** How long a head that refused registration (full) is skipped. */
export const REFUSED_HEAD_BACKOFF_MS = 60_000

/** Heads gossip neighbour tables and queued messages to adjacent heads this often (DESIGN §6). */
export const HEAD_GOSSIP_INTERVAL_MS = 10_000
/** Hop budget of head-to-head gossip (DESIGN §6). */
export const HEAD_GOSSIP_TTL = 5
/** Messages wait for a route at most this long in the BLE fallback buffer (DESIGN §6). */
export const FALLBACK_MAX_AGE_MS = 120_000

/** Non-head nodes sleep in cycles of this length when no conversation is active (DESIGN §6). */
export const SLEEP_CYCLE_MS = 30_000
/**
 * Scan window at the start of each sleep cycle, so a sleeping node can still "wake on
 * advertisement" (2 s of 30 s, like bitchat Android's power-saver duty cycle, wire §6.2).
 */
export const SLEEP_LISTEN_MS = 2_000
/** A conversation counts as active for this long after the last message sent or received. */
export const CONVERSATION_IDLE_MS = 30_000

/**
 * Beacon interval of a member in light sleep, ms: its beacon serves only its head's member table
 * and neighbours' scores, so it advertises at a quarter of the default rate.
 */
export const MEMBER_BEACON_INTERVAL_MS = 2_000

/**
 * A head holds directed traffic for a member in deep sleep at most this long, ms (as long as the
 * BLE fallback buffer keeps messages, DESIGN §6: "buffered up to 2 minutes").
 */
export const HOLD_MAX_AGE_MS = 120_000
/** Frames a head holds for all its sleeping members together (oldest evicted first). */
export const HOLD_QUEUE_CAPACITY = 256
/** Bytes a head holds for all its sleeping members together (oldest evicted first). */
export const HOLD_QUEUE_BYTES = 128 * 1024
/**
 * Frames a head holds for one sleeping member (its oldest evicted first), so one busy sleeper
 * cannot push every other member's traffic out of the shared queue.
 */
export const HOLD_PER_MEMBER = 32
/**
 * Largest bitchat frame a head carries to an adjacent head inside a `carry` control, bytes: a
 * private message padded to bitchat's largest 2 048-byte block plus headers, with room to spare.
 * The outer packet (14 + 8 + 2 + frame + 64 bytes) is fragmented by the mesh like any other.
 */
export const CARRY_MAX_FRAME_BYTES = 4_096
/**
 * TTL a receiving head gives a carried frame before its own ingress takes it (the frame may have
 * spent its hop budget on the way to the first head): enough to reach a member 2 hops away.
 */
export const CARRY_INNER_TTL = 3
