/**
 * Packet encoder (§1). One allocation per frame: the exact (padded) size is computed first and
 * every section is written in place.
 * @module
 */
import { EncodeError } from '@bitmesh/interface'
import { allocFrame } from './alloc.js'
import { isBytes } from './bytes.js'
import { deflateRawPayload, shouldCompress } from './compression.js'
import {
  PacketFlag,
  PEER_ID_BYTES,
  SIGNATURE_BYTES,
  V1_HEADER_BYTES,
  V1_MAX_PAYLOAD_BYTES,
  V2_HEADER_BYTES,
} from './constants.js'
import { blePadsType, paddedLength } from './padding.js'
import type { BitchatPacket } from './types.js'
import { U64_MAX, writeU64BE } from './u64.js'

/** Encoder options. */
export interface EncodeOptions {
  /**
   * `'ble'` (default): pad only Noise types 0x10/0x11, as both apps do on BLE. `true`: pad every
   * frame (what the apps' encoder does by default, e.g. for `bitchat1:` Nostr embeddings).
   * `false`: never pad.
   */
  padding?: boolean | 'ble'
  /**
   * `'auto'` (default): reuse `packet.wireCompression` when present (`null`: stay uncompressed),
   * else compress when {@link shouldCompress} says so and the result is strictly smaller. `'none'`: send the payload
   * uncompressed. Note that bitchat verifiers rebuild the signing preimage with compression, so a
   * signed, compressible payload sent with `'none'` may fail verification on iOS.
   */
  compression?: 'auto' | 'none'
}

/** Padding modes of {@link encodeWith}. @internal */
export const PadMode = { NONE: 0, ALL: 1, BLE: 2 } as const
/** Union of {@link PadMode} values. @internal */
export type PadModeValue = (typeof PadMode)[keyof typeof PadMode]

const U32_MAX = 0xffff_ffff
const MAX_ROUTE_HOPS = 255

function checkByte(name: string, value: unknown): void {
  if (typeof value !== 'number' || (value & 0xff) !== value) {
    throw new RangeError(`packet.${name} must be an integer in 0…255, got ${String(value)}`)
  }
}

function checkId(name: string, value: unknown): asserts value is Uint8Array {
  if (!isBytes(value)) throw new TypeError(`packet.${name} must be a Uint8Array`)
}

/** Copy an ID into 8 bytes at `offset`, right-padded with zeros or truncated (§1.3). */
function writeId(out: Uint8Array, offset: number, id: Uint8Array): void {
  const n = id.length < PEER_ID_BYTES ? id.length : PEER_ID_BYTES
  for (let i = 0; i < n; i++) out[offset + i] = id[i]!
}

/**
 * Shared encoder behind {@link encodePacket} and `signingBytes`.
 * @param packet - The packet.
 * @param pad - Padding policy.
 * @param compress - Whether `'auto'` compression applies.
 * @param forSigning - Build the §3.2 preimage: TTL 0, no signature, RSR clear.
 * @internal
 */
