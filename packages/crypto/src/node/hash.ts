/**
 * SHA-256, HMAC-SHA256 and HKDF-SHA256 on `node:crypto`.
 * @internal
 * @module
 */
import * as nodeCrypto from 'node:crypto'
import { createHash, createHmac, hkdfSync } from 'node:crypto'
import { assertBytes, assertInteger } from '../assert.js'
import { HKDF_SHA256_MAX_OUTPUT_BYTES, SHA256_BYTES } from '../constants.js'
import { asUint8Array } from './keys.js'

/** `hkdfSync` refuses an `info` longer than this (a Node limit, not RFC 5869's), in bytes. */
const NODE_HKDF_MAX_INFO_BYTES = 1024

/** One-shot `crypto.hash` (Node ≥ 20.12) skips the Hash object; older runtimes fall back. */
const oneShotHash: ((algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer) | undefined =
  typeof (nodeCrypto as { hash?: unknown }).hash === 'function'
    ? (nodeCrypto as unknown as { hash: (a: string, d: Uint8Array, e: 'buffer') => Buffer }).hash
    : undefined

/**
 * SHA-256 digest.
 * @param data - Input.
 * @returns 32-byte digest.
 */
export function nodeSha256(data: Uint8Array): Uint8Array {
  assertBytes(data, 'data')
  if (oneShotHash !== undefined) return asUint8Array(oneShotHash('sha256', data, 'buffer'))
  return asUint8Array(createHash('sha256').update(data).digest())
}

/**
 * HMAC-SHA256.
 * @param key - MAC key, any length.
 * @param data - Input.
 * @returns 32-byte tag.
 */
export function nodeHmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  assertBytes(key, 'key')
  assertBytes(data, 'data')
  return asUint8Array(createHmac('sha256', key).update(data).digest())
}

/**
 * RFC 5869 HKDF-SHA256: `hkdfSync` when Node accepts the `info` length, otherwise the RFC's
 * extract-then-expand over `createHmac`.
 * @param inputKeyMaterial - IKM.
 * @param salt - Salt (empty means HashLen zero bytes, per the RFC).
 * @param info - Context.
 * @param length - Output length in bytes, 0 to 8160.
 * @returns `length` bytes of output keying material.
 */
export function nodeHkdfSha256(inputKeyMaterial: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  assertBytes(inputKeyMaterial, 'inputKeyMaterial')
  assertBytes(salt, 'salt')
  assertBytes(info, 'info')
  assertInteger(length, 'length', 0, HKDF_SHA256_MAX_OUTPUT_BYTES)
  if (info.length <= NODE_HKDF_MAX_INFO_BYTES) {
    return new Uint8Array(hkdfSync('sha256', inputKeyMaterial, salt, info, length))
  }
  return hkdfByHmac(inputKeyMaterial, salt, info, length)
}

/** RFC 5869 §2.2–2.3 with HMAC-SHA256. */
function hkdfByHmac(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const prk = createHmac('sha256', salt).update(ikm).digest()
  const out = new Uint8Array(length)
  const counter = new Uint8Array(1)
  let previous: Uint8Array = new Uint8Array(0)
  for (let offset = 0, i = 1; offset < length; offset += SHA256_BYTES, i++) {
    counter[0] = i
    previous = createHmac('sha256', prk).update(previous).update(info).update(counter).digest()
    out.set(previous.subarray(0, Math.min(SHA256_BYTES, length - offset)), offset)
  }
  prk.fill(0)
  return out
}
