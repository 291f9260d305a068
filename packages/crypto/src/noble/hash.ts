/**
 * SHA-256, HMAC-SHA256 and HKDF-SHA256 on `@noble/hashes`.
 * @internal
 * @module
 */
import { hkdf } from '@noble/hashes/hkdf.js'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { assertBytes, assertInteger } from '../assert.js'
import { HKDF_SHA256_MAX_OUTPUT_BYTES } from '../constants.js'

/**
 * SHA-256 digest.
 * @param data - Input.
 * @returns 32-byte digest.
 */
export function nobleSha256(data: Uint8Array): Uint8Array {
  assertBytes(data, 'data')
  return sha256(data)
}

/**
 * HMAC-SHA256.
 * @param key - MAC key, any length.
 * @param data - Input.
 * @returns 32-byte tag.
 */
export function nobleHmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  assertBytes(key, 'key')
  assertBytes(data, 'data')
  return hmac(sha256, key, data)
}

/**
 * RFC 5869 HKDF-SHA256.
 * @param inputKeyMaterial - IKM.
 * @param salt - Salt (empty means HashLen zero bytes, per the RFC).
 * @param info - Context.
 * @param length - Output length in bytes, 0 to 8160.
 * @returns `length` bytes of output keying material.
 */
export function nobleHkdfSha256(inputKeyMaterial: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  assertBytes(inputKeyMaterial, 'inputKeyMaterial')
  assertBytes(salt, 'salt')
  assertBytes(info, 'info')
  assertInteger(length, 'length', 0, HKDF_SHA256_MAX_OUTPUT_BYTES)
  return hkdf(sha256, inputKeyMaterial, salt, info, length)
}
