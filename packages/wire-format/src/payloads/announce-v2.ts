/**
 * ANNOUNCE_V2 (`0x2C`) payload (`shared/spec/bitchat-wire.md` §2.10; iOS `AnnounceV2Packet`):
 * identity-free presence for rotating peer IDs. iOS parses and ignores it and nothing emits it
 * yet; decoded here so the inspector can show it. TLVs with 1-byte type and 1-byte length.
 * @module
 */
import { DecodeReason } from '@bitmesh/interface'
import { utf8Encode } from '../packet/bytes.js'
import { cannotEncode, checkBytes, checkUnsigned, fail, readU32, writeU32 } from './internal/bin.js'
import { forEachTlv, TlvWriter } from './internal/tlv.js'
import { tryUtf8 } from './internal/text.js'
import { decodeCapabilities, encodeCapabilities, isCanonicalCapabilities } from './capabilities.js'

/** AnnounceV2 TLV type numbers. */
export const AnnounceV2Tlv = {
  EPOCH: 0x01,
  TAG_BLOCK: 0x02,
  CAPABILITIES: 0x03,
  BRIDGE_GEOHASH: 0x04,
} as const

/** Tag block size: 8 slots × 8-byte recognition tags (fixed, hiding how many are real). */
export const ANNOUNCE_V2_TAG_BLOCK_BYTES = 64

/** A decoded ANNOUNCE_V2 payload. */
export interface AnnounceV2Payload {
  /** Rotation epoch. */
  epoch: number
  /** 64-byte block of pairwise recognition tags. */
  tagBlock: Uint8Array
  /** Capability bits, when present. */
  capabilities?: bigint | undefined
  /** Bridge rendezvous cell, when present. */
  bridgeGeohash?: string | undefined
}

/**
 * Encode 01 epoch, 02 tag block, [03 capabilities], [04 geohash].
 * @param announce - The fields.
 * @returns The TLV payload.
 * @throws TypeError for a tag block that is not 64 bytes; RangeError for a bad epoch or
 *   capability value; EncodeError for a geohash over 12 bytes.
 */
export function encodeAnnounceV2(announce: AnnounceV2Payload): Uint8Array {
  checkUnsigned(announce.epoch, 32, 'epoch')
  checkBytes(announce.tagBlock, ANNOUNCE_V2_TAG_BLOCK_BYTES, 'tagBlock')
  const epoch = new Uint8Array(4)
  writeU32(epoch, 0, announce.epoch)
  const w = new TlvWriter(1).add(AnnounceV2Tlv.EPOCH, epoch, 'epoch').add(AnnounceV2Tlv.TAG_BLOCK, announce.tagBlock, 'tagBlock')
  if (announce.capabilities !== undefined) w.add(AnnounceV2Tlv.CAPABILITIES, encodeCapabilities(announce.capabilities), 'capabilities')
  if (announce.bridgeGeohash !== undefined && announce.bridgeGeohash !== '') {
    const cell = utf8Encode(announce.bridgeGeohash)
    if (cell.length > 12) throw cannotEncode('bridgeGeohash is over 12 bytes')
    w.add(AnnounceV2Tlv.BRIDGE_GEOHASH, cell, 'bridgeGeohash')
  }
  return w.finish()
}

/**
 * Decode with iOS's rules: exact epoch and tag-block sizes, canonical capabilities, geohash ≤ 12
 * UTF-8 bytes, unknown TLVs skipped, a partial trailing header rejects.
 * @param payload - The TLV payload.
 * @returns The fields (`tagBlock` is a view into `payload`).
 * @throws DecodeError `TRUNCATED`, `BAD_LENGTH`, `BAD_TLV`, `BAD_UTF8`.
 */
export function decodeAnnounceV2(payload: Uint8Array): AnnounceV2Payload {
  let epoch: number | undefined
  let tagBlock: Uint8Array | undefined
  let capabilities: bigint | undefined
  let bridgeGeohash: string | undefined
  forEachTlv(payload, 0, 1, 'reject', (type, v) => {
    switch (type) {
      case AnnounceV2Tlv.EPOCH:
        if (v.length !== 4) throw fail(DecodeReason.BAD_LENGTH, 'announceV2 epoch is not 4 bytes')
        epoch = readU32(v, 0)
        break
      case AnnounceV2Tlv.TAG_BLOCK:
        if (v.length !== ANNOUNCE_V2_TAG_BLOCK_BYTES) throw fail(DecodeReason.BAD_LENGTH, 'announceV2 tag block is not 64 bytes')
        tagBlock = v
        break
      case AnnounceV2Tlv.CAPABILITIES:
        if (!isCanonicalCapabilities(v)) throw fail(DecodeReason.BAD_TLV, 'announceV2 capabilities are not canonical')
        capabilities = decodeCapabilities(v)
        break
      case AnnounceV2Tlv.BRIDGE_GEOHASH: {
        if (v.length > 12) throw fail(DecodeReason.BAD_LENGTH, 'announceV2 geohash is over 12 bytes')
        const text = tryUtf8(v)
        if (text === null) throw fail(DecodeReason.BAD_UTF8, 'announceV2 geohash is not UTF-8')
        bridgeGeohash = text
        break
      }
      default:
    }
  })
  if (epoch === undefined || tagBlock === undefined) throw fail(DecodeReason.BAD_TLV, 'announceV2 lacks epoch or tag block')
  const out: AnnounceV2Payload = { epoch, tagBlock }
  if (capabilities !== undefined) out.capabilities = capabilities
  if (bridgeGeohash !== undefined) out.bridgeGeohash = bridgeGeohash
  return out
}
