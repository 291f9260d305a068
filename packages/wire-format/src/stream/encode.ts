/**
 * Encoding side of the length-prefixed stream framing: `u32 BE length ‖ frame`.
 * @module
 */
import { STREAM_LENGTH_PREFIX_BYTES } from './constants.js'

/**
 * Frame one bitchat frame for a byte stream: a fresh array holding the 4-byte big-endian length
 * and a copy of the frame (one allocation, one write, and the caller may reuse its buffer).
 * @param frame - the frame (1 … 2^32−1 bytes; the link enforces its MTU before this)
 * @returns `length ‖ frame`
 * @throws RangeError for an empty frame
 */
export function encodeStreamFrame(frame: Uint8Array): Uint8Array {
  if (frame.length === 0) throw new RangeError('stream frames are never empty')
  const out = new Uint8Array(STREAM_LENGTH_PREFIX_BYTES + frame.length)
  writeStreamFrameHeader(frame.length, out, 0)
  out.set(frame, STREAM_LENGTH_PREFIX_BYTES)
  return out
}

/**
 * Write the 4-byte big-endian length prefix of a frame into `out` (for callers that gather
 * several frames into one buffer).
 * @param length - frame length in bytes (1 … 2^32−1)
 * @param out - destination
 * @param offset - where the prefix starts
 * @throws RangeError when the length is out of range or `out` too short
 */
export function writeStreamFrameHeader(length: number, out: Uint8Array, offset: number): void {
  if (!Number.isInteger(length) || length < 1 || length > 0xffffffff) throw new RangeError('frame length must be in 1..2^32-1')
  if (offset < 0 || offset + STREAM_LENGTH_PREFIX_BYTES > out.length) throw new RangeError('no room for the frame header')
  out[offset] = length >>> 24
  out[offset + 1] = (length >>> 16) & 0xff
  out[offset + 2] = (length >>> 8) & 0xff
  out[offset + 3] = length & 0xff
}
