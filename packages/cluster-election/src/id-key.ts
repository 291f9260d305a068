/**
 * 8-byte peer IDs as map keys (16 lowercase hex characters, the form wire §4 renders them in).
 * @module
 */

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/**
 * Lowercase hex of an 8-byte ID.
 * @param id - Peer ID bytes.
 * @returns 16 hex characters.
 */
export function idKey(id: Uint8Array): string {
  let s = ''
  for (let i = 0; i < id.length; i++) s += HEX[id[i]!]!
  return s
}

/**
 * Byte-wise comparison of two IDs (the last tie-break of the election).
 * @returns Negative, zero or positive like `Array.prototype.sort` expects.
 */
export function compareIds(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!
    if (d !== 0) return d
  }
  return a.length - b.length
}
