/**
 * The cryptographic primitives BitMesh needs, behind one interface so an app can pick the
 * portable provider (pure JS, runs on React Native and browsers) or a faster native one.
 * Every provider must pass the same vectors and interoperate byte for byte.
 *
 * All methods are synchronous: every primitive here has a fast synchronous implementation in
 * both `node:crypto` and `@noble/*`, and an async seam would cost a microtask per packet.
 * @module
 */

/** Ed25519 (RFC 8032, pure, no pre-hash). Keys are 32-byte seeds / 32-byte public keys. */
export interface Ed25519Provider {
  /** Derive the 32-byte public key from a 32-byte secret seed. */
  getPublicKey(secretSeed: Uint8Array): Uint8Array
  /** Sign `message`, returning a 64-byte signature. */
  sign(message: Uint8Array, secretSeed: Uint8Array): Uint8Array
  /**
   * Verify a signature. Returns `false` (never throws) for a wrong signature, a malformed key or
   * a malformed signature.
   */
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean
}

/** X25519 (RFC 7748). */
export interface X25519Provider {
  /** Derive the 32-byte public key from a 32-byte private key (clamped internally). */
  getPublicKey(privateKey: Uint8Array): Uint8Array
  /**
   * Compute the shared secret. Throws a `CryptoError` with code `CRYPTO_ERROR` when the result is
   * all zeros (the peer sent a low-order point), as bitchat iOS does.
   */
  sharedSecret(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array
}

/** ChaCha20-Poly1305 AEAD (RFC 8439, 12-byte nonce, 16-byte tag appended). */
export interface AeadProvider {
  /** Encrypt; returns ciphertext ‖ 16-byte tag. */
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, associatedData?: Uint8Array): Uint8Array
  /**
   * Encrypt into a caller-supplied buffer: writes ciphertext ‖ 16-byte tag, byte for byte what
   * {@link AeadProvider.seal} returns, at `output[outputOffset ..]`, and touches no other byte of
   * `output`. Lets a framing layer put its header and the sealed body in one allocation instead
   * of copying `seal`'s result behind the header.
   *
   * Optional: callers must feature-test it and fall back to `seal` plus a copy.
   *
   * `plaintext` may share memory with the destination region (it is fully read before it is
   * overwritten, so in-place encryption works); `key`, `nonce` and `associatedData` must not
   * overlap the destination region.
   * @param key - 32-byte key.
   * @param nonce - 12-byte nonce.
   * @param plaintext - data to encrypt.
   * @param associatedData - authenticated but unencrypted data; `undefined` or empty for none.
   * @param output - destination; needs at least `outputOffset + plaintext.length + 16` bytes.
   * @param outputOffset - index in `output` where the ciphertext starts (integer ≥ 0).
   * @returns the number of bytes written, always `plaintext.length + 16`.
   * @throws TypeError when an argument is not a `Uint8Array` (as `seal`).
   * @throws RangeError when the key or nonce has the wrong length, when `outputOffset` is not a
   *   non-negative integer, or when `output` is too small; `output` is then left untouched.
   */
  sealInto?(
    key: Uint8Array,
    nonce: Uint8Array,
    plaintext: Uint8Array,
    associatedData: Uint8Array | undefined,
    output: Uint8Array,
    outputOffset: number,
  ): number
  /** Decrypt; returns the plaintext, or `null` when authentication fails. Never throws for bad tags. */
  open(key: Uint8Array, nonce: Uint8Array, ciphertextAndTag: Uint8Array, associatedData?: Uint8Array): Uint8Array | null
}

/** A complete set of primitives. */
export interface CryptoProvider {
  /** Short name for logs and benchmarks, e.g. `"noble"` or `"node"`. */
  readonly name: string
  /** SHA-256 digest (32 bytes). */
  sha256(data: Uint8Array): Uint8Array
  /** HMAC-SHA256 (32 bytes). */
  hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array
  /** RFC 5869 HKDF-SHA256. */
  hkdfSha256(inputKeyMaterial: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array
  readonly ed25519: Ed25519Provider
  readonly x25519: X25519Provider
  readonly chacha20poly1305: AeadProvider
  /** Fill a new array with cryptographically secure random bytes. */
  randomBytes(length: number): Uint8Array
  /**
   * Drop any cached key material (for example parsed peer public keys, which reveal whom this
   * device verified). Called by the panic wipe. Optional: providers without caches omit it.
   */
  clearCaches?(): void
}
