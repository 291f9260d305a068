/**
 * Random bytes from the Web Crypto API (`globalThis.crypto.getRandomValues`), available in
 * browsers, Node ≥ 19, Deno, Bun, and React Native with a `getRandomValues` polyfill.
 * @internal
 * @module
 */
import { BitMeshError, ErrorCode } from '@bitmesh/interface'
import { assertInteger } from '../assert.js'

/** `getRandomValues` fills at most this many bytes per call (Web Crypto quota), in bytes. */
const GET_RANDOM_VALUES_MAX_BYTES = 65_536

interface WebCryptoLike {
  getRandomValues<T extends ArrayBufferView>(array: T): T
}

/**
 * Fill a new array with cryptographically secure random bytes.
 * @param length - Number of bytes.
 * @returns Fresh random bytes.
 * @throws {RangeError} If `length` is not a non-negative safe integer.
 * @throws {BitMeshError} `UNSUPPORTED` when the runtime has no `crypto.getRandomValues`.
 */
export function webRandomBytes(length: number): Uint8Array {
  assertInteger(length, 'length', 0, Number.MAX_SAFE_INTEGER)
  const webCrypto = (globalThis as { crypto?: WebCryptoLike }).crypto
  if (webCrypto === undefined || typeof webCrypto.getRandomValues !== 'function') {
    throw new BitMeshError(
      ErrorCode.UNSUPPORTED,
      'globalThis.crypto.getRandomValues is not available; on React Native install a getRandomValues polyfill',
    )
  }
  const out = new Uint8Array(length)
  for (let offset = 0; offset < length; offset += GET_RANDOM_VALUES_MAX_BYTES) {
    webCrypto.getRandomValues(out.subarray(offset, Math.min(length, offset + GET_RANDOM_VALUES_MAX_BYTES)))
  }
  return out
}
