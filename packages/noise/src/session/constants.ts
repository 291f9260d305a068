/**
 * Default limits of the Noise session manager (`bitchat-wire.md` §5.3, §5.5, §5.6). Every value
 * can be overridden through `NoiseSessionManagerOptions.limits`; names carry units.
 * @module
 */

/** Size of a bitchat peer ID: the first 8 bytes of SHA-256(Noise static public key) (§4). */
export const PEER_ID_BYTES = 8

/** An initiator that has not received message 2 after this long gives up (iOS, §5.3). */
export const INITIATOR_HANDSHAKE_TIMEOUT_MS = 10_000
/** A responder that has not received message 3 after this long gives up (iOS, §5.3). */
export const RESPONDER_HANDSHAKE_TIMEOUT_MS = 20_000
/**
 * How long a session replaced by a new handshake stays receive-only when the new handshake does
 * not complete (iOS quarantine, §5.2).
 */
export const RETIRED_SESSION_TIMEOUT_MS = 20_000
/**
 * An identical message 1 seen again within this window is a mesh duplicate, not a new
 * initiation (Android de-duplicates handshakes for 60 s, §5.3).
 */
export const INITIATION_DEDUP_MS = 60_000

/** Handshakes (started or accepted) allowed per peer per {@link HANDSHAKE_RATE_WINDOW_MS} (iOS). */
export const MAX_HANDSHAKES_PER_PEER_PER_WINDOW = 10
/** Handshakes allowed over all peers per {@link HANDSHAKE_RATE_WINDOW_MS} (iOS). */
export const MAX_HANDSHAKES_GLOBAL_PER_WINDOW = 30
/** Sliding window of the handshake rate limits. */
export const HANDSHAKE_RATE_WINDOW_MS = 60_000
/** Transport messages allowed per peer and direction per {@link MESSAGE_RATE_WINDOW_MS} (iOS). */
export const MAX_MESSAGES_PER_PEER_PER_WINDOW = 100
/** Transport messages allowed over all peers, per direction, per {@link MESSAGE_RATE_WINDOW_MS} (iOS). */
export const MAX_MESSAGES_GLOBAL_PER_WINDOW = 500
/** Sliding window of the message rate limits. */
export const MESSAGE_RATE_WINDOW_MS = 1_000

/** A session older than this can no longer encrypt or decrypt (iOS, §5.5). */
export const SESSION_MAX_AGE_MS = 24 * 60 * 60 * 1_000
/** A session this old is rekeyed (fresh XX handshake) on its next send (iOS, §5.5). */
export const REKEY_AFTER_MS = 24 * 60 * 60 * 1_000
/** Sent + received messages after which a session is rekeyed on its next send: 90 % of 10⁹ (iOS). */
export const REKEY_AFTER_MESSAGES = 900_000_000

/** Consecutive authentication failures from a peer that destroy its session (Android, §5.6). */
export const MAX_CONSECUTIVE_DECRYPT_FAILURES = 3

/** Payloads queued per peer while its handshake runs. */
export const MAX_QUEUED_PAYLOADS_PER_PEER = 64
/** Bytes of payload queued per peer while its handshake runs (64 KiB). */
export const MAX_QUEUED_BYTES_PER_PEER = 65_536
/** Bytes of payload queued over all peers (1 MiB): caps memory however many peers handshake. */
export const MAX_QUEUED_BYTES_TOTAL = 1_048_576

/**
 * Transport frames buffered per peer while we wait for message 3 as responder: the initiator may
 * already be sending, and the mesh can deliver its first frames before message 3 (iOS buffers too).
 */
export const MAX_BUFFERED_INBOUND_FRAMES_PER_PEER = 16
/** Bytes of transport frames buffered per peer while we wait for message 3 (64 KiB). */
export const MAX_BUFFERED_INBOUND_BYTES_PER_PEER = 65_536

/** Peers with live state (session, handshake or queue) held at once; the least recently used is evicted. */
export const MAX_PEERS = 1_024
/** Peers whose rate-limit history is kept; the oldest history is forgotten first. */
export const MAX_RATE_TRACKED_PEERS = 1_024

/** Largest typed plaintext of an ordinary payload (§5.4). */
export const MAX_PAYLOAD_BYTES = 65_535
/**
 * Largest typed plaintext of a private file payload (`0x20`, or its alias `0x09` on receive):
 * 1 MiB of file content (iOS) plus 64 KiB for the file TLV's other fields (§2.5.5, §2.8).
 */
export const MAX_FILE_PAYLOAD_BYTES = 1_048_576 + 65_536

/** Typed Noise payload type of the authenticated peer state (§2.5.6). */
export const PEER_STATE_PAYLOAD_TYPE = 0x21
/** Typed Noise payload type of a private file (§2.5.5). */
export const PRIVATE_FILE_PAYLOAD_TYPE = 0x20
/** Decode-only prerelease alias of {@link PRIVATE_FILE_PAYLOAD_TYPE} (§2.5). */
export const PRIVATE_FILE_ALIAS_PAYLOAD_TYPE = 0x09
