/**
 * The BitMesh announce TLV (`docs/protocol.md`): how a BitMesh node tells neighbours which
 * BitMesh rules it follows. bitchat decoders skip unknown announce TLVs (§2.2), so plain bitchat
 * peers are unaffected; BitMesh peers use it to take shortcuts only toward nodes that honour them.
 * @module
 */
import type { UnknownTlv } from '@bitmesh/wire-format'

/** Announce TLV type of the BitMesh feature record (reserved range 0xB0–0xBF). */
export const BITMESH_ANNOUNCE_TLV = 0xb0
/** Version of the record's layout. */
export const BITMESH_TLV_VERSION = 1

/** Feature bits of the record (byte 1, little-endian bitfield). */
export const BitmeshFeature = {
  /** Relays broadcasts by the `bitmesh` multipoint-relay rules (covers all its own neighbours). */
  MPR_RELAY: 0x01,
} as const

/**
 * The TLV for an announce.
 * @param features - OR of {@link BitmeshFeature} bits.
 * @returns The TLV to put in `unknownTlvs`.
 */
export function bitmeshTlv(features: number): UnknownTlv {
  return { type: BITMESH_ANNOUNCE_TLV, value: Uint8Array.of(BITMESH_TLV_VERSION, features & 0xff) }
}

/**
 * Read the BitMesh feature bits from an announce's unknown TLVs.
 * @param tlvs - `AnnouncePayload.unknownTlvs`.
 * @returns The feature bits, or `null` when the peer sent no (well-formed) BitMesh TLV.
 */
export function bitmeshFeatures(tlvs: readonly UnknownTlv[] | undefined): number | null {
  if (tlvs === undefined) return null
  for (const tlv of tlvs) {
    // A later version keeps byte 1 as these bits; an empty or one-byte record carries none.
    if (tlv.type === BITMESH_ANNOUNCE_TLV && tlv.value.length >= 2 && tlv.value[0]! >= 1) return tlv.value[1]!
  }
  return null
}
