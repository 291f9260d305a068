/**
 * bitchat's private envelope cipher (bitchat-wire.md §7.4) — NOT NIP-44 despite the `v2:`
 * prefix and the `"nip44-v2"` HKDF label: ECDH → HKDF-SHA256 over the 33-byte compressed shared
 * point → XChaCha20-Poly1305 with a random 24-byte nonce, no AAD, base64url without padding.
 * @module
 */
import { CryptoError, DecodeError, DecodeReason, type Rng } from '@bitmesh/interface'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { base64urlnopad } from '@scure/base'
import type { LayerCipher } from '../nostr/gift-wrap.js'
import { sharedPoint } from '../nostr/nip44.js'

/** Prefix of every envelope content string. */
export const BITCHAT_ENVELOPE_PREFIX = 'v2:'
/** XChaCha20 nonce bytes. */
export const BITCHAT_ENVELOPE_NONCE_BYTES = 24
/** Poly1305 tag bytes. */
export const BITCHAT_ENVELOPE_TAG_BYTES = 16
/** Receiver bound on the ciphertext, as the apps enforce (§7.4). */
export const BITCHAT_ENVELOPE_MAX_CIPHERTEXT_BYTES = 64 * 1024

const MAX_DATA_BYTES = BITCHAT_ENVELOPE_NONCE_BYTES + BITCHAT_ENVELOPE_MAX_CIPHERTEXT_BYTES + BITCHAT_ENVELOPE_TAG_BYTES
const MAX_CONTENT_CHARS = BITCHAT_ENVELOPE_PREFIX.length + Math.ceil((MAX_DATA_BYTES * 4) / 3)
const encoder = /* @__PURE__ */ new TextEncoder()
const decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true })
const INFO = /* @__PURE__ */ encoder.encode('nip44-v2')
const EMPTY = /* @__PURE__ */ new Uint8Array(0)

/**
 * The envelope key for one compressed shared point. @internal
 */
function keyFor(shared33: Uint8Array): Uint8Array {
  return hkdf(sha256, shared33, EMPTY, INFO, 32)
}

/**
 * Encrypt for a peer. The sender lifts the peer's x-only key with even Y, as both apps do.
 * @param plaintext - UTF-8 text (a rumor or seal JSON).
 * @param secretKey - Own secret key.
 * @param recipient - Peer x-only key, hex.
 * @param rng - Supplies the 24-byte nonce.
 * @returns `"v2:" + base64url(nonce ‖ ciphertext ‖ tag)`.
 * @throws CryptoError `CRYPTO_ERROR` for an invalid key.
 * @throws RangeError when the plaintext exceeds the 64 KiB receiver bound.
 */
export function bitchatEncrypt(plaintext: string, secretKey: Uint8Array, recipient: string, rng: Rng): string {
  const pt = encoder.encode(plaintext)
  if (pt.length > BITCHAT_ENVELOPE_MAX_CIPHERTEXT_BYTES) throw new RangeError(`envelope plaintext exceeds ${BITCHAT_ENVELOPE_MAX_CIPHERTEXT_BYTES} bytes`)
  const shared = sharedPoint(secretKey, recipient)
  const nonce = rng.randomBytes(BITCHAT_ENVELOPE_NONCE_BYTES)
  const sealed = xchacha20poly1305(keyFor(shared), nonce).encrypt(pt)
  const data = new Uint8Array(nonce.length + sealed.length)
  data.set(nonce)
  data.set(sealed, nonce.length)
  return BITCHAT_ENVELOPE_PREFIX + base64urlnopad.encode(data)
}

/**
 * Decrypt an envelope. The true shared point may have either Y parity relative to the even-Y
 * lifts both sides use, so the key from the `02` prefix is tried first, then `03` (§7.4).
 * @param content - `"v2:…"` string.
 * @param secretKey - Own secret key.
 * @param sender - Peer x-only key, hex.
 * @returns The plaintext.
 * @throws DecodeError `BAD_VALUE` for a missing prefix or bad base64url, `BAD_LENGTH` for a size
 *   outside the bounds, `BAD_UTF8` for non-UTF-8 plaintext.
 * @throws CryptoError `AUTH_FAILED` when neither key authenticates; `CRYPTO_ERROR` for a bad key.
 */
export function bitchatDecrypt(content: string, secretKey: Uint8Array, sender: string): string {
  if (typeof content !== 'string' || !content.startsWith(BITCHAT_ENVELOPE_PREFIX)) {
    throw new DecodeError(DecodeReason.BAD_VALUE, 'bitchat envelope must start with "v2:"')
  }
  if (content.length > MAX_CONTENT_CHARS) throw new DecodeError(DecodeReason.BAD_LENGTH, 'bitchat envelope exceeds 64 KiB')
  let data: Uint8Array
  try {
    data = base64urlnopad.decode(content.slice(BITCHAT_ENVELOPE_PREFIX.length))
  } catch (cause) {
    throw new DecodeError(DecodeReason.BAD_VALUE, 'bitchat envelope is not base64url', { cause })
  }
  if (data.length < BITCHAT_ENVELOPE_NONCE_BYTES + BITCHAT_ENVELOPE_TAG_BYTES || data.length > MAX_DATA_BYTES) {
    throw new DecodeError(DecodeReason.BAD_LENGTH, 'bitchat envelope size out of bounds')
  }
  const nonce = data.subarray(0, BITCHAT_ENVELOPE_NONCE_BYTES)
  const sealed = data.subarray(BITCHAT_ENVELOPE_NONCE_BYTES)
  const shared = sharedPoint(secretKey, sender)
  for (const prefix of [0x02, 0x03]) {
    shared[0] = prefix
    let pt: Uint8Array
    try {
      pt = xchacha20poly1305(keyFor(shared), nonce).decrypt(sealed)
    } catch {
      continue
    }
    try {
      return decoder.decode(pt)
    } catch (cause) {
      throw new DecodeError(DecodeReason.BAD_UTF8, 'bitchat envelope plaintext is not UTF-8', { cause })
    }
  }
  throw new CryptoError('AUTH_FAILED', 'bitchat envelope did not authenticate')
}

/** The envelope as a gift-wrap {@link LayerCipher}. */
export const bitchatCipher: LayerCipher = {
  encrypt: bitchatEncrypt,
  decrypt: bitchatDecrypt,
}
