/**
 * Unpadded base64url (RFC 4648 §5), strict on decode: bridge content comes from the network.
 * @module
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const DECODE = /* @__PURE__ */ (() => {
  const table = new Int16Array(128).fill(-1)
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i
  return table
})()

/**
 * Encode bytes as unpadded base64url.
 * @param bytes - Input.
 * @returns The text.
 */
export function base64urlEncode(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + ALPHABET[n & 63]!
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i]! << 16
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]!
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8)
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]!
  }
  return out
}

/**
 * Decode unpadded base64url, starting at `offset` of `text`.
 * @param text - Input.
 * @param offset - First character to read.
 * @param maxBytes - Refuse output longer than this (checked before decoding).
 * @returns The bytes, or `null` for a bad character, a bad length, non-zero trailing bits, or
 *   output over `maxBytes`.
 */
export function base64urlDecode(text: string, offset: number, maxBytes: number): Uint8Array | null {
  const chars = text.length - offset
  if (chars < 0 || chars % 4 === 1) return null
  const length = Math.floor((chars * 3) / 4)
  if (length > maxBytes) return null
  const out = new Uint8Array(length)
  let acc = 0
  let bits = 0
  let o = 0
  for (let i = offset; i < text.length; i++) {
    const c = text.charCodeAt(i)
    const v = c < 128 ? DECODE[c]! : -1
    if (v < 0) return null
    acc = ((acc << 6) | v) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >>> bits) & 0xff
    }
  }
  // Canonical form only: the unused low bits of the last character must be zero.
  if (bits > 0 && (acc & ((1 << bits) - 1)) !== 0) return null
  return out
}