export function encodeWith(packet: BitchatPacket, pad: PadModeValue, compress: boolean, forSigning: boolean): Uint8Array {
  if (typeof packet !== 'object' || packet === null) throw new TypeError('packet must be an object')
  const version = packet.version
  if (version !== 1 && version !== 2) throw new RangeError(`packet.version must be 1 or 2, got ${String(version)}`)
  const type = packet.type
  checkByte('type', type)
  const ttl = packet.ttl
  checkByte('ttl', ttl)
  const timestamp = packet.timestamp
  if (typeof timestamp !== 'bigint') throw new TypeError('packet.timestamp must be a bigint (milliseconds)')
  if (timestamp < 0n || timestamp > U64_MAX) throw new RangeError('packet.timestamp must fit in a u64')
  const senderId = packet.senderId
  checkId('senderId', senderId)
  const recipientId = packet.recipientId
  if (recipientId !== null) checkId('recipientId', recipientId)
  const payload = packet.payload
  if (!isBytes(payload)) throw new TypeError('packet.payload must be a Uint8Array')
  const signature = forSigning ? null : packet.signature
  if (signature !== null) {
    if (!isBytes(signature)) throw new TypeError('packet.signature must be a Uint8Array or null')
    if (signature.length !== SIGNATURE_BYTES) {
      throw new RangeError(`packet.signature must be ${SIGNATURE_BYTES} bytes, got ${signature.length}`)
    }
  }
  const v2 = version === 2

  // Compression: reuse the received bytes when we have them (§3.3), else the §1.5 rule.
  let body = payload
  let compressed = false
  if (compress) {
    const wire = packet.wireCompression
    if (wire !== undefined && wire !== null) {
      body = wire.deflated
      if (!isBytes(body) || body.length === 0) {
        throw new RangeError('packet.wireCompression.deflated must be a non-empty Uint8Array')
      }
      compressed = true
    } else if (wire === undefined && shouldCompress(payload, version)) {
      const deflated = deflateRawPayload(payload)
      if (deflated !== null) {
        body = deflated
        compressed = true
      }
    }
  }
  const sizeWidth = compressed ? (v2 ? 4 : 2) : 0
  const payloadLength = body.length + sizeWidth
  if (v2 ? payloadLength > U32_MAX : payloadLength > V1_MAX_PAYLOAD_BYTES) {
    throw new EncodeError(`payload section of ${payloadLength} bytes does not fit a v${version} header; use version 2`)
  }
  if (compressed && !v2 && payload.length > V1_MAX_PAYLOAD_BYTES) {
    throw new EncodeError(`original size ${payload.length} does not fit a v1 size field; use version 2`)
  }

  // Source route: v2 only; an empty list means "no route" (§1.3).
  const route = v2 ? packet.route : null
  let hops = 0
  if (route !== null && route !== undefined) {
    if (!Array.isArray(route)) throw new TypeError('packet.route must be an array or null')
    hops = route.length
    if (hops > MAX_ROUTE_HOPS) throw new EncodeError(`route has ${hops} hops; at most ${MAX_ROUTE_HOPS} fit`)
    for (let i = 0; i < hops; i++) {
      const hop: unknown = route[i]
      checkId('route[]', hop)
      if (hop.length === 0) throw new EncodeError(`route hop ${i} is empty`)
    }
  }

  let flags = 0
  if (recipientId !== null) flags |= PacketFlag.HAS_RECIPIENT
  if (signature !== null) flags |= PacketFlag.HAS_SIGNATURE
  if (compressed) flags |= PacketFlag.IS_COMPRESSED
  if (hops > 0) flags |= PacketFlag.HAS_ROUTE
  if (!forSigning && packet.isRsr) flags |= PacketFlag.IS_RSR

  const headerBytes = v2 ? V2_HEADER_BYTES : V1_HEADER_BYTES
  const rawLength =
    headerBytes +
    PEER_ID_BYTES +
    (recipientId !== null ? PEER_ID_BYTES : 0) +
    (hops > 0 ? 1 + hops * PEER_ID_BYTES : 0) +
    payloadLength +
    (signature !== null ? SIGNATURE_BYTES : 0)
  const padded = pad === PadMode.ALL || (pad === PadMode.BLE && blePadsType(type))
  const total = padded ? paddedLength(rawLength) : rawLength

  const out = allocFrame(total)
  out[0] = version
  out[1] = type
  out[2] = forSigning ? 0 : ttl
  writeU64BE(out, 3, timestamp)
  out[11] = flags
  let o: number
  if (v2) {
    out[12] = payloadLength >>> 24
    out[13] = payloadLength >>> 16
    out[14] = payloadLength >>> 8
    out[15] = payloadLength
    o = V2_HEADER_BYTES
  } else {
    out[12] = payloadLength >>> 8
    out[13] = payloadLength
    o = V1_HEADER_BYTES
  }
  writeId(out, o, senderId)
  o += PEER_ID_BYTES
  if (recipientId !== null) {
    writeId(out, o, recipientId)
    o += PEER_ID_BYTES
  }
  if (hops > 0) {
    out[o++] = hops
    for (let i = 0; i < hops; i++) {
      writeId(out, o, route![i]!)
      o += PEER_ID_BYTES
    }
  }
  if (compressed) {
    const originalSize = payload.length
    if (v2) {
      out[o] = originalSize >>> 24
      out[o + 1] = originalSize >>> 16
      out[o + 2] = originalSize >>> 8
      out[o + 3] = originalSize
    } else {
      out[o] = originalSize >>> 8
      out[o + 1] = originalSize
    }
    o += sizeWidth
  }
  out.set(body, o)
  o += body.length
  if (signature !== null) out.set(signature, o)
  if (total > rawLength) out.fill(total - rawLength, rawLength)
  return out
}

/**
 * Encode a packet to a frame (§1). Writes v1 or v2 as `packet.version` says; the route is written
 * only for v2 (and only when non-empty). IDs shorter than 8 bytes are right-padded with zeros and
 * longer ones truncated, as both apps do. Reserved flag bits are never emitted.
 * @param packet - The packet; `payload` is the uncompressed payload.
 * @param options - Padding and compression policy.
 * @returns A new frame. Frames up to 1 KiB are views into a shared, never-reused 16 KiB slab
 *   (`byteOffset` may be non-zero); `slice()` one to keep it compactly.
 * @throws EncodeError when the payload section exceeds 65 535 bytes in v1 (use v2), the route has
 *   more than 255 hops, or a hop is empty.
 * @throws TypeError / RangeError for malformed packet fields (wrong types, out-of-range numbers, a
 *   signature that is not 64 bytes) or invalid options.
 */
export function encodePacket(packet: BitchatPacket, options?: EncodeOptions): Uint8Array {
  let pad: PadModeValue = PadMode.BLE
  let compress = true
  if (options !== undefined) {
    const padding = options.padding
    if (padding === true) pad = PadMode.ALL
    else if (padding === false) pad = PadMode.NONE
    else if (padding !== undefined && padding !== 'ble') throw new TypeError(`invalid padding option: ${String(padding)}`)
    const compression = options.compression
    if (compression === 'none') compress = false
    else if (compression !== undefined && compression !== 'auto') {
      throw new TypeError(`invalid compression option: ${String(compression)}`)
    }
  }
  return encodeWith(packet, pad, compress, false)
}
