/**
 * Peer IDs, fingerprints (§4) and packet IDs (§2.7.1).
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, isBytes } from './bytes.js'
import { NOISE_PUBLIC_KEY_BYTES, PACKET_ID_BYTES, PEER_ID_BYTES } from './constants.js'
import type { BitchatPacket } from './types.js'
import { writeU64BE } from './u64.js'

function checkNoiseKey(noisePublicKey: Uint8Array): void {
  if (!isBytes(noisePublicKey) || noisePublicKey.length !== NOISE_PUBLIC_KEY_BYTES) {
    throw new RangeError(`noisePublicKey must be a ${NOISE_PUBLIC_KEY_BYTES}-byte Uint8Array`)
  }
}

/**
 * Wire peer ID: the first 8 bytes of SHA-256 of the Noise static X25519 public key (§4).
 * @param noisePublicKey - 32-byte X25519 public key.
 * @returns A new 8-byte array.
 * @throws RangeError when the key is not 32 bytes.
 */
export function peerIdFromNoiseKey(noisePublicKey: Uint8Array): Uint8Array {
  checkNoiseKey(noisePublicKey)
  return sha256(noisePublicKey).slice(0, PEER_ID_BYTES)
}

/**
 * Identity fingerprint: SHA-256 of the Noise static public key as 64 lowercase hex chars (§4).
 * @param noisePublicKey - 32-byte X25519 public key.
 * @returns 64 lowercase hex characters.
 * @throws RangeError when the key is not 32 bytes.
 */
export function fingerprint(noisePublicKey: Uint8Array): string {
  checkNoiseKey(noisePublicKey)
  return bytesToHex(sha256(noisePublicKey))
}

/** type ‖ senderID ‖ timestamp, reused per call (synchronous). */
const idHeader = new Uint8Array(1 + PEER_ID_BYTES + 8)

function packetDigest(packet: BitchatPacket): Uint8Array {
  const header = idHeader
  header[0] = packet.type
  const sender = packet.senderId
  // The sender as on the wire: 8 bytes, right-padded or truncated.
  const n = sender.length < PEER_ID_BYTES ? sender.length : PEER_ID_BYTES
  for (let i = 0; i < PEER_ID_BYTES; i++) header[1 + i] = i < n ? sender[i]! : 0
  writeU64BE(header, 1 + PEER_ID_BYTES, packet.timestamp)
  return sha256.create().update(header).update(packet.payload).digest()
}

/**
 * Packet ID used by gossip sync and duplicate suppression (§2.7.1):
 * `SHA-256(type ‖ senderID ‖ timestamp u64 BE ‖ payload)[0..16]`, over the **decompressed**
 * payload; TTL, flags, recipient, route and signature are excluded, so relayed copies share it.
 * @param packet - A packet (decoded or local).
 * @returns A new 16-byte array.
 */
export function packetId(packet: BitchatPacket): Uint8Array {
  return packetDigest(packet).slice(0, PACKET_ID_BYTES)
}

/**
 * {@link packetId} as 32 lowercase hex characters, a convenient key for dedup sets.
 * @param packet - A packet.
 * @returns 32 lowercase hex characters.
 */
export function packetIdHex(packet: BitchatPacket): string {
  return bytesToHex(packetDigest(packet).subarray(0, PACKET_ID_BYTES))
}

/**
 * Render an 8-byte peer ID as 16 lowercase hex characters (§4).
 * @param peerId - 8-byte peer ID.
 * @returns 16 lowercase hex characters.
 * @throws RangeError when `peerId` is not 8 bytes.
 */
export function peerIdToHex(peerId: Uint8Array): string {
  if (!isBytes(peerId) || peerId.length !== PEER_ID_BYTES) {
    throw new RangeError(`peerId must be a ${PEER_ID_BYTES}-byte Uint8Array`)
  }
  return bytesToHex(peerId)
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 97 && code <= 102) return code - 87
  if (code >= 65 && code <= 70) return code - 55
  return -1
}

/**
 * Hex → 8-byte peer ID the way both apps convert (§4): hex pairs left to right, at most 8 bytes,
 * right-padded with 0x00. A trailing odd character and characters beyond the 16th are ignored.
 * @param hex - Hex string (case-insensitive), normally 16 characters.
 * @returns A new 8-byte array.
 * @throws TypeError when a used pair is not hex (the apps disagree on that case: Android zeroes
 *   the byte, iOS rejects the ID).
 */
export function peerIdFromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string') throw new TypeError('peerIdFromHex: expected a string')
  const out = new Uint8Array(PEER_ID_BYTES)
  const pairs = Math.min(PEER_ID_BYTES, hex.length >>> 1)
  for (let i = 0; i < pairs; i++) {
    const hi = nibble(hex.charCodeAt(2 * i))
    const lo = nibble(hex.charCodeAt(2 * i + 1))
    if (hi < 0 || lo < 0) throw new TypeError(`peerIdFromHex: invalid hex at offset ${2 * i}`)
    out[i] = (hi << 4) | lo
  }
  return out
}

/**
 * Whether a recipient means broadcast (§1.8): absent (`null`/`undefined`) or all 0xFF. Both forms
 * are in use (iOS omits the recipient, Android writes FF×8).
 * @param recipientId - A packet's recipient ID.
 * @returns True for broadcast.
 */
export function isBroadcastRecipient(recipientId: Uint8Array | null | undefined): boolean {
  if (recipientId === null || recipientId === undefined) return true
  if (recipientId.length !== PEER_ID_BYTES) return false
  for (let i = 0; i < PEER_ID_BYTES; i++) if (recipientId[i] !== 0xff) return false
  return true
}
