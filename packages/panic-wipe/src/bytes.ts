/**
 * Small byte helpers kept local so the portable entry depends on nothing but the contract.
 * @module
 */

const encoder = new TextEncoder()
const HEX = '0123456789abcdef'

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text)
}

/** Lower-case hex of `bytes` (at most `maxBytes` of them). */
export function toHex(bytes: Uint8Array, maxBytes = bytes.length): string {
  let out = ''
  const n = Math.min(maxBytes, bytes.length)
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number
    out += HEX[b >> 4]! + HEX[b & 15]!
  }
  return out
}

/**
 * Compare without a data-dependent early exit (lengths are public).
 * @returns `true` when `a` and `b` hold the same bytes.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number)
  return diff === 0
}

/** Concatenate byte arrays into one new array. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0
  for (const p of parts) length += p.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}

/** Throw a TypeError unless `value` is a Uint8Array. */
export function assertBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`)
}
