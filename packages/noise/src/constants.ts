/**
 * Sizes and limits of the Noise suite BitMesh speaks (`25519_ChaChaPoly_SHA256`, Noise spec
 * rev 34) and of bitchat's transport framing (`shared/spec/bitchat-wire.md` §5). Names carry units.
 * @module
 */

/** X25519 public key, private key and shared secret size (Noise `DHLEN`). */
export const DH_LEN_BYTES = 32
/** SHA-256 output size (Noise `HASHLEN`); also the chaining key and handshake hash size. */
export const HASH_LEN_BYTES = 32
/** ChaCha20-Poly1305 key size. */
export const CIPHER_KEY_BYTES = 32
/** Poly1305 tag size appended to every ciphertext. */
export const TAG_BYTES = 16
/** IETF ChaCha20-Poly1305 nonce size: 4 zero bytes then the 8-byte little-endian counter. */
export const AEAD_NONCE_BYTES = 12
/** Largest Noise message (handshake or transport) the Noise spec allows. */
export const MAX_NOISE_MESSAGE_BYTES = 65_535
/**
 * Largest counter a {@link CipherState} encrypts or decrypts with. The Noise spec allows up to
 * 2^64−2, but a JS number is exact only up to 2^53−1 (kept as the "exhausted" value, as Noise
 * reserves its maximum); no session gets near either bound (bitchat stops at 2^32−2).
 */
export const MAX_CIPHER_NONCE = Number.MAX_SAFE_INTEGER - 1

/** Size of the explicit big-endian nonce that prefixes every bitchat transport message (§5.4). */
export const TRANSPORT_NONCE_BYTES = 4
/** Bytes a bitchat transport message adds to its plaintext: 4-byte nonce + 16-byte tag. */
export const TRANSPORT_OVERHEAD_BYTES = TRANSPORT_NONCE_BYTES + TAG_BYTES
/** Default plaintext cap of a bitchat transport message (§5.4); private files may exceed it. */
export const MAX_TRANSPORT_PLAINTEXT_BYTES = 65_535
/** Last sending counter bitchat allows (2^32−2); the sender refuses to encrypt after it (§5.4). */
export const MAX_TRANSPORT_SEND_NONCE = 0xffff_fffe
/** Width of the receive replay window in nonces (§5.4). */
export const REPLAY_WINDOW_NONCES = 1024
/** Size of the replay window bitmap (one bit per nonce). */
export const REPLAY_WINDOW_BYTES = REPLAY_WINDOW_NONCES / 8

/** The protocol bitchat speaks (§5.1); exactly 32 bytes, so h₀ is the name itself. */
export const BITCHAT_PROTOCOL_NAME = 'Noise_XX_25519_ChaChaPoly_SHA256'
/** Sizes of bitchat's three XX handshake messages with empty payloads (§5.2). */
export const BITCHAT_XX_MESSAGE_BYTES: readonly [number, number, number] = [32, 96, 64]
