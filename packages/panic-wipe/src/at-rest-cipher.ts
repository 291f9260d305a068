/**
 * At-rest encryption under a {@link DataKey}, so destroying that key crypto-shreds the data.
 *
 * The provider offers ChaCha20-Poly1305 with 12-byte nonces only. Random 96-bit nonces under one
 * long-lived key would be safe for about 2^32 messages; instead each message draws 24 random
 * bytes, derives a one-message subkey `HMAC-SHA256(key, 0x01 ‖ r[0..16])` and seals with nonce
 * `00000000 ‖ r[16..24]` — the XChaCha20 construction with HMAC-SHA256 in place of HChaCha20, so
 * random nonces stay safe for any realistic message count.
 *
 * ```
 * sealed = 0x01 (version) ‖ r (24) ‖ ciphertext ‖ tag (16)
 * ```
 * @module
 */
import { CryptoError, DecodeError, DecodeReason, type CryptoProvider } from '@bitmesh/interface'
import { assertBytes, toHex, utf8 } from './bytes.js'
import { AT_REST_FORMAT_VERSION, AT_REST_OVERHEAD_BYTES, AT_REST_RANDOM_BYTES, BLINDED_NAME_HEX_CHARS } from './constants.js'
import type { DataKey } from './data-key.js'

const SUBKEY_INPUT_BYTES = 17
const SUBKEY_DOMAIN = 0x01
const NAME_DOMAIN = 0x02
const NONCE_BYTES = 12

/**
 * Encrypts blobs at rest; structurally identical to `AtRestCipher` of `@bitmesh/store-forward`,
 * so an instance can be passed to `SqliteStore.queueBackend(name, { cipher })`.
 */
export interface AtRestCipher {
  /**
   * Encrypt and authenticate `plain`, binding `ad` (e.g. the row it belongs to).
   * @throws ClosedError once the data key was destroyed.
   */
  seal(plain: Uint8Array, ad: Uint8Array): Uint8Array
  /**
   * Decrypt `sealed`.
   * @throws CryptoError `AUTH_FAILED` for a wrong key, wrong `ad` or tampered bytes;
   *   DecodeError for a malformed blob; ClosedError once the data key was destroyed.
   */
  open(sealed: Uint8Array, ad: Uint8Array): Uint8Array
}

/** An {@link AtRestCipher} that can also blind names (key-value keys, file names). */
export interface BlindingCipher extends AtRestCipher {
  /**
   * A keyed, deterministic, one-way name for `name`: 32 hex characters of
   * HMAC-SHA256(key, 0x02 ‖ UTF-8(name)). Equal names map to equal blinded names under one key;
   * without the key the blinded name reveals nothing about `name`.
   * @throws ClosedError once the data key was destroyed.
   */
  blindName(name: string): string
}

/**
 * A {@link BlindingCipher} on a data key.
 * @param crypto - Provider (HMAC-SHA256, ChaCha20-Poly1305, randomness for nonces).
 * @param key - The data key; the cipher keeps a reference, so destroying the key disables it.
 * @returns The cipher.
 * @example
 * ```ts
 * const keys = await DataKeyStore.open({ crypto, backend: memoryKeyStoreBackend() })
 * const cipher = createAtRestCipher(crypto, await keys.key('queue'))
 * const sealed = cipher.seal(plain, ad)
 * cipher.open(sealed, ad) // plain
 * await keys.destroy()
 * cipher.open(sealed, ad) // throws ClosedError: the key is gone
 * ```
 */
export function createAtRestCipher(crypto: CryptoProvider, key: DataKey): BlindingCipher {
  const subkeyInput = new Uint8Array(SUBKEY_INPUT_BYTES)
  subkeyInput[0] = SUBKEY_DOMAIN
  const nonce = new Uint8Array(NONCE_BYTES)

  // Derive the one-message subkey and nonce from the 24 random bytes at `r`.
  const derive = (r: Uint8Array): Uint8Array => {
    subkeyInput.set(r.subarray(0, 16), 1)
    nonce.set(r.subarray(16, AT_REST_RANDOM_BYTES), 4)
    return crypto.hmacSha256(key.bytes(), subkeyInput)
  }

  return {
    seal(plain, ad) {
      assertBytes(plain, 'plain')
      assertBytes(ad, 'ad')
      key.bytes() // refuse before drawing randomness once the key is gone
      const r = crypto.randomBytes(AT_REST_RANDOM_BYTES)
      const subkey = derive(r)
      try {
        const out = new Uint8Array(AT_REST_OVERHEAD_BYTES + plain.length)
        out[0] = AT_REST_FORMAT_VERSION
        out.set(r, 1)
        const aead = crypto.chacha20poly1305
        if (aead.sealInto !== undefined) {
          aead.sealInto(subkey, nonce, plain, ad, out, 1 + AT_REST_RANDOM_BYTES)
        } else {
          out.set(aead.seal(subkey, nonce, plain, ad), 1 + AT_REST_RANDOM_BYTES)
        }
        return out
      } finally {
        subkey.fill(0)
      }
    },
    open(sealed, ad) {
      assertBytes(sealed, 'sealed')
      assertBytes(ad, 'ad')
      if (sealed.length < AT_REST_OVERHEAD_BYTES) throw new DecodeError(DecodeReason.TRUNCATED, 'at-rest blob is shorter than its overhead')
      if (sealed[0] !== AT_REST_FORMAT_VERSION) throw new DecodeError(DecodeReason.BAD_VERSION, `unknown at-rest format ${sealed[0]}`)
      const subkey = derive(sealed.subarray(1, 1 + AT_REST_RANDOM_BYTES))
      try {
        const plain = crypto.chacha20poly1305.open(subkey, nonce, sealed.subarray(1 + AT_REST_RANDOM_BYTES), ad)
        if (plain === null) throw new CryptoError('AUTH_FAILED', `at-rest blob did not authenticate under data key '${key.purpose}'`)
        return plain
      } finally {
        subkey.fill(0)
      }
    },
    blindName(name) {
      if (typeof name !== 'string') throw new TypeError('name must be a string')
      const encoded = utf8(name)
      const input = new Uint8Array(1 + encoded.length)
      input[0] = NAME_DOMAIN
      input.set(encoded, 1)
      return toHex(crypto.hmacSha256(key.bytes(), input), BLINDED_NAME_HEX_CHARS / 2)
    },
  }
}
