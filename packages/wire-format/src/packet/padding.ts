/**
 * PKCS#7-style frame padding (`MessagePadding`, §1.6). Pad bytes all carry the pad count, so
 * padding is deterministic (it is part of the signing preimage, §3.2).
 * @module
 */
import { MAX_PADDING_BYTES, MessageType, PADDING_BLOCK_SIZES_BYTES, PADDING_HEADROOM_BYTES } from './constants.js'

/**
 * Length a frame of `length` bytes has after {@link padFrame}: the smallest of 256, 512, 1024,
 * 2048 that is ≥ `length + 16`, unless that needs more than 255 pad bytes or `length + 16`
 * exceeds 2048, in which case the frame stays at `length`.
 * @param length - Unpadded frame length in bytes.
 * @returns The padded length (≥ `length`).
 */
export function paddedLength(length: number): number {
  const needed = length + PADDING_HEADROOM_BYTES
  for (let i = 0; i < PADDING_BLOCK_SIZES_BYTES.length; i++) {
    const block = PADDING_BLOCK_SIZES_BYTES[i]!
    if (needed <= block) return block - length > MAX_PADDING_BYTES ? length : block
  }
  return length
}

/**
 * Pad a whole encoded frame (§1.6): append `n` bytes of value `n` up to {@link paddedLength}.
 * @param frame - An encoded frame.
 * @returns A new padded array, or `frame` itself when the rule adds no padding.
 */
export function padFrame(frame: Uint8Array): Uint8Array {
  const length = frame.length
  const target = paddedLength(length)
  if (target === length) return frame
  const out = new Uint8Array(target)
  out.set(frame)
  out.fill(target - length, length)
  return out
}

/**
 * Remove PKCS#7-style padding (§1.6): if the last byte `n` is in 1…length and the last `n` bytes
 * all equal `n`, drop them. Like both apps, this cannot tell padding from data that happens to
 * end the same way; the decoder only uses it as a fallback.
 * @param frame - A possibly padded frame.
 * @returns A view of `frame` without the padding (no copy), or `frame` itself when the tail is
 *   not valid padding.
 */
export function unpadFrame(frame: Uint8Array): Uint8Array {
  const length = frame.length
  if (length === 0) return frame
  const count = frame[length - 1]!
  if (count === 0 || count > length) return frame
  for (let i = length - count; i < length - 1; i++) if (frame[i] !== count) return frame
  return frame.subarray(0, length - count)
}

/**
 * Whether bitchat pads frames of this type on BLE (`padsBLEFrame`, §1.6): only Noise handshake
 * (0x10) and Noise encrypted (0x11) frames; every other type travels at natural length.
 * @param type - Outer packet type.
 * @returns True for 0x10 and 0x11.
 */
export function blePadsType(type: number): boolean {
  return type === MessageType.NOISE_HANDSHAKE || type === MessageType.NOISE_ENCRYPTED
}
