/**
 * The one dedup key, end to end: bitchat's packet ID (wire §2.7.1),
 * `SHA-256(type ‖ senderID ‖ timestamp u64 BE ‖ payload)[0..16]` over the decompressed payload.
 *
 * Why this key: it is the only packet identity that exists on the wire protocol (REQUEST_SYNC's
 * GCS filters are built from it), it excludes TTL, flags, recipient, route and signature so every
 * relayed copy and every sync replay of a packet collide, and it is a hash, so its bytes are
 * uniform and feed the Bloom filters and the exact table directly without rehashing. The apps'
 * own dedup strings (iOS `<sender>-<ts>-<type>-<sha4>`, Android `<ts>-<peer>-<javaHash>`) are
 * internal to each app and never travel, so BitMesh is free to use the stronger one.
 * @module
 */
import { bytesToHex, packetId, type BitchatPacket } from '@bitmesh/wire-format'

/**
 * The 16-byte dedup key of a packet (wire §2.7.1 packet ID).
 * @param packet - A decoded or local packet (payload decompressed).
 * @returns A new 16-byte array.
 */
export function dedupKeyOf(packet: BitchatPacket): Uint8Array {
  return packetId(packet)
}

/**
 * A dedup key as 32 lowercase hex characters (for logs, `RelayContext.messageId`).
 * @param key - A 16-byte key (or any bytes).
 * @returns Hex string.
 */
export function dedupKeyHex(key: Uint8Array): string {
  return bytesToHex(key)
}

/**
 * Little-endian u32 at `offset` (no bounds checks: callers validate the key length once).
 * @internal
 */
export function readWord(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0
}

/**
 * Throws unless `key` holds `keyBytes` bytes from `offset`.
 * @internal
 */
export function checkKey(key: Uint8Array, offset: number, keyBytes: number): void {
  if (!(key instanceof Uint8Array)) throw new TypeError('dedup key must be a Uint8Array')
  if (!Number.isInteger(offset) || offset < 0 || offset + keyBytes > key.length) {
    throw new RangeError(`dedup key needs ${keyBytes} bytes at offset ${offset}, got ${key.length - offset}`)
  }
}
