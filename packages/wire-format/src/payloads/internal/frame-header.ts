/**
 * Reads the routing fields of an encoded packet frame without touching its payload, so a frame
 * can be fragmented without inflating a compressed payload (§1.1–§1.3 layout).
 * @module
 */
import { DecodeReason } from '@bitmesh/interface'
import { PacketFlag, PEER_ID_BYTES, V1_HEADER_BYTES, V2_HEADER_BYTES } from '../../packet/constants.js'
import type { PacketVersion } from '../../packet/types.js'
import { fail, readU64 } from './bin.js'

/** Header fields a fragment inherits from its original packet. */
export interface FrameHeader {
  version: PacketVersion
  type: number
  ttl: number
  timestamp: bigint
  isRsr: boolean
  senderId: Uint8Array
  recipientId: Uint8Array | null
  route: Uint8Array[] | null
}

/**
 * Parse the fixed header, sender, recipient and route of a frame.
 * @param frame - A complete encoded packet.
 * @returns Its routing fields (ID arrays are views into `frame`).
 * @throws DecodeError `BAD_VERSION` / `TRUNCATED` when the frame cannot be a packet.
 */
export function peekFrameHeader(frame: Uint8Array): FrameHeader {
  if (frame.length === 0) throw fail(DecodeReason.TRUNCATED, 'empty frame')
  const version = frame[0]
  if (version !== 1 && version !== 2) throw fail(DecodeReason.BAD_VERSION, `frame version ${version} is not 1 or 2`)
  let offset = version === 1 ? V1_HEADER_BYTES : V2_HEADER_BYTES
  if (frame.length < offset + PEER_ID_BYTES) throw fail(DecodeReason.TRUNCATED, 'frame shorter than its header')
  const flags = frame[11]!
  const senderId = frame.subarray(offset, offset + PEER_ID_BYTES)
  offset += PEER_ID_BYTES
  let recipientId: Uint8Array | null = null
  if ((flags & PacketFlag.HAS_RECIPIENT) !== 0) {
    if (frame.length < offset + PEER_ID_BYTES) throw fail(DecodeReason.TRUNCATED, 'frame ends inside the recipient ID')
    recipientId = frame.subarray(offset, offset + PEER_ID_BYTES)
    offset += PEER_ID_BYTES
  }
  let route: Uint8Array[] | null = null
  // HAS_ROUTE is honoured only on v2 (both decoders ignore it on v1).
  if (version === 2 && (flags & PacketFlag.HAS_ROUTE) !== 0) {
    if (frame.length < offset + 1) throw fail(DecodeReason.TRUNCATED, 'frame ends before the route count')
    const count = frame[offset]!
    offset += 1
    if (frame.length < offset + count * PEER_ID_BYTES) throw fail(DecodeReason.TRUNCATED, 'frame ends inside the route')
    if (count > 0) {
      route = []
      for (let i = 0; i < count; i++) route.push(frame.subarray(offset + i * PEER_ID_BYTES, offset + (i + 1) * PEER_ID_BYTES))
    }
  }
  return {
    version,
    type: frame[1]!,
    ttl: frame[2]!,
    timestamp: readU64(frame, 3),
    isRsr: (flags & PacketFlag.IS_RSR) !== 0,
    senderId,
    recipientId,
    route,
  }
}
