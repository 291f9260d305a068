/**
 * The stream preface: the first bytes each side writes on a fast-link byte stream. It proves the
 * peer speaks BitMesh stream framing (magic + version), announces the largest frame it accepts
 * (the link MTU is the smaller of the two), an optional datagram port for the unreliable plane,
 * and a short label (the platform address the peer is known by, e.g. its Wi-Fi P2P device address).
 * @module
 */
import { DecodeError, DecodeReason, EncodeError } from '@bitmesh/interface'
import { utf8DecodeStrict, utf8Encode } from '../packet/bytes.js'
import {
  STREAM_FRAMING_VERSION,
  STREAM_MAX_FRAME_CEILING_BYTES,
  STREAM_PREFACE_FIXED_BYTES,
  STREAM_PREFACE_MAGIC,
  STREAM_PREFACE_MAX_LABEL_BYTES,
} from './constants.js'

/** What a stream preface announces. */
export interface StreamPreface {
  /** Largest frame, in bytes, this side accepts (1 … {@link STREAM_MAX_FRAME_CEILING_BYTES}). */
  maxFrameBytes: number
  /** UDP port of this side's datagram plane, or 0 when it has none. */
  datagramPort: number
  /** The address this side is known by on the platform (≤ 255 UTF-8 bytes; may be empty). */
  label: string
}

/**
 * Encode a preface.
 * @param preface - fields to announce
 * @returns the preface bytes (13 + label length)
 * @throws EncodeError when the label is longer than 255 UTF-8 bytes
 * @throws RangeError when `maxFrameBytes` or `datagramPort` is out of range
 */
export function encodeStreamPreface(preface: StreamPreface): Uint8Array {
  const { maxFrameBytes, datagramPort } = preface
  if (!Number.isInteger(maxFrameBytes) || maxFrameBytes < 1 || maxFrameBytes > STREAM_MAX_FRAME_CEILING_BYTES) {
    throw new RangeError(`maxFrameBytes must be an integer in 1..${STREAM_MAX_FRAME_CEILING_BYTES}`)
  }
  if (!Number.isInteger(datagramPort) || datagramPort < 0 || datagramPort > 0xffff) throw new RangeError('datagramPort must be in 0..65535')
  const label = utf8Encode(preface.label)
  if (label.length > STREAM_PREFACE_MAX_LABEL_BYTES) throw new EncodeError(`preface label of ${label.length} bytes exceeds ${STREAM_PREFACE_MAX_LABEL_BYTES}`)
  const out = new Uint8Array(STREAM_PREFACE_FIXED_BYTES + label.length)
  out.set(STREAM_PREFACE_MAGIC, 0)
  out[4] = STREAM_FRAMING_VERSION
  out[5] = 0 // flags: none defined in version 1
  const view = new DataView(out.buffer)
  view.setUint32(6, maxFrameBytes)
  view.setUint16(10, datagramPort)
  out[12] = label.length
  out.set(label, STREAM_PREFACE_FIXED_BYTES)
  return out
}

/**
 * Total length of the preface starting at `bytes[0]`, once its fixed part is present.
 * @returns the length, or `undefined` when fewer than {@link STREAM_PREFACE_FIXED_BYTES} bytes are given
 */
export function streamPrefaceLength(bytes: Uint8Array): number | undefined {
  if (bytes.length < STREAM_PREFACE_FIXED_BYTES) return undefined
  return STREAM_PREFACE_FIXED_BYTES + bytes[12]!
}

/**
 * Decode a complete preface.
 * @param bytes - exactly one preface
 * @returns the announced fields
 * @throws DecodeError `TRUNCATED` when bytes are missing, `BAD_VALUE` for a wrong magic or
 *   non-zero flags, `BAD_VERSION` for another framing version, `BAD_LENGTH` for an out-of-range
 *   frame size or trailing bytes, `BAD_UTF8` for a malformed label
 */
export function decodeStreamPreface(bytes: Uint8Array): StreamPreface {
  const total = streamPrefaceLength(bytes)
  if (total === undefined || bytes.length < total) throw new DecodeError(DecodeReason.TRUNCATED, 'stream preface truncated')
  if (bytes.length > total) throw new DecodeError(DecodeReason.BAD_LENGTH, 'bytes after the stream preface')
  for (let i = 0; i < STREAM_PREFACE_MAGIC.length; i++) {
    if (bytes[i] !== STREAM_PREFACE_MAGIC[i]) throw new DecodeError(DecodeReason.BAD_VALUE, 'not a BitMesh stream (bad preface magic)')
  }
  if (bytes[4] !== STREAM_FRAMING_VERSION) throw new DecodeError(DecodeReason.BAD_VERSION, `unsupported stream framing version ${bytes[4]}`)
  if (bytes[5] !== 0) throw new DecodeError(DecodeReason.BAD_VALUE, `unknown stream preface flags 0x${bytes[5]!.toString(16)}`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const maxFrameBytes = view.getUint32(6)
  if (maxFrameBytes < 1 || maxFrameBytes > STREAM_MAX_FRAME_CEILING_BYTES) {
    throw new DecodeError(DecodeReason.BAD_LENGTH, `announced max frame of ${maxFrameBytes} bytes is out of range`)
  }
  return { maxFrameBytes, datagramPort: view.getUint16(10), label: utf8DecodeStrict(bytes.subarray(STREAM_PREFACE_FIXED_BYTES, total)) }
}
