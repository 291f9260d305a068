/**
 * Packet decoder (§1): v1 and v2 headers, both broadcast forms, unknown flag bits ignored,
 * trailing bytes tolerated, PKCS#7 un-pad fallback (§1.4), the §1.5/§1.7 decompression limits,
 * and legacy-dialect detection (see `legacy.ts`).
 *
 * **Aliasing:** a decoded packet's `senderId`, `recipientId`, `route` hops, `signature`,
 * `wireCompression.deflated` and (for uncompressed packets) `payload` are *views into the input
 * frame*, not copies. That keeps decoding allocation-light; copy the frame (or the fields) before
 * reusing or mutating its buffer.
 * @module
 */
import { DecodeError, DecodeReason, type DecodeReasonValue } from '@bitmesh/interface'
import { isBytes } from './bytes.js'
import { checkLimit } from './compression.js'
import {
  MAX_COMPRESSION_RATIO,
  MAX_DECODED_PAYLOAD_BYTES,
  MIN_FRAME_BYTES,
  PacketFlag,
  PEER_ID_BYTES,
  SIGNATURE_BYTES,
  V1_HEADER_BYTES,
  V2_HEADER_BYTES,
} from './constants.js'
import { inflateBounded, inflateFailure } from './inflate-core.js'
import { isLegacyLz4Payload, isLegacyOnlyType } from './legacy.js'
import { unpadFrame } from './padding.js'
import type { BitchatPacket, PacketVersion } from './types.js'
import { readU64BE } from './u64.js'

/** Decoder options. Every field is optional; the defaults are bitchat's limits. */
export interface DecodeOptions {
  /**
   * Largest `payloadLength` and declared original (uncompressed) size accepted, in bytes.
   * Default {@link MAX_DECODED_PAYLOAD_BYTES} (iOS's cap, the stricter app).
   */
  maxPayloadBytes?: number
  /** Largest original ÷ compressed size ratio accepted. Default {@link MAX_COMPRESSION_RATIO}. */
  maxCompressionRatio?: number
  /**
   * Reject legacy-dialect frames with reason `LEGACY_DIALECT` (default `true`). When `false`,
   * legacy-only types decode as unknown types and LZ4 payloads fail as `BAD_COMPRESSION`.
   */
  detectLegacy?: boolean
}

/** Outcome of {@link tryDecodePacket}. */
export type DecodeResult =
  | { readonly ok: true; readonly packet: BitchatPacket }
  | { readonly ok: false; readonly reason: DecodeReasonValue; readonly message: string }

// Failure details of the last decodeCore call that returned null. Synchronous code only, so a
// module-level slot is safe and spares the hot path an exception or a result allocation.
let failReason: DecodeReasonValue = DecodeReason.TRUNCATED
let failMessage = ''

function fail(reason: DecodeReasonValue, message: string): null {
  failReason = reason
  failMessage = message
  return null
}

function truncated(what: string, offset: number, needed: number, length: number): null {
  return fail(DecodeReason.TRUNCATED, `frame ends before the ${what}: needs ${offset + needed} bytes, has ${length}`)
}

const HAS_RECIPIENT = PacketFlag.HAS_RECIPIENT
const HAS_SIGNATURE = PacketFlag.HAS_SIGNATURE
const IS_COMPRESSED = PacketFlag.IS_COMPRESSED
const HAS_ROUTE = PacketFlag.HAS_ROUTE
const IS_RSR = PacketFlag.IS_RSR

