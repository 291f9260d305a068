/**
 * Standard NIP-44 version 2 encryption (for non-bitchat Nostr peers): secp256k1 ECDH →
 * HKDF conversation key → per-message ChaCha20 + HMAC-SHA256 with length-hiding padding.
 * bitchat's own private envelope is different; see `../bitchat/envelope.ts`.
 * @module
 */
import { CryptoError, DecodeError, DecodeReason } from '@bitmesh/interface'
import { chacha20 } from '@noble/ciphers/chacha.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { expand, extract } from '@noble/hashes/hkdf.js'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { base64 } from '@scure/base'
import { fromHex, isLowerHex } from './hex.js'
import { isValidSecretKey } from './keys.js'

/** Smallest plaintext, in UTF-8 bytes. */
export const NIP44_MIN_PLAINTEXT_BYTES = 1
/** Largest plaintext, in UTF-8 bytes. */
export const NIP44_MAX_PLAINTEXT_BYTES = 65_535
/** Bytes of the random per-message nonce. */
export const NIP44_NONCE_BYTES = 32
const VERSION = 2
const MIN_PAYLOAD_CHARS = 132
const MAX_PAYLOAD_CHARS = 87_472
const MIN_DATA_BYTES = 99
const MAX_DATA_BYTES = 65_603

const encoder = /* @__PURE__ */ new TextEncoder()
const decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true })
const SALT = /* @__PURE__ */ encoder.encode('nip44-v2')

/**
 * The shared x coordinate of `secretKey × lift_x(publicKey)` (even-Y lift). @internal
 * @throws CryptoError `CRYPTO_ERROR` for an invalid key.
 */
export function sharedPoint(secretKey: Uint8Array, publicKey: string): Uint8Array {
  if (!isValidSecretKey(secretKey)) throw new CryptoError('CRYPTO_ERROR', 'invalid secret key')
  if (!isLowerHex(publicKey, 32)) throw new CryptoError('CRYPTO_ERROR', 'public key must be 64 lower-case hex characters')
  const compressed = new Uint8Array(33)
  compressed[0] = 0x02
  compressed.set(fromHex(publicKey), 1)
  try {
    return secp256k1.getSharedSecret(secretKey, compressed, true)
  } catch (cause) {
    throw new CryptoError('CRYPTO_ERROR', 'public key is not a point on secp256k1', { cause })
  }
}

/**
 * NIP-44 conversation key: HKDF-extract(salt `"nip44-v2"`, ECDH shared x). Symmetric: A→B
 * equals B→A. Cache it per peer; it is the expensive step.
 * @param secretKey - Own 32-byte secret key.
 * @param publicKey - Peer's x-only key, hex.
 * @returns 32-byte conversation key.
 * @throws CryptoError `CRYPTO_ERROR` for an invalid secret or public key.
 */
export function getConversationKey(secretKey: Uint8Array, publicKey: string): Uint8Array {
  return extract(sha256, sharedPoint(secretKey, publicKey).subarray(1, 33), SALT)
}

/**
 * Padded length of a plaintext (NIP-44 `calc_padded_len`): 32 bytes minimum, then chunks of
 * 32 bytes up to 256 and of 1/8 of the next power of two above.
 * @param length - Plaintext bytes (≥ 1).
 * @returns Padded bytes.
 */
export function nip44PaddedLength(length: number): number {
  if (length <= 32) return 32
  const nextPower = 2 ** (Math.floor(Math.log2(length - 1)) + 1)
  const chunk = nextPower <= 256 ? 32 : nextPower / 8
  return chunk * (Math.floor((length - 1) / chunk) + 1)
}

/**
 * Per-message keys: HKDF-expand(conversation key, info = nonce, 76 bytes). @internal
 */
export function messageKeys(conversationKey: Uint8Array, nonce: Uint8Array): { key: Uint8Array; nonce: Uint8Array; hmacKey: Uint8Array } {
  const k = expand(sha256, conversationKey, nonce, 76)
  return { key: k.subarray(0, 32), nonce: k.subarray(32, 44), hmacKey: k.subarray(44, 76) }
}

function mac(hmacKey: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return hmac.create(sha256, hmacKey).update(nonce).update(ciphertext).digest()
}

