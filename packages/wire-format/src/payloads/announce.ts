/**
 * ANNOUNCE (`0x01`) payload: a TLV list with 1-byte type and 1-byte length
 * (`shared/spec/bitchat-wire.md` §2.2).
 * @module
 */
import { DecodeReason } from '@bitmesh/interface'
import { utf8Encode } from '../packet/bytes.js'
import { checkBytes, checkIsBytes, fail, cannotEncode } from './internal/bin.js'
import { forEachTlv, TlvWriter } from './internal/tlv.js'
import { tryUtf8 } from './internal/text.js'
import { decodeCapabilities, encodeCapabilities } from './capabilities.js'

/** Announce TLV type numbers. */
export const AnnounceTlv = {
  NICKNAME: 0x01,
  NOISE_PUBLIC_KEY: 0x02,
  SIGNING_PUBLIC_KEY: 0x03,
  DIRECT_NEIGHBORS: 0x04,
  CAPABILITIES: 0x05,
  BRIDGE_GEOHASH: 0x06,
} as const

/** Size of the X25519 and Ed25519 public keys carried in an announce. */
export const ANNOUNCE_KEY_BYTES = 32
/** Most direct neighbours an announce carries (iOS sends at most 10). */
export const MAX_ANNOUNCE_NEIGHBORS = 10
/** Longest bridge geohash (characters == bytes; the geohash alphabet is ASCII). */
export const MAX_BRIDGE_GEOHASH_BYTES = 12

/** A TLV this codec does not interpret, kept verbatim so a re-encode does not erase it. */
export interface UnknownTlv {
  /** Type byte. */
  readonly type: number
  /** Value bytes. */
  readonly value: Uint8Array
}

/** Decoded ANNOUNCE payload. */
export interface AnnouncePayload {
  /** Display name, 0–255 UTF-8 bytes. */
  nickname: string
  /** 32-byte X25519 Noise static public key; SHA-256 of it must start with the sender ID. */
  noisePublicKey: Uint8Array
  /** 32-byte Ed25519 key the packet signature must verify under. */
  signingPublicKey: Uint8Array
  /** 8-byte peer IDs of the sender's direct links; `undefined` when absent or malformed. */
  directNeighbors?: Uint8Array[] | undefined
  /** Capability bitfield (see `PeerCapability`); `undefined` when the TLV is absent. */
  capabilities?: bigint | undefined
  /** Mesh-bridge rendezvous geohash (iOS-only TLV `0x06`). */
  bridgeGeohash?: string | undefined
  /** TLVs of unknown types, in wire order; emitted after the known ones. */
  unknownTlvs?: UnknownTlv[] | undefined
}

/**
 * Encode an announce in iOS order: 01, 02, 03, [04], [05], [06], then unknown TLVs in order.
 * Empty `directNeighbors` and an empty `bridgeGeohash` are omitted, as iOS does.
 * @param announce - The fields.
 * @returns The TLV payload.
 * @throws EncodeError when the nickname exceeds 255 UTF-8 bytes, more than 10 neighbours are
 *   given, the bridge geohash exceeds 12 bytes or an unknown TLV value exceeds 255 bytes.
 * @throws TypeError when a key is not 32 bytes or a neighbour ID not 8 bytes.
 * @throws RangeError when an unknown TLV uses a known or out-of-range type number.
 */
export function encodeAnnounce(announce: AnnouncePayload): Uint8Array {
  checkBytes(announce.noisePublicKey, ANNOUNCE_KEY_BYTES, 'noisePublicKey')
  checkBytes(announce.signingPublicKey, ANNOUNCE_KEY_BYTES, 'signingPublicKey')
  const w = new TlvWriter(1)
  w.add(AnnounceTlv.NICKNAME, utf8Encode(announce.nickname), 'nickname')
  w.add(AnnounceTlv.NOISE_PUBLIC_KEY, announce.noisePublicKey, 'noisePublicKey')
  w.add(AnnounceTlv.SIGNING_PUBLIC_KEY, announce.signingPublicKey, 'signingPublicKey')
  const neighbors = announce.directNeighbors
  if (neighbors !== undefined && neighbors.length > 0) {
    if (neighbors.length > MAX_ANNOUNCE_NEIGHBORS) {
      throw cannotEncode(`${neighbors.length} direct neighbours; at most ${MAX_ANNOUNCE_NEIGHBORS} fit`)
    }
    const joined = new Uint8Array(neighbors.length * 8)
    neighbors.forEach((id, i) => {
      checkBytes(id, 8, `directNeighbors[${i}]`)
      joined.set(id, i * 8)
    })
    w.add(AnnounceTlv.DIRECT_NEIGHBORS, joined, 'directNeighbors')
  }
  if (announce.capabilities !== undefined) {
    w.add(AnnounceTlv.CAPABILITIES, encodeCapabilities(announce.capabilities), 'capabilities')
  }
  if (announce.bridgeGeohash !== undefined && announce.bridgeGeohash !== '') {
    const cell = utf8Encode(announce.bridgeGeohash)
    if (cell.length > MAX_BRIDGE_GEOHASH_BYTES) {
      throw cannotEncode(`bridgeGeohash is ${cell.length} bytes; at most ${MAX_BRIDGE_GEOHASH_BYTES}`)
    }
    w.add(AnnounceTlv.BRIDGE_GEOHASH, cell, 'bridgeGeohash')
  }
  for (const tlv of announce.unknownTlvs ?? []) {
    if (!Number.isInteger(tlv.type) || tlv.type < 0 || tlv.type > 0xff) {
      throw new RangeError(`unknown TLV type ${tlv.type} is not a byte`)
    }
    if (tlv.type >= AnnounceTlv.NICKNAME && tlv.type <= AnnounceTlv.BRIDGE_GEOHASH) {
      throw new RangeError(`TLV type 0x0${tlv.type} is a known announce field, not an unknown TLV`)
    }
    checkIsBytes(tlv.value, 'unknown TLV value')
    w.add(tlv.type, tlv.value, `unknown TLV 0x${tlv.type.toString(16)}`)
  }
  return w.finish()
}

