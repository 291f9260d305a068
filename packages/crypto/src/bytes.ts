/**
 * Byte helpers other BitMesh packages need next to their crypto: wiping secrets and comparing
 * MACs or key fingerprints without an early exit.
 * @module
 */
import { assertBytes } from './assert.js'

/**
 * Overwrite `bytes` with zeros in place, e.g. a session key after a rekey or a panic wipe.
 *
 * This clears the one buffer it is given. Copies the JS engine or a library made elsewhere
 * (strings, bigints, native key objects) are out of its reach.
 * @param bytes - The buffer to clear.
 * @throws {TypeError} If `bytes` is not a `Uint8Array`.
 * @example
 * ```ts
 * const key = provider.randomBytes(32)
 * // ... use key ...
 * zeroize(key) // key is now 32 zero bytes
 * ```
 */
export function zeroize(bytes: Uint8Array): void {
  assertBytes(bytes, 'bytes')
  bytes.fill(0)
}

/**
 * Compare two byte strings in time that depends only on their lengths, not on where they differ.
 *
 * Lengths are treated as public: arrays of different lengths return `false` at once. JavaScript
 * JITs give no hard constant-time guarantee; this avoids the data-dependent early exit that makes
 * a naive loop leak the position of the first mismatch.
 * @param a - First byte string.
 * @param b - Second byte string.
 * @returns `true` when both have the same length and the same bytes.
 * @throws {TypeError} If either argument is not a `Uint8Array`.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  assertBytes(a, 'a')
  assertBytes(b, 'b')
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number)
  return diff === 0
}
