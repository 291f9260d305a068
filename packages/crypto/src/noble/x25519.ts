/**
 * X25519 on `@noble/curves`. noble refuses the low-order u-coordinates before running the
 * ladder; that is the same set of inputs whose output would be all zeros, and it is reported
 * with the shared {@link lowOrderPointError}.
 * @internal
 * @module
 */
import type { X25519Provider } from '@bitmesh/interface'
import { x25519 } from '@noble/curves/ed25519.js'
import { assertBytes } from '../assert.js'
import { X25519_KEY_BYTES } from '../constants.js'
import { isAllZero, lowOrderPointError } from '../x25519-policy.js'

/** The noble X25519 provider. */
export const nobleX25519: X25519Provider = {
  getPublicKey(privateKey: Uint8Array): Uint8Array {
    assertBytes(privateKey, 'privateKey', X25519_KEY_BYTES)
    return x25519.getPublicKey(privateKey)
  },

  sharedSecret(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
    assertBytes(privateKey, 'privateKey', X25519_KEY_BYTES)
    assertBytes(publicKey, 'publicKey', X25519_KEY_BYTES)
    let shared: Uint8Array
    try {
      shared = x25519.getSharedSecret(privateKey, publicKey)
    } catch (error) {
      // Lengths are checked above, so noble's only remaining refusal is a low-order point.
      throw lowOrderPointError(error)
    }
    if (isAllZero(shared)) throw lowOrderPointError()
    return shared
  },
}
