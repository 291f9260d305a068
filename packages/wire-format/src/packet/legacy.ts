/**
 * Recognising the legacy (pre-August-2025) bitchat dialect.
 *
 * The legacy dialect used the same 14-byte v1 header and flag bits as today, so most legacy
 * frames are *structurally* valid current frames. What gives them away:
 *
 * 1. **Type numbers only the legacy dialect used.** Legacy types were 0x01 announce, 0x02 key
 *    exchange, 0x03 leave, 0x04 message, 0x05–0x07 fragment start/continue/end, 0x08–0x0C
 *    channel announce/retention, delivery ack/status request, read receipt, 0x10–0x13 Noise
 *    handshake init/response, Noise encrypted, Noise identity announce, 0x14–0x17 channel key
 *    verification/password/metadata, 0x20–0x25 version hello/ack, protocol ack/nack, system
 *    validation, handshake request, and 0x30/0x31 favourite/unfavourite. Of these, 0x05–0x0C,
 *    0x12–0x17, 0x30 and 0x31 are assigned to nothing in the current registry (bitchat
 *    deliberately never reuses them), so a v1 frame with one of those types is legacy.
 *    v2 frames did not exist then, so v2 frames are never classified by type.
 * 2. **LZ4 instead of raw DEFLATE.** Legacy iOS compressed with Apple's `COMPRESSION_LZ4`
 *    (Apple's block container: `bv41` / `bv4-` blocks ending in `bv4$`), legacy Android with a
 *    raw LZ4 block. When a v1 payload marked compressed fails to inflate as raw DEFLATE but walks
 *    as LZ4 to exactly the declared original size, it is legacy.
 *
 * Not detectable at this layer: uncompressed legacy frames whose type number is also a current
 * one (0x01–0x04, 0x10, 0x11, 0x20–0x25). Their payloads use legacy layouts (e.g. a bare nickname
 * as announce payload, a binary message record under 0x04) that the payload codecs reject.
 * @module
 */

/** Type numbers used only by the legacy dialect (see the module comment). */
export const LEGACY_ONLY_TYPES: readonly number[] = Object.freeze([
  0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x30, 0x31,
])

const LEGACY_TYPE_TABLE: Uint8Array = /* @__PURE__ */ (() => {
  const table = new Uint8Array(256)
  for (const type of LEGACY_ONLY_TYPES) table[type] = 1
  return table
})()

/**
 * Whether an outer type number belongs only to the legacy dialect.
 * @param type - Outer packet type (0–255).
 * @returns True for 0x05–0x0C, 0x12–0x17, 0x30 and 0x31.
 */
export function isLegacyOnlyType(type: number): boolean {
  return type >= 0 && type <= 0xff && LEGACY_TYPE_TABLE[type] === 1
}

/**
 * Walk a raw LZ4 block without producing output, returning the length it would decode to, or
 * -1 when it is malformed or would exceed `limit`. Cost is linear in the input.
 */
function lz4BlockLength(src: Uint8Array, start: number, end: number, limit: number): number {
  let ip = start
  let produced = 0
  while (ip < end) {
    const token = src[ip++]!
    let literals = token >>> 4
    if (literals === 15) {
      let b: number
      do {
        if (ip >= end) return -1
        b = src[ip++]!
        literals += b
      } while (b === 255)
    }
    if (end - ip < literals) return -1
    ip += literals
    produced += literals
    if (produced > limit) return -1
    if (ip === end) return produced // the last sequence carries literals only
    if (end - ip < 2) return -1
    const offset = src[ip]! | (src[ip + 1]! << 8)
    ip += 2
    if (offset === 0 || offset > produced) return -1
    let matchLength = (token & 15) + 4
    if ((token & 15) === 15) {
      let b: number
      do {
        if (ip >= end) return -1
        b = src[ip++]!
        matchLength += b
      } while (b === 255)
    }
    produced += matchLength
    if (produced > limit) return -1
  }
  return -1 // a block never ends right after a match
}

const APPLE_MAGIC_0 = 0x62 // 'b'
const APPLE_MAGIC_1 = 0x76 // 'v'
const APPLE_MAGIC_2 = 0x34 // '4'
const APPLE_COMPRESSED = 0x31 // '1': "bv41" LZ4 block
const APPLE_RAW = 0x2d // '-': "bv4-" stored block
const APPLE_END = 0x24 // '$': "bv4$" end of stream

function readU32Le(src: Uint8Array, at: number): number {
  return (src[at]! | (src[at + 1]! << 8) | (src[at + 2]! << 16) | (src[at + 3]! << 24)) >>> 0
}

/** Length Apple's LZ4 container decodes to, or -1 if it is not one (or exceeds `limit`). */
function appleLz4Length(src: Uint8Array, limit: number): number {
  let at = 0
  let produced = 0
  const end = src.length
  while (end - at >= 4) {
    if (src[at] !== APPLE_MAGIC_0 || src[at + 1] !== APPLE_MAGIC_1 || src[at + 2] !== APPLE_MAGIC_2) return -1
    const kind = src[at + 3]
    at += 4
    if (kind === APPLE_END) return at === end ? produced : -1
    if (kind === APPLE_RAW) {
      if (end - at < 4) return -1
      const size = readU32Le(src, at)
      at += 4
      if (end - at < size) return -1
      at += size
      produced += size
    } else if (kind === APPLE_COMPRESSED) {
      if (end - at < 8) return -1
      const decoded = readU32Le(src, at)
      const encoded = readU32Le(src, at + 4)
      at += 8
      if (end - at < encoded) return -1
      if (lz4BlockLength(src, at, at + encoded, decoded) !== decoded) return -1
      at += encoded
      produced += decoded
    } else {
      return -1
    }
    if (produced > limit) return -1
  }
  return -1
}

/**
 * Whether a compressed payload section is legacy LZ4 (Apple's `bv41` container or a raw LZ4
 * block) that decodes to exactly `expectedSize` bytes. Only structure is checked; nothing is
 * decompressed and the cost is linear in `data.length`.
 * @param data - The compressed bytes (after the original-size field).
 * @param expectedSize - The declared original size.
 * @returns True when the bytes are well-formed LZ4 of exactly that size.
 */
export function isLegacyLz4Payload(data: Uint8Array, expectedSize: number): boolean {
  if (data.length === 0) return false
  if (data[0] === APPLE_MAGIC_0 && data[1] === APPLE_MAGIC_1 && data[2] === APPLE_MAGIC_2) {
    if (appleLz4Length(data, expectedSize) === expectedSize) return true
  }
  return lz4BlockLength(data, 0, data.length, expectedSize) === expectedSize
}