/**
 * Encrypt a string.
 * @param plaintext - 1…65 535 UTF-8 bytes.
 * @param conversationKey - From {@link getConversationKey}.
 * @param nonce - 32 random bytes (from the caller's CSPRNG / `Rng`).
 * @returns Base64 payload.
 * @throws RangeError for an empty or oversized plaintext, or a nonce that is not 32 bytes.
 */
export function nip44Encrypt(plaintext: string, conversationKey: Uint8Array, nonce: Uint8Array): string {
  const pt = encoder.encode(plaintext)
  if (pt.length < NIP44_MIN_PLAINTEXT_BYTES || pt.length > NIP44_MAX_PLAINTEXT_BYTES) {
    throw new RangeError(`NIP-44 plaintext must be 1…65535 bytes, got ${pt.length}`)
  }
  if (nonce.length !== NIP44_NONCE_BYTES) throw new RangeError('NIP-44 nonce must be 32 bytes')
  const keys = messageKeys(conversationKey, nonce)
  const padded = new Uint8Array(2 + nip44PaddedLength(pt.length))
  padded[0] = pt.length >> 8
  padded[1] = pt.length & 0xff
  padded.set(pt, 2)
  const ct = chacha20(keys.key, keys.nonce, padded)
  const out = new Uint8Array(1 + 32 + ct.length + 32)
  out[0] = VERSION
  out.set(nonce, 1)
  out.set(ct, 33)
  out.set(mac(keys.hmacKey, nonce, ct), 33 + ct.length)
  return base64.encode(out)
}

/**
 * Decrypt and authenticate a payload.
 * @param payload - Base64 payload.
 * @param conversationKey - From {@link getConversationKey}.
 * @returns The plaintext.
 * @throws DecodeError `BAD_VALUE` for an unknown version, `BAD_LENGTH` for a bad size or
 *   padding, `BAD_UTF8` for non-UTF-8 plaintext.
 * @throws CryptoError `AUTH_FAILED` when the MAC does not match.
 */
export function nip44Decrypt(payload: string, conversationKey: Uint8Array): string {
  if (typeof payload !== 'string' || payload.length === 0 || payload[0] === '#') {
    throw new DecodeError(DecodeReason.BAD_VALUE, 'unknown NIP-44 encryption version')
  }
  if (payload.length < MIN_PAYLOAD_CHARS || payload.length > MAX_PAYLOAD_CHARS) {
    throw new DecodeError(DecodeReason.BAD_LENGTH, 'invalid NIP-44 payload size')
  }
  let data: Uint8Array
  try {
    data = base64.decode(payload)
  } catch (cause) {
    throw new DecodeError(DecodeReason.BAD_VALUE, 'NIP-44 payload is not base64', { cause })
  }
  if (data.length < MIN_DATA_BYTES || data.length > MAX_DATA_BYTES) throw new DecodeError(DecodeReason.BAD_LENGTH, 'invalid NIP-44 data size')
  if (data[0] !== VERSION) throw new DecodeError(DecodeReason.BAD_VALUE, `unknown NIP-44 encryption version ${data[0]}`)
  const nonce = data.subarray(1, 33)
  const ct = data.subarray(33, data.length - 32)
  const tag = data.subarray(data.length - 32)
  const keys = messageKeys(conversationKey, nonce)
  if (!constantTimeEqual(mac(keys.hmacKey, nonce, ct), tag)) throw new CryptoError('AUTH_FAILED', 'invalid NIP-44 MAC')
  const padded = chacha20(keys.key, keys.nonce, ct)
  const length = (padded[0]! << 8) | padded[1]!
  if (length < NIP44_MIN_PLAINTEXT_BYTES || padded.length !== 2 + nip44PaddedLength(length)) {
    throw new DecodeError(DecodeReason.BAD_LENGTH, 'invalid NIP-44 padding')
  }
  try {
    return decoder.decode(padded.subarray(2, 2 + length))
  } catch (cause) {
    throw new DecodeError(DecodeReason.BAD_UTF8, 'NIP-44 plaintext is not UTF-8', { cause })
  }
}

/**
 * Compare two byte arrays without an early exit on the first difference.
 * @internal
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}
