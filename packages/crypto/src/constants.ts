/**
 * Sizes and limits shared by both providers. Every value carries its unit in its name.
 * @module
 */

/** Ed25519 secret seed length (RFC 8032 §5.1.5), in bytes. */
export const ED25519_SEED_BYTES = 32
/** Ed25519 public key length, in bytes. */
export const ED25519_PUBLIC_KEY_BYTES = 32
/** Ed25519 signature length (R ‖ S), in bytes. */
export const ED25519_SIGNATURE_BYTES = 64
/** X25519 private and public key length (RFC 7748 §5), in bytes. */
export const X25519_KEY_BYTES = 32
/** ChaCha20-Poly1305 key length (RFC 8439 §2.8), in bytes. */
export const AEAD_KEY_BYTES = 32
/** ChaCha20-Poly1305 nonce length (RFC 8439 §2.8, IETF variant), in bytes. */
export const AEAD_NONCE_BYTES = 12
/** Poly1305 tag length appended to every ciphertext, in bytes. */
export const AEAD_TAG_BYTES = 16
/** SHA-256 digest length, in bytes. */
export const SHA256_BYTES = 32
/** Largest output HKDF-SHA256 can produce: 255 × HashLen (RFC 5869 §2.3), in bytes. */
export const HKDF_SHA256_MAX_OUTPUT_BYTES = 255 * 32
/**
 * Default number of peer public keys whose parsed form (decoded point or `KeyObject`) each
 * provider keeps. Announces from the same peers repeat, so a small cache removes key parsing
 * from the verify hot path; 256 entries cost a few tens of kilobytes.
 */
export const ED25519_PUBLIC_KEY_CACHE_ENTRIES = 256
/**
 * Default number of private keys whose imported `KeyObject` the node provider keeps, per
 * algorithm (X25519 and Ed25519 each). A Noise handshake needs its ephemeral key three times and
 * the long-term static key once per handshake, so a few entries remove most imports; 32 is
 * enough for that many handshakes in flight while bounding how many secrets the cache can hold.
 */
export const PRIVATE_KEY_CACHE_ENTRIES = 32
