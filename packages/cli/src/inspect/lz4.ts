/**
 * LZ4 decompression for legacy-dialect payloads (pre-August-2025 bitchat iOS compressed with
 * Apple's `COMPRESSION_LZ4`). Two layouts are accepted:
 *
 * * Apple's container: blocks `bv41` ‖ u32 LE decoded size ‖ u32 LE encoded size ‖ raw LZ4
 *   block, or `bv4-` ‖ u32 LE size ‖ stored bytes, ending with `bv4$`;
 * * a bare raw LZ4 block.
 *
 * Every block is first validated by `isLegacyLz4Payload` from `@bitmesh/wire-format` (a
 * structural walk that checks each match offset and the exact output size) and only then handed
 * to `lz4js`, which does no bounds checking of its own. Output never exceeds the declared size.
 * @module
 */
import { isLegacyLz4Payload } from '@bitmesh/wire-format'
import lz4 from 'lz4js'

/** Largest original size a legacy (v1) frame can declare. */
export const MAX_LEGACY_ORIGINAL_BYTES = 0xffff

/** A decompressed legacy payload. */
export interface Lz4Result {
  bytes: Uint8Array
  container: 'apple-lz4' | 'raw-block'
  /** Number of blocks (Apple container) — 1 for a raw block. */
  blocks: number
}

function u32le(src: Uint8Array, at: number): number {
  return (src[at]! | (src[at + 1]! << 8) | (src[at + 2]! << 16) | (src[at + 3]! << 24)) >>> 0
}

function isAppleMagic(src: Uint8Array, at: number): boolean {
  return src[at] === 0x62 && src[at + 1] === 0x76 && src[at + 2] === 0x34 // "bv4"
}

/** Decode one validated raw block into `out` at `at`; returns bytes written or -1. */
function decodeBlock(src: Uint8Array, start: number, length: number, out: Uint8Array, at: number, expected: number): number {
  const block = src.subarray(start, start + length)
  if (!isLegacyLz4Payload(block, expected)) return -1
  // The block was validated standalone, so decode it into a standalone buffer as well (a match
  // cannot reach into earlier blocks) and copy.
  const scratch = new Uint8Array(expected)
  const end = lz4.decompressBlock(block, scratch, 0, block.length, 0)
  if (end !== expected) return -1
  out.set(scratch, at)
  return expected
}

function decodeApple(src: Uint8Array, originalSize: number): Lz4Result | null {
  const out = new Uint8Array(originalSize)
  let at = 0
  let produced = 0
  let blocks = 0
  while (src.length - at >= 4 && isAppleMagic(src, at)) {
    const kind = src[at + 3]
    at += 4
    if (kind === 0x24) {
      // "bv4$": end of stream, and it must be the end of the data too
      return at === src.length && produced === originalSize ? { bytes: out, container: 'apple-lz4', blocks } : null
    }
    if (kind === 0x2d) {
      // "bv4-": stored block
      if (src.length - at < 4) return null
      const size = u32le(src, at)
      at += 4
      if (size > src.length - at || size > originalSize - produced) return null
      out.set(src.subarray(at, at + size), produced)
      at += size
      produced += size
    } else if (kind === 0x31) {
      // "bv41": LZ4 block
      if (src.length - at < 8) return null
      const decoded = u32le(src, at)
      const encoded = u32le(src, at + 4)
      at += 8
      if (encoded > src.length - at || decoded > originalSize - produced) return null
      if (decodeBlock(src, at, encoded, out, produced, decoded) !== decoded) return null
      at += encoded
      produced += decoded
    } else {
      return null
    }
    blocks++
  }
  return null
}

/**
 * Decompress a legacy LZ4 payload to exactly its declared size.
 * @param data - The compressed bytes (after the 2-byte original-size field).
 * @param originalSize - The declared original size.
 * @returns The payload and which layout it used, or `null` when the bytes are not well-formed
 *   LZ4 of exactly that size.
 */
export function decompressLegacyLz4(data: Uint8Array, originalSize: number): Lz4Result | null {
  if (!Number.isInteger(originalSize) || originalSize < 0 || originalSize > MAX_LEGACY_ORIGINAL_BYTES) return null
  if (data.length >= 4 && isAppleMagic(data, 0)) {
    const apple = decodeApple(data, originalSize)
    if (apple !== null) return apple
  }
  const out = new Uint8Array(originalSize)
  if (decodeBlock(data, 0, data.length, out, 0, originalSize) !== originalSize) return null
  return { bytes: out, container: 'raw-block', blocks: 1 }
}