/** Decode one frame without the un-pad fallback; null + fail slot on error. */
function decodeCore(
  f: Uint8Array,
  maxPayloadBytes: number,
  maxRatio: number,
  detectLegacy: boolean,
): BitchatPacket | null {
  const length = f.length
  if (length < MIN_FRAME_BYTES) {
    return fail(DecodeReason.TRUNCATED, `frame of ${length} bytes is shorter than the ${MIN_FRAME_BYTES}-byte minimum`)
  }
  const version = f[0]!
  let offset: number
  let payloadLength: number
  if (version === 1) {
    payloadLength = (f[12]! << 8) | f[13]!
    offset = V1_HEADER_BYTES
  } else if (version === 2) {
    if (length < V2_HEADER_BYTES + PEER_ID_BYTES) {
      return fail(DecodeReason.TRUNCATED, `v2 frame of ${length} bytes is shorter than the ${V2_HEADER_BYTES + PEER_ID_BYTES}-byte minimum`)
    }
    payloadLength = ((f[12]! << 24) | (f[13]! << 16) | (f[14]! << 8) | f[15]!) >>> 0
    offset = V2_HEADER_BYTES
  } else {
    return fail(DecodeReason.BAD_VERSION, `unsupported version ${version}`)
  }
  if (payloadLength > maxPayloadBytes) {
    return fail(DecodeReason.BAD_LENGTH, `payloadLength ${payloadLength} exceeds ${maxPayloadBytes}`)
  }
  const type = f[1]!
  const flags = f[11]!

  const senderId = f.subarray(offset, offset + PEER_ID_BYTES)
  offset += PEER_ID_BYTES

  let recipientId: Uint8Array | null = null
  if ((flags & HAS_RECIPIENT) !== 0) {
    if (length - offset < PEER_ID_BYTES) return truncated('recipient ID', offset, PEER_ID_BYTES, length)
    recipientId = f.subarray(offset, offset + PEER_ID_BYTES)
    offset += PEER_ID_BYTES
  }

  let route: Uint8Array[] | null = null
  if (version === 2 && (flags & HAS_ROUTE) !== 0) {
    if (offset >= length) return truncated('route count', offset, 1, length)
    const count = f[offset++]!
    if (length - offset < count * PEER_ID_BYTES) return truncated('route', offset, count * PEER_ID_BYTES, length)
    if (count > 0) {
      route = new Array<Uint8Array>(count)
      for (let i = 0; i < count; i++) {
        route[i] = f.subarray(offset, offset + PEER_ID_BYTES)
        offset += PEER_ID_BYTES
      }
    }
  }

  if (length - offset < payloadLength) return truncated('payload', offset, payloadLength, length)
  const payloadEnd = offset + payloadLength

  let signature: Uint8Array | null = null
  if ((flags & HAS_SIGNATURE) !== 0) {
    if (length - payloadEnd < SIGNATURE_BYTES) return truncated('signature', payloadEnd, SIGNATURE_BYTES, length)
    signature = f.subarray(payloadEnd, payloadEnd + SIGNATURE_BYTES)
  }

  // Structure is sound; only now judge the type, so garbage is not reported as legacy.
  if (detectLegacy && version === 1 && isLegacyOnlyType(type)) {
    return fail(DecodeReason.LEGACY_DIALECT, `type 0x${type.toString(16).padStart(2, '0')} exists only in the legacy (pre-August-2025) dialect`)
  }

  let payload: Uint8Array
  let wireCompression: BitchatPacket['wireCompression']
  if ((flags & IS_COMPRESSED) !== 0) {
    const sizeWidth = version === 2 ? 4 : 2
    if (payloadLength < sizeWidth) {
      return fail(DecodeReason.BAD_LENGTH, `compressed payloadLength ${payloadLength} is shorter than the ${sizeWidth}-byte size field`)
    }
    const originalSize =
      version === 2
        ? ((f[offset]! << 24) | (f[offset + 1]! << 16) | (f[offset + 2]! << 8) | f[offset + 3]!) >>> 0
        : (f[offset]! << 8) | f[offset + 1]!
    const deflated = f.subarray(offset + sizeWidth, payloadEnd)
    const inflated = inflateBounded(deflated, originalSize, maxPayloadBytes, maxRatio)
    if (inflated === null) {
      if (detectLegacy && version === 1 && isLegacyLz4Payload(deflated, originalSize)) {
        return fail(DecodeReason.LEGACY_DIALECT, 'payload is LZ4-compressed (legacy pre-August-2025 dialect)')
      }
      return fail(inflateFailure.reason, inflateFailure.message)
    }
    payload = inflated
    wireCompression = { deflated }
  } else {
    payload = f.subarray(offset, payloadEnd)
    // Settled as uncompressed: re-encoding and signature checks need not try DEFLATE (§3.3).
    wireCompression = null
  }

  // One object shape for every decoded packet keeps consumers' property access monomorphic.
  return {
    version: version as PacketVersion,
    type,
    ttl: f[2]!,
    timestamp: readU64BE(f, 3),
    senderId,
    recipientId,
    route,
    payload,
    signature,
    isRsr: (flags & IS_RSR) !== 0,
    wireCompression,
  }
}

