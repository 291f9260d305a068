/**
 * Sizes, formats and defaults of the panic wipe, with their units in their names.
 * @module
 */

/** Bytes of a data key (a ChaCha20-Poly1305 / HMAC-SHA256 key). */
export const DATA_KEY_BYTES = 32

/** Longest data-key purpose name, in UTF-8 bytes (the key-store format stores it in one byte). */
export const MAX_PURPOSE_BYTES = 64

/** Most data keys one key store holds (a key per purpose; purposes are a handful in practice). */
export const MAX_DATA_KEYS = 256

/** Version byte that starts every at-rest ciphertext. */
export const AT_REST_FORMAT_VERSION = 1

/** Random bytes per at-rest ciphertext: 16 derive the per-message subkey, 8 form the nonce. */
export const AT_REST_RANDOM_BYTES = 24

/** Poly1305 tag bytes. */
export const AEAD_TAG_BYTES = 16

/** Bytes an at-rest ciphertext adds to its plaintext: version + random + tag. */
export const AT_REST_OVERHEAD_BYTES = 1 + AT_REST_RANDOM_BYTES + AEAD_TAG_BYTES

/** Hex characters of a blinded key name (128 bits of HMAC-SHA256). */
export const BLINDED_NAME_HEX_CHARS = 32

/** Default per-component deadline of a wipe; a hung component is reported and skipped. */
export const DEFAULT_COMPONENT_TIMEOUT_MS = 10_000

/** Default PBKDF2-HMAC-SHA256 iterations for PIN hashes. */
export const DEFAULT_PIN_ITERATIONS = 50_000

/** Fewest PBKDF2 iterations accepted for a PIN record. */
export const MIN_PIN_ITERATIONS = 1_000

/** Most PBKDF2 iterations accepted when decoding a record (bounds the work a hostile file causes). */
export const MAX_PIN_ITERATIONS = 10_000_000

/** Salt bytes of a PIN record and of a wrapped key store. */
export const SALT_BYTES = 16

/** Longest PIN, in UTF-8 bytes. */
export const MAX_PIN_BYTES = 128

/** Default taps of the panic gesture (bitchat: triple tap on the title). */
export const DEFAULT_TAP_COUNT = 3

/** Default longest gap between two taps of the gesture. */
export const DEFAULT_TAP_MAX_GAP_MS = 500

/** Default longest time from the first to the last tap of the gesture. */
export const DEFAULT_TAP_WINDOW_MS = 1_500

/** Key-store file magic: ASCII `BMKS`. */
export const KEY_STORE_MAGIC = Uint8Array.of(0x42, 0x4d, 0x4b, 0x53)

/** Key-store format version. */
export const KEY_STORE_VERSION = 1

/** Default wipe priorities: lower runs first; equal priorities run concurrently. */
export const WipePriority = {
  /** In-memory secrets: Noise sessions, identity keys, geohash seeds. */
  SECRETS: 100,
  /** In-memory state: peer tables, relay caches, dedup sets. */
  STATE: 200,
  /** Persistent stores: clear and close databases and key-value stores. */
  STORES: 300,
  /** Files: delete (and optionally overwrite) everything under the data directory. */
  FILES: 400,
} as const
