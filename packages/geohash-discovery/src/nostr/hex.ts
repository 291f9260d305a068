/**
 * Lower-case hex, as every Nostr key, id and signature is written.
 * @module
 */

const HEX = '0123456789abcdef'

/**
 * Encode bytes as lower-case hex.
 * @param bytes - Input.
 * @returns `2 · length` hex characters.
 */
export function toHex(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    s += HEX[b >> 4]! + HEX[b & 15]!
  }
  return s
}

/**
 * Whether `value` is exactly `bytes` bytes of lower-case hex (NIP-01 requires lower case).
 * @param value - Anything.
 * @param bytes - Expected decoded length.
 * @returns True for a matching string.
 */
export function isLowerHex(value: unknown, bytes: number): value is string {
  if (typeof value !== 'string' || value.length !== bytes * 2) return false
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false
  }
  return true
}

/**
 * Decode hex (either case). Callers validate untrusted input with {@link isLowerHex} first.
 * @param value - An even-length hex string.
 * @returns The bytes.
 * @throws TypeError for odd length or a non-hex character.
 */
export function fromHex(value: string): Uint8Array {
  if (value.length % 2 !== 0) throw new TypeError('hex string has odd length')
  const out = new Uint8Array(value.length / 2)
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(value.charCodeAt(2 * i))
    const lo = nibble(value.charCodeAt(2 * i + 1))
    if (hi < 0 || lo < 0) throw new TypeError(`invalid hex character near index ${2 * i}`)
    out[i] = (hi << 4) | lo
  }
  return out
}

function nibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  if (c >= 0x61 && c <= 0x66) return c - 0x57
  if (c >= 0x41 && c <= 0x46) return c - 0x37
  return -1
}
