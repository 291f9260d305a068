/**
 * Announce TLV `0xB1` (cluster state): the sender's beacon, plus its head's peer ID when it is a
 * member. It lets iOS nodes (which cannot advertise service data) publish their beacon, and tells
 * every announce reader which cluster a peer belongs to. bitchat peers skip the unknown TLV
 * (wire §1.9); `@bitmesh/wire-format`'s `decodeAnnounce` returns it in `unknownTlvs`.
 *
 * Value: `beacon (12 B)` or `beacon (12 B) ‖ headId (8 B)`; the head ID is allowed only when the
 * beacon's role is `member`.
 * @module
 */
import { DecodeError, DecodeReason } from '@bitmesh/interface'
import { BEACON_BYTES, BEACON_ID_BYTES, encodeBeaconInto, tryDecodeBeacon, type Beacon } from './beacon.js'
import { CLUSTER_ANNOUNCE_TLV } from './constants.js'

/** Decoded value of announce TLV `0xB1`. */
export interface ClusterAnnounce {
  /** The sender's beacon. */
  beacon: Beacon
  /** Peer ID of the sender's head (members only), or `null`. */
  headId: Uint8Array | null
}

/**
 * Encode the value of announce TLV `0xB1` (without the type and length bytes; pass it to
 * `encodeAnnounce` as `unknownTlvs: [{ type: CLUSTER_ANNOUNCE_TLV, value }]`).
 * @param value - Beacon and optional head ID.
 * @returns 12 or 20 bytes.
 * @throws TypeError when `headId` is not 8 bytes or is given for a non-member, or the beacon is invalid.
 */
export function encodeClusterAnnounce(value: ClusterAnnounce): Uint8Array {
  const { beacon, headId } = value
  if (headId !== null) {
    if (!(headId instanceof Uint8Array) || headId.length !== BEACON_ID_BYTES) throw new TypeError('headId must be 8 bytes')
    if (beacon.role !== 'member') throw new TypeError('only a member names a head')
  }
  const out = new Uint8Array(headId === null ? BEACON_BYTES : BEACON_BYTES + BEACON_ID_BYTES)
  encodeBeaconInto(beacon, out, 0)
  if (headId !== null) out.set(headId, BEACON_BYTES)
  return out
}

/**
 * Decode the value of announce TLV `0xB1`.
 * @param value - The TLV value.
 * @returns Beacon and head ID (views into `value`).
 * @throws DecodeError `BAD_LENGTH` unless 12 or 20 bytes, `BAD_VALUE` for a head ID on a
 *   non-member, or the beacon's own reasons.
 */
export function decodeClusterAnnounce(value: Uint8Array): ClusterAnnounce {
  if (value.length !== BEACON_BYTES && value.length !== BEACON_BYTES + BEACON_ID_BYTES) {
    throw new DecodeError(DecodeReason.BAD_LENGTH, `cluster TLV is ${value.length} bytes, expected 12 or 20`)
  }
  const r = tryDecodeBeacon(value.subarray(0, BEACON_BYTES))
  if (!r.ok) throw r.error
  if (value.length === BEACON_BYTES) return { beacon: r.beacon, headId: null }
  if (r.beacon.role !== 'member') throw new DecodeError(DecodeReason.BAD_VALUE, 'cluster TLV names a head for a non-member')
  return { beacon: r.beacon, headId: value.subarray(BEACON_BYTES) }
}

/**
 * Find and decode TLV `0xB1` among an announce's unknown TLVs.
 * @param unknownTlvs - `AnnouncePayload.unknownTlvs` from `@bitmesh/wire-format`.
 * @returns The cluster state, `null` when absent or malformed (a bad extension never rejects the announce).
 */
export function clusterAnnounceFrom(unknownTlvs: readonly { type: number; value: Uint8Array }[] | undefined): ClusterAnnounce | null {
  if (unknownTlvs === undefined) return null
  let found: Uint8Array | undefined
  // A repeated TLV overrides the earlier one, as both apps do for known TLVs.
  for (const tlv of unknownTlvs) if (tlv.type === CLUSTER_ANNOUNCE_TLV) found = tlv.value
  if (found === undefined) return null
  try {
    return decodeClusterAnnounce(found)
  } catch {
    return null
  }
}