/** decodeCore, then the §1.4 retry on the un-padded frame; reports the first attempt's error. */
function decodeWithFallback(frame: Uint8Array, options: DecodeOptions | undefined): BitchatPacket | null {
  if (!isBytes(frame)) throw new TypeError('frame must be a Uint8Array')
  let maxPayloadBytes = MAX_DECODED_PAYLOAD_BYTES
  let maxRatio = MAX_COMPRESSION_RATIO
  let detectLegacy = true
  if (options !== undefined) {
    if (options.maxPayloadBytes !== undefined) {
      checkLimit('maxPayloadBytes', options.maxPayloadBytes)
      maxPayloadBytes = options.maxPayloadBytes
    }
    if (options.maxCompressionRatio !== undefined) {
      checkLimit('maxCompressionRatio', options.maxCompressionRatio)
      maxRatio = options.maxCompressionRatio
    }
    if (options.detectLegacy !== undefined) detectLegacy = options.detectLegacy
  }
  const packet = decodeCore(frame, maxPayloadBytes, maxRatio, detectLegacy)
  if (packet !== null) return packet
  const unpadded = unpadFrame(frame)
  if (unpadded === frame) return null
  const reason = failReason
  const message = failMessage
  const retry = decodeCore(unpadded, maxPayloadBytes, maxRatio, detectLegacy)
  if (retry !== null) return retry
  failReason = reason
  failMessage = message
  return null
}

/**
 * Decode one bitchat frame (§1). Accepts v1 and v2, both broadcast forms (no recipient, or
 * FF×8), unknown types and unknown flag bits, and trailing bytes (padding); retries once on the
 * PKCS#7-un-padded frame when the raw frame fails (§1.4). Compressed payloads are inflated under
 * the §1.5 limits and the received DEFLATE bytes are kept in `wireCompression`.
 *
 * The returned packet's byte fields may be views into `frame` (see the module note).
 * @param frame - One received frame.
 * @param options - Limits and legacy detection.
 * @returns The decoded packet.
 * @throws DecodeError with a `reason` from `DecodeReason` (code `LEGACY_DIALECT` for legacy frames).
 * @throws TypeError / RangeError for a non-Uint8Array frame or invalid options.
 */
export function decodePacket(frame: Uint8Array, options?: DecodeOptions): BitchatPacket {
  const packet = decodeWithFallback(frame, options)
  if (packet === null) throw new DecodeError(failReason, failMessage)
  return packet
}

/**
 * Non-throwing {@link decodePacket} for hot paths: bad input yields `{ ok: false, reason,
 * message }` and never an exception.
 * @param frame - One received frame. A non-`Uint8Array` yields `{ ok: false, reason: 'BAD_VALUE' }`.
 * @param options - As for {@link decodePacket}; invalid options still throw RangeError (misuse).
 * @returns `{ ok: true, packet }` or `{ ok: false, reason, message }`.
 */
export function tryDecodePacket(frame: Uint8Array, options?: DecodeOptions): DecodeResult {
  if (!isBytes(frame)) {
    return { ok: false, reason: DecodeReason.BAD_VALUE, message: 'frame must be a Uint8Array' }
  }
  const packet = decodeWithFallback(frame, options)
  if (packet === null) return { ok: false, reason: failReason, message: failMessage }
  return { ok: true, packet }
}
