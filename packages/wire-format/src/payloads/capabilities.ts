/**
 * Peer capability bits (announce TLV `0x05`, authenticated peer state TLV `0x01`;
 * `shared/spec/bitchat-wire.md` §2.2, §2.5.6). The wire form is a minimal little-endian bitfield
 * of 1–8 bytes; BitMesh models it as a `bigint` so all 64 bits survive a round trip.
 * @module
 */
import { checkUnsignedBigInt, minimalLeBitfield, readLeBitfield } from './internal/bin.js'

/** Capability bits (§2.2 table). Unknown bits are legal and must be preserved. */
export const PeerCapability = {
  /** Bit 0: one-time prekey bundles. */
  PREKEYS: 0x001n,
  /** Bit 1: Wi-Fi bulk transfer. */
  WIFI_BULK: 0x002n,
  /** Bit 2: internet gateway (runtime toggle on iOS). */
  GATEWAY: 0x004n,
  /** Bit 3: private groups. */
  GROUPS: 0x008n,
  /** Bit 4: bulletin board. */
  BOARD: 0x010n,
  /** Bit 5: web-of-trust vouches. */
  VOUCH: 0x020n,
  /** Bit 6: mesh diagnostics (ping/pong). */
  MESH_DIAGNOSTICS: 0x040n,
  /** Bit 7: mesh bridge; advertised together with announce TLV `0x06`. */
  BRIDGE: 0x080n,
  /** Bit 8: encrypted private media (Noise payload `0x20`). */
  PRIVATE_MEDIA: 0x100n,
  /** Bit 9: private-media delivery/read receipts. */
  PRIVATE_MEDIA_RECEIPTS: 0x200n,
  /** Bit 10: reserved by iOS test builds; decode it, never advertise it. */
  NON_DESTRUCTIVE_NOISE_REPLACEMENT: 0x400n,
} as const

/** What iOS advertises by default: prekeys, groups, vouch, privateMedia, privateMediaReceipts. */
export const IOS_DEFAULT_CAPABILITIES = 0x0329n
/** What Android advertises: privateMedia only. */
export const ANDROID_DEFAULT_CAPABILITIES = 0x0100n

/**
 * True when every bit of `capability` is set in `capabilities`.
 * @param capabilities - A decoded bitfield.
 * @param capability - One or more {@link PeerCapability} bits.
 * @returns Whether all requested bits are present.
 */
export function hasCapability(capabilities: bigint, capability: bigint): boolean {
  return (capabilities & capability) === capability
}

/**
 * Encode a capability bitfield in its canonical wire form (minimal little-endian, ≥ 1 byte).
 * @param capabilities - 0 … 2^64−1.
 * @returns 1–8 bytes, e.g. `0x0329n` → `29 03`.
 * @throws RangeError when out of the u64 range; TypeError when not a bigint.
 */
export function encodeCapabilities(capabilities: bigint): Uint8Array {
  checkUnsignedBigInt(capabilities, 64, 'capabilities')
  return minimalLeBitfield(capabilities)
}

/**
 * Decode a capability field the lenient way both apps do for announces: any length, only the
 * low 8 bytes read, an empty field is 0.
 * @param bytes - The TLV value.
 * @returns The bitfield.
 */
export function decodeCapabilities(bytes: Uint8Array): bigint {
  return readLeBitfield(bytes)
}

/**
 * True when `bytes` is the canonical encoding of a capability bitfield: 1–8 bytes and no trailing
 * zero byte unless it is the only byte. Required inside authenticated payloads (§2.5.6) so one
 * capability set has exactly one byte form.
 * @param bytes - The TLV value.
 * @returns Whether the encoding is minimal.
 */
export function isCanonicalCapabilities(bytes: Uint8Array): boolean {
  if (bytes.length < 1 || bytes.length > 8) return false
  return bytes.length === 1 || bytes[bytes.length - 1] !== 0
}