/**
 * Decode an announce. Order-independent; a repeated TLV overrides the earlier one (both apps);
 * a single trailing byte too short for a TLV header is ignored (both apps). Stricter than iOS in
 * one place: keys must be exactly 32 bytes (a shorter key can never pass the receiver checks,
 * and Android already rejects a short signing key).
 * @param payload - The ANNOUNCE payload.
 * @returns The decoded fields; byte fields are views into `payload`.
 * @throws DecodeError `TRUNCATED` when a TLV runs past the end, `BAD_TLV` when nickname or a key
 *   is missing, `BAD_LENGTH` for a key that is not 32 bytes, `BAD_UTF8` for a nickname that is
 *   not UTF-8.
 */
export function decodeAnnounce(payload: Uint8Array): AnnouncePayload {
  // `null` = present but not valid UTF-8 (iOS turns that into nil, which rejects the announce).
  let nickname: string | null | undefined
  let noisePublicKey: Uint8Array | undefined
  let signingPublicKey: Uint8Array | undefined
  let directNeighbors: Uint8Array[] | undefined
  let capabilities: bigint | undefined
  let bridgeGeohash: string | undefined
  const unknownTlvs: UnknownTlv[] = []

  forEachTlv(payload, 0, 1, 'ignore', (type, value) => {
    switch (type) {
      case AnnounceTlv.NICKNAME:
        nickname = tryUtf8(value)
        break
      case AnnounceTlv.NOISE_PUBLIC_KEY:
        noisePublicKey = requireKey(value, 'noisePublicKey')
        break
      case AnnounceTlv.SIGNING_PUBLIC_KEY:
        signingPublicKey = requireKey(value, 'signingPublicKey')
        break
      case AnnounceTlv.DIRECT_NEIGHBORS:
        // iOS ignores an empty or non-multiple-of-8 field rather than rejecting the announce.
        if (value.length > 0 && value.length % 8 === 0) {
          directNeighbors = []
          for (let i = 0; i < value.length; i += 8) directNeighbors.push(value.subarray(i, i + 8))
        }
        break
      case AnnounceTlv.CAPABILITIES:
        capabilities = decodeCapabilities(value)
        break
      case AnnounceTlv.BRIDGE_GEOHASH:
        // iOS ignores an over-long or non-UTF-8 cell.
        if (value.length <= MAX_BRIDGE_GEOHASH_BYTES) bridgeGeohash = tryUtf8(value) ?? undefined
        break
      default:
        unknownTlvs.push({ type, value })
    }
  })

  if (nickname === undefined) throw fail(DecodeReason.BAD_TLV, 'announce has no nickname TLV')
  if (nickname === null) throw fail(DecodeReason.BAD_UTF8, 'announce nickname is not valid UTF-8')
  if (noisePublicKey === undefined) throw fail(DecodeReason.BAD_TLV, 'announce has no noise public key TLV')
  if (signingPublicKey === undefined) throw fail(DecodeReason.BAD_TLV, 'announce has no signing public key TLV')
  const out: AnnouncePayload = { nickname, noisePublicKey, signingPublicKey }
  if (directNeighbors !== undefined) out.directNeighbors = directNeighbors
  if (capabilities !== undefined) out.capabilities = capabilities
  if (bridgeGeohash !== undefined) out.bridgeGeohash = bridgeGeohash
  if (unknownTlvs.length > 0) out.unknownTlvs = unknownTlvs
  return out
}

function requireKey(value: Uint8Array, name: string): Uint8Array {
  if (value.length !== ANNOUNCE_KEY_BYTES) {
    throw fail(DecodeReason.BAD_LENGTH, `announce ${name} is ${value.length} bytes, expected ${ANNOUNCE_KEY_BYTES}`)
  }
  return value
}
