/**
 * Raw 32-byte keys to `node:crypto` KeyObjects.
 *
 * Keys go in as JWK ({kty: 'OKP'}) rather than DER SPKI/PKCS#8: Node hands raw JWK bytes straight
 * to OpenSSL's raw-key constructor, while DER goes through OpenSSL 3's decoder framework, which
 * measured ~14× slower for public and ~11× slower for private keys (Node 20, OpenSSL 3.0).
 * @internal
 * @module
 */
import { Buffer } from 'node:buffer'
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'

/** OKP curve names as JWK spells them. */
export type OkpCurve = 'Ed25519' | 'X25519'

/**
 * Node insists on an `x` member in a private JWK but derives the public key from `d` and ignores
 * `x` (checked by the vector tests: signatures embed the derived key). Any 32 bytes do.
 */
const PLACEHOLDER_X = Buffer.alloc(32).toString('base64url')

/**
 * Base64url of `bytes` without copying them.
 * @param bytes - Raw key.
 * @returns Unpadded base64url text.
 */
function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url')
}

/**
 * Public KeyObject from a raw 32-byte key.
 * @param crv - Curve.
 * @param publicKey - Raw public key (length checked by the caller).
 * @returns The KeyObject.
 */
export function publicKeyObject(crv: OkpCurve, publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv, x: base64url(publicKey) }, format: 'jwk' })
}

/**
 * Private KeyObject from a raw 32-byte seed (Ed25519) or scalar (X25519).
 * @param crv - Curve.
 * @param privateKey - Raw private key (length checked by the caller).
 * @returns The KeyObject.
 */
export function privateKeyObject(crv: OkpCurve, privateKey: Uint8Array): KeyObject {
  return createPrivateKey({ key: { kty: 'OKP', crv, d: base64url(privateKey), x: PLACEHOLDER_X }, format: 'jwk' })
}

/**
 * The raw public key that belongs to a private KeyObject.
 * @param privateKey - Private KeyObject.
 * @returns A fresh 32-byte array.
 */
export function rawPublicKeyOf(privateKey: KeyObject): Uint8Array {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' })
  // Copy out: a small Buffer decoded from a string may be a view into Node's shared pool.
  return new Uint8Array(Buffer.from(jwk.x as string, 'base64url'))
}

/**
 * A plain `Uint8Array` view of a Buffer Node allocated for us, so results behave exactly like
 * the noble provider's (`Buffer#slice` shares memory where `Uint8Array#slice` copies).
 * Only for Buffers returned by native calls, which own their whole ArrayBuffer.
 * @param buffer - A Buffer returned by `node:crypto`.
 * @returns A `Uint8Array` over the same memory.
 */
export function asUint8Array(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}
