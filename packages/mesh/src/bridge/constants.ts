/**
 * Numbers of the Nostr bridge between mesh islands. The event layout follows iOS's bridge events
 * as far as `bitchat-wire.md` §7.2 gives them (kind 20000, `["r", cell]`,
 * `["m", stableID, meshSenderHex, tsMs]`); what the spec leaves open is BitMesh's choice and is
 * documented here and in `docs/protocol.md`.
 * @module
 */

/** Kind of bridge events: bitchat's ephemeral geohash-chat kind (§7.2), so relays do not store them. */
export const BRIDGE_EVENT_KIND = 20000
/** Tag naming the rendezvous cell (§7.2 iOS: `["r", cell]`). */
export const BRIDGE_CELL_TAG = 'r'
/** Tag describing the carried packet (§7.2 iOS: `["m", stableID, meshSenderHex, tsMs]`). */
export const BRIDGE_META_TAG = 'm'
/** Content prefix (BitMesh choice, as §7.4's embedded packets): `"bitchat1:" + base64url(frame)`. */
export const BRIDGE_CONTENT_PREFIX = 'bitchat1:'
/**
 * TTL a bridged frame carries into the far island (BitMesh choice). One below bitchat's 7 so a
 * bridged announce is never taken for a direct one (which would bind a link), and a fresh hop
 * budget per island since the crossing itself is one hop.
 */
export const BRIDGE_INJECT_TTL = 6
/**
 * Largest mesh frame carried, in bytes. Its base64url content stays under the 16 KiB event-JSON
 * limit of a nostrCarrier (§2.10), so every bridge event also fits in a `0x28` packet.
 */
export const MAX_BRIDGE_FRAME_BYTES = 11 * 1024
/** Default events published per second (token bucket rate). */
export const DEFAULT_BRIDGE_PUBLISH_PER_SECOND = 50
/** Default burst of published events. */
export const DEFAULT_BRIDGE_PUBLISH_BURST = 100
/** Default relay events injected into the mesh per second. */
export const DEFAULT_BRIDGE_INJECT_PER_SECOND = 100
/** Default burst of injected events. */
export const DEFAULT_BRIDGE_INJECT_BURST = 200
/** Event IDs and stable packet IDs remembered for loop prevention and cross-relay dedup (each set). */
export const BRIDGE_SEEN_CAPACITY = 4_096
/** Peers remembered as reachable only through the bridge (LRU). */
export const BRIDGE_REMOTE_PEERS_CAPACITY = 1_024
/** How long a peer heard only over the bridge counts as remote, ms (bitchat's peer retention). */
export const BRIDGE_REMOTE_PEER_TTL_MS = 60_000
/** The subscription looks back this far (s): packets older than §6.9's 120 s are refused anyway. */
export const BRIDGE_SUBSCRIPTION_LOOKBACK_S = 120
