/**
 * TLV listings with offsets, for the annotated view of TLV payloads (announce: 1-byte type and
 * length; REQUEST_SYNC and most iOS-only types: 1-byte type, 2-byte length; file: 2-byte length
 * except CONTENT (0x04) with 4 bytes). Decoding proper is the payload codecs' job; this only walks.
 * @module
 */

/** One TLV as found. */
export interface TlvEntry {
  /** Offset of the type byte within the payload. */
  offset: number
  type: number
  /** Declared value length. */
  length: number
  /** Whether the value fits in the payload. */
  complete: boolean
}

/** Most TLVs listed; a hostile payload of 1-byte TLVs is cut short rather than listed whole. */
export const MAX_LISTED_TLVS = 64

/**
 * Walk a TLV list.
 * @param p - Payload bytes.
 * @param lengthWidth - Bytes of the length field, or a function of the type byte.
 * @returns The TLVs up to the first one that runs past the end (included, `complete: false`).
 */
export function walkTlvs(p: Uint8Array, lengthWidth: number | ((type: number) => number)): TlvEntry[] {
  const out: TlvEntry[] = []
  let at = 0
  while (at < p.length && out.length < MAX_LISTED_TLVS) {
    const type = p[at]!
    const width = typeof lengthWidth === 'number' ? lengthWidth : lengthWidth(type)
    if (at + 1 + width > p.length) {
      out.push({ offset: at, type, length: 0, complete: false })
      break
    }
    let length = 0
    for (let i = 0; i < width; i++) length = length * 256 + p[at + 1 + i]!
    const complete = at + 1 + width + length <= p.length
    out.push({ offset: at, type, length, complete })
    if (!complete) break
    at += 1 + width + length
  }
  return out
}

/** TLV names per payload family. */
export const TLV_NAMES = {
  announce: new Map([
    [0x01, 'nickname'],
    [0x02, 'noisePublicKey'],
    [0x03, 'signingPublicKey'],
    [0x04, 'directNeighbors'],
    [0x05, 'capabilities'],
    [0x06, 'bridgeGeohash'],
  ]),
  requestSync: new Map([
    [0x01, 'P'],
    [0x02, 'M'],
    [0x03, 'GCS data'],
    [0x04, 'types'],
    [0x05, 'sinceTimestamp'],
    [0x06, 'fragmentIdFilter'],
  ]),
  file: new Map([
    [0x01, 'fileName'],
    [0x02, 'fileSize'],
    [0x03, 'mimeType'],
    [0x04, 'content'],
  ]),
} as const
