/**
 * Noise `CipherState` (spec rev 34 §5.1) for ChaChaPoly: a key `k` and a counter `n`.
 * @module
 */
import { CryptoError, type CryptoProvider } from '@bitmesh/interface'
import { assertBytes, EMPTY_BYTES, wipe } from './bytes.js'
import { AEAD_NONCE_BYTES, CIPHER_KEY_BYTES, MAX_CIPHER_NONCE, TAG_BYTES } from './constants.js'

const TWO_POW_32 = 0x1_0000_0000

/**
 * Write the ChaChaPoly nonce for counter `n` into `out`: 4 zero bytes ‖ n as 8-byte little
 * endian. Bytes 0–3 are never touched (they stay zero), so the scratch buffer is reused.
 */
function writeNonce(out: Uint8Array, n: number): void {
  const lo = n >>> 0
  const hi = (n - lo) / TWO_POW_32
  out[4] = lo
  out[5] = lo >>> 8
  out[6] = lo >>> 16
  out[7] = lo >>> 24
  out[8] = hi
  out[9] = hi >>> 8
  out[10] = hi >>> 16
  out[11] = hi >>> 24
}

/** Nonce 2^64−1 used only by {@link CipherState.rekey} (Noise §4.2 `REKEY`). */
const REKEY_NONCE: Uint8Array = new Uint8Array([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
const REKEY_ZEROS: Uint8Array = new Uint8Array(CIPHER_KEY_BYTES)

/**
 * A Noise CipherState. Owns a private copy of its key, which {@link CipherState.destroy} (and
 * every re-key) overwrites with zeros.
 *
 * Without a key (`hasKey() === false`) encryption is the identity, as the Noise spec requires for
 * the early handshake; a transport must never use a key-less state (the transport classes check).
 */
export class CipherState {
  readonly #crypto: CryptoProvider
  readonly #key = new Uint8Array(CIPHER_KEY_BYTES)
  readonly #nonceBytes = new Uint8Array(AEAD_NONCE_BYTES)
  #hasKey = false
  #n = 0

  /**
   * @param crypto - provider of the ChaCha20-Poly1305 AEAD.
   * @param key - optional 32-byte key; copied (the caller's array is not kept or cleared).
   * @throws TypeError when `key` is not 32 bytes.
   */
  constructor(crypto: CryptoProvider, key?: Uint8Array) {
    this.#crypto = crypto
    if (key !== undefined) this.initializeKey(key)
  }

  /**
   * Noise `InitializeKey(k)`: set a new key (copied) and reset the counter to 0. The old key is
   * zeroed first; `null` leaves the state key-less.
   * @param key - 32-byte key or `null`.
   * @throws TypeError when `key` is not 32 bytes.
   */
  initializeKey(key: Uint8Array | null): void {
    if (key !== null) assertBytes(key, CIPHER_KEY_BYTES, 'key')
    this.#key.fill(0)
    if (key === null) {
      this.#hasKey = false
    } else {
      this.#key.set(key)
      this.#hasKey = true
    }
    this.#n = 0
  }

  /** @returns whether a key is set (Noise `HasKey()`). */
  hasKey(): boolean {
    return this.#hasKey
  }

  /** The counter the next encryption or decryption uses. */
  get nonce(): number {
    return this.#n
  }

  /**
   * Noise `SetNonce(n)`: bitchat's transport uses it to decrypt at the explicit nonce carried in
   * each message.
   * @param n - integer in [0, 2^53−1]; 2^53−1 marks the state exhausted.
   * @throws RangeError for any other value.
   */
  setNonce(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`nonce must be an integer in [0, 2^53-1], got ${n}`)
    this.#n = n
  }

  /**
   * Noise `EncryptWithAd(ad, plaintext)`: ciphertext ‖ 16-byte tag at the current counter, then
   * the counter advances. Without a key, returns `plaintext` itself.
   * @param ad - associated data (use an empty array for none).
   * @param plaintext - data to encrypt.
   * @returns a new array of `plaintext.length + 16` bytes (or `plaintext` when key-less).
   * @throws CryptoError `CRYPTO_ERROR` when the counter is exhausted.
   */
  encryptWithAd(ad: Uint8Array, plaintext: Uint8Array): Uint8Array {
    if (!this.#hasKey) return plaintext
    const n = this.#n
    if (n > MAX_CIPHER_NONCE) throw new CryptoError('CRYPTO_ERROR', 'cipher nonce exhausted; re-handshake')
    writeNonce(this.#nonceBytes, n)
    const out = this.#crypto.chacha20poly1305.seal(this.#key, this.#nonceBytes, plaintext, ad)
    this.#n = n + 1
    return out
  }

  /**
   * Noise `EncryptWithAd(ad, plaintext)` written into a caller's buffer: ciphertext ‖ 16-byte tag
   * at `output[outputOffset ..]`, then the counter advances. Uses the provider's optional
   * `sealInto` when it has one, so a framing header and the sealed body share one allocation;
   * otherwise seals and copies. The bytes written are identical either way.
   * @param ad - associated data (use an empty array for none).
   * @param plaintext - data to encrypt.
   * @param output - destination with room for `plaintext.length + 16` bytes from `outputOffset`.
   * @param outputOffset - where the ciphertext starts in `output`.
   * @returns the number of bytes written, `plaintext.length + 16`.
   * @throws TypeError when the state has no key (a key-less state has no tag to write).
   * @throws RangeError when `output` is too small; the counter is then unchanged.
   * @throws CryptoError `CRYPTO_ERROR` when the counter is exhausted.
   */
  encryptWithAdInto(ad: Uint8Array, plaintext: Uint8Array, output: Uint8Array, outputOffset: number): number {
    if (!this.#hasKey) throw new TypeError('encryptWithAdInto() needs a key')
    const n = this.#n
    if (n > MAX_CIPHER_NONCE) throw new CryptoError('CRYPTO_ERROR', 'cipher nonce exhausted; re-handshake')
    writeNonce(this.#nonceBytes, n)
    const aead = this.#crypto.chacha20poly1305
    let written: number
    if (aead.sealInto !== undefined) {
      written = aead.sealInto(this.#key, this.#nonceBytes, plaintext, ad, output, outputOffset)
    } else {
      const length = plaintext.length + TAG_BYTES
      if (!Number.isSafeInteger(outputOffset) || outputOffset < 0 || output.length - outputOffset < length) {
        throw new RangeError(`output has no room for ${length} bytes at offset ${outputOffset}`)
      }
      output.set(this.#crypto.chacha20poly1305.seal(this.#key, this.#nonceBytes, plaintext, ad), outputOffset)
      written = length
    }
    this.#n = n + 1
    return written
  }

  /**
   * Noise `DecryptWithAd(ad, ciphertext)` without throwing: the plaintext, or `null` when the
   * input is shorter than a tag or fails authentication. The counter advances only on success.
   * Without a key, returns `ciphertext` itself.
   * @param ad - associated data.
   * @param ciphertext - ciphertext ‖ tag.
   * @returns plaintext or `null`.
   * @throws CryptoError `CRYPTO_ERROR` when the counter is exhausted.
   */
  tryDecryptWithAd(ad: Uint8Array, ciphertext: Uint8Array): Uint8Array | null {
    if (!this.#hasKey) return ciphertext
    if (ciphertext.length < TAG_BYTES) return null
    const n = this.#n
    if (n > MAX_CIPHER_NONCE) throw new CryptoError('CRYPTO_ERROR', 'cipher nonce exhausted; re-handshake')
    writeNonce(this.#nonceBytes, n)
    const out = this.#crypto.chacha20poly1305.open(this.#key, this.#nonceBytes, ciphertext, ad)
    if (out === null) return null
    this.#n = n + 1
    return out
  }

  /**
   * Noise `DecryptWithAd(ad, ciphertext)`.
   * @param ad - associated data.
   * @param ciphertext - ciphertext ‖ tag.
   * @returns the plaintext.
   * @throws CryptoError `AUTH_FAILED` when the tag does not verify or the input is too short.
   */
  decryptWithAd(ad: Uint8Array, ciphertext: Uint8Array): Uint8Array {
    const out = this.tryDecryptWithAd(ad, ciphertext)
    if (out === null) throw new CryptoError('AUTH_FAILED', 'Noise decryption failed: bad tag or truncated ciphertext')
    return out
  }

  /**
   * Noise `Rekey()`: k ← first 32 bytes of ENCRYPT(k, 2^64−1, ε, 32 zero bytes). The counter is
   * kept, as the spec says; the old key is overwritten in place.
   * @throws TypeError when the state has no key.
   */
  rekey(): void {
    if (!this.#hasKey) throw new TypeError('rekey() needs a key')
    const out = this.#crypto.chacha20poly1305.seal(this.#key, REKEY_NONCE, REKEY_ZEROS, EMPTY_BYTES)
    this.#key.set(out.subarray(0, CIPHER_KEY_BYTES))
    wipe(out)
  }

  /** Zero the key and forget it; the state becomes key-less. Safe to call twice. */
  destroy(): void {
    this.#key.fill(0)
    this.#hasKey = false
    this.#n = 0
  }
}
