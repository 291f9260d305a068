/**
 * bitchat's GATT constants and link-layer defaults (wire spec §6.1, §6.2, §6.6).
 * @module
 */

/** bitchat's GATT service UUID (release builds, iOS and Android). */
export const BITCHAT_SERVICE_UUID = 'F47B5E2D-4A9E-4C5A-9B3F-8E1D2C3A4B5C'

/**
 * The service UUID of iOS DEBUG ("testnet") builds. Release devices do not see these and vice
 * versa (spec §9 item 21); use it only to talk to a debug iOS build.
 */
export const BITCHAT_SERVICE_UUID_DEBUG = 'F47B5E2D-4A9E-4C5A-9B3F-8E1D2C3A4B5A'

/** The one characteristic that carries frames: written by centrals, notified by peripherals. */
export const BITCHAT_CHARACTERISTIC_UUID = 'A1B2C3D4-E5F6-4A5B-8C9D-0E1F2A3B4C5D'

/** ATT MTU a central asks for (Android's `requestMtu(517)`; 517 − 3 = 514 payload bytes). */
export const REQUESTED_ATT_MTU = 517

/** Bytes of ATT header in a write command or notification: link MTU = ATT MTU − this. */
export const ATT_HEADER_BYTES = 3

/** The ATT MTU every link starts with before negotiation (Bluetooth Core, 23 bytes). */
export const DEFAULT_ATT_MTU = 23

/** Default RSSI gate in dBm: advertisements weaker than this are not dialled (iOS default). */
export const DEFAULT_RSSI_GATE_DBM = -90

/** Connect timeout in milliseconds (iOS: 8 s). */
export const CONNECT_TIMEOUT_MS = 8_000

/** Minimum spacing between automatic connection attempts (iOS: ≥ 0.5 s). */
export const MIN_CONNECT_INTERVAL_MS = 500

/** First retry delay after a failed connect (Android's 5 s), doubled per consecutive failure. */
export const CONNECT_BACKOFF_BASE_MS = 5_000

/** Ceiling of the connect backoff delay. */
export const CONNECT_BACKOFF_MAX_MS = 60_000

/** Maximum links in total (Android: 8 overall). */
export const DEFAULT_MAX_LINKS = 8

/** Maximum outbound (central) links (iOS: 6 central links). */
export const DEFAULT_MAX_OUTBOUND_LINKS = 6

/** A link that has received nothing for this long is pruned (Android peers go stale after 180 s). */
export const STALE_LINK_TIMEOUT_MS = 180_000

/** How often stale links are looked for while any link is open. */
export const STALE_CHECK_INTERVAL_MS = 15_000

/** Default per-link write queue cap; a frame beyond it is refused with `CapacityError`. */
export const DEFAULT_MAX_QUEUE_BYTES = 64 * 1024

/** Default high-water mark of a write queue: above it `send` returns `false`. */
export const DEFAULT_HIGH_WATER_BYTES = 16 * 1024

/** Length of the peer ID Android puts in its scan response's service data. */
export const PEER_ID_BYTES = 8

/**
 * 128-bit service UUID keying the BitMesh cluster beacon's service data. It lives in its own
 * non-connectable advertising set, beside (not inside) bitchat's connectable advertisement, so
 * bitchat's service UUID and Android's 8-byte peer-ID scan response stay byte-identical.
 */
export const BITMESH_BEACON_SERVICE_UUID = 'B1B1C1A5-7E12-4E7A-9D2E-6269746D6573'
