/**
 * Noise `SymmetricState` (spec rev 34 §5.2): chaining key `ck`, handshake hash `h` and a
 * {@link CipherState}.
 * @module
 */
import type { CryptoProvider } from '@bitmesh/interface'
import { concat2, wipe } from './bytes.js'
import { CipherState } from './cipher-state.js'
import { HASH_LEN_BYTES } from './constants.js'
import { noiseHkdf } from './hkdf.js'
import { protocolNameBytes } from './protocol-name.js'

/**
 * Noise SymmetricState. The chaining key lives in one buffer that is overwritten on every
 * `mixKey` and zeroed by {@link SymmetricState.split} / {@link SymmetricState.destroy}.
 */
export class SymmetricState {
  readonly #crypto: CryptoProvider
  readonly #ck = new Uint8Array(HASH_LEN_BYTES)
  #h: Uint8Array = new Uint8Array(HASH_LEN_BYTES)
  readonly #cipher: CipherState

  /**
   * Noise `InitializeSymmetric(protocol_name)`: h = name zero-padded to 32 bytes when it fits,
   * else SHA-256(name); ck = h; no key.
   * @param crypto - provider of SHA-256, HKDF and the AEAD.
   * @param protocolName - full ASCII protocol name, e.g. `Noise_XX_25519_ChaChaPoly_SHA256`.
   * @throws TypeError when the name is empty or not printable ASCII.
   */
  constructor(crypto: CryptoProvider, protocolName: string) {
    this.#crypto = crypto
    const name = protocolNameBytes(protocolName)
    if (name.length <= HASH_LEN_BYTES) this.#h.set(name)
    else this.#h = crypto.sha256(name)
    this.#ck.set(this.#h)
    this.#cipher = new CipherState(crypto)
  }

  /**
   * Noise `MixKey(ikm)`: (ck, k) ← HKDF(ck, ikm, 2); the cipher gets k with n = 0. The previous
   * key and chaining key are overwritten.
   * @param inputKeyMaterial - typically a DH output (the caller wipes it).
   */
  mixKey(inputKeyMaterial: Uint8Array): void {
    const out = noiseHkdf(this.#crypto, this.#ck, inputKeyMaterial, 2)
    this.#ck.set(out.subarray(0, HASH_LEN_BYTES))
    this.#cipher.initializeKey(out.subarray(HASH_LEN_BYTES, 2 * HASH_LEN_BYTES))
    wipe(out)
  }

  /**
   * Noise `MixHash(data)`: h ← SHA-256(h ‖ data).
   * @param data - bytes to absorb.
   */
  mixHash(data: Uint8Array): void {
    this.#h = this.#crypto.sha256(concat2(this.#h, data))
  }

  /**
   * Noise `MixKeyAndHash(ikm)`: (ck, temp_h, k) ← HKDF(ck, ikm, 3); MixHash(temp_h); key k.
   * Only PSK patterns use it; kept for completeness of the framework.
   * @param inputKeyMaterial - key material to absorb.
   */
  mixKeyAndHash(inputKeyMaterial: Uint8Array): void {
    const out = noiseHkdf(this.#crypto, this.#ck, inputKeyMaterial, 3)
    this.#ck.set(out.subarray(0, HASH_LEN_BYTES))
    this.mixHash(out.subarray(HASH_LEN_BYTES, 2 * HASH_LEN_BYTES))
    this.#cipher.initializeKey(out.subarray(2 * HASH_LEN_BYTES, 3 * HASH_LEN_BYTES))
    wipe(out)
  }

  /** @returns a copy of the current handshake hash `h`. */
  getHandshakeHash(): Uint8Array {
    return this.#h.slice()
  }

  /** @returns whether the inner cipher has a key (Noise `HasKey()`). */
  hasKey(): boolean {
    return this.#cipher.hasKey()
  }

  /**
   * Noise `EncryptAndHash(plaintext)`: encrypt with ad = h (identity without a key), then absorb
   * the ciphertext into h.
   * @param plaintext - data to encrypt.
   * @returns the ciphertext (or `plaintext` itself while key-less).
   * @throws CryptoError `CRYPTO_ERROR` when the counter is exhausted (not reachable in a handshake).
   */
  encryptAndHash(plaintext: Uint8Array): Uint8Array {
    const ciphertext = this.#cipher.encryptWithAd(this.#h, plaintext)
    this.mixHash(ciphertext)
    return ciphertext
  }

  /**
   * Noise `DecryptAndHash(ciphertext)` without throwing on a bad tag.
   * @param ciphertext - ciphertext ‖ tag (or plaintext while key-less).
   * @returns the plaintext, or `null` when authentication fails (h is then left unchanged).
   */
  tryDecryptAndHash(ciphertext: Uint8Array): Uint8Array | null {
    const plaintext = this.#cipher.tryDecryptWithAd(this.#h, ciphertext)
    if (plaintext === null) return null
    this.mixHash(ciphertext)
    return plaintext
  }

  /**
   * Noise `DecryptAndHash(ciphertext)`.
   * @param ciphertext - ciphertext ‖ tag (or plaintext while key-less).
   * @returns the plaintext.
   * @throws CryptoError `AUTH_FAILED` when authentication fails.
   */
  decryptAndHash(ciphertext: Uint8Array): Uint8Array {
    const plaintext = this.#cipher.decryptWithAd(this.#h, ciphertext)
    this.mixHash(ciphertext)
    return plaintext
  }

  /**
   * Noise `Split()`: (k1, k2) ← HKDF(ck, ε, 2). Afterwards the chaining key and the handshake
   * cipher key are zeroed; h stays readable for channel binding.
   * @returns `[c1, c2]`: c1 encrypts initiator → responder, c2 responder → initiator.
   */
  split(): [CipherState, CipherState] {
    const out = noiseHkdf(this.#crypto, this.#ck, new Uint8Array(0), 2)
    const c1 = new CipherState(this.#crypto, out.subarray(0, HASH_LEN_BYTES))
    const c2 = new CipherState(this.#crypto, out.subarray(HASH_LEN_BYTES, 2 * HASH_LEN_BYTES))
    wipe(out)
    this.#ck.fill(0)
    this.#cipher.destroy()
    return [c1, c2]
  }

  /** Zero the chaining key, the handshake hash and the cipher key. Safe to call twice. */
  destroy(): void {
    this.#ck.fill(0)
    this.#h.fill(0)
    this.#cipher.destroy()
  }
}
