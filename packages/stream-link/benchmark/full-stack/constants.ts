/**
 * Sizes and counts of the full-stack two-process benchmark (issue #7's figure).
 * @module
 */

/** The file moved per transfer: 10 MB as the issue states it (10 000 000 bytes, not 10 MiB). */
export const FILE_BYTES = 10_000_000

/**
 * Largest outer frame of one private-file unit: Android reassembles at most 1 MiB per fragment
 * set (§6.6), iOS accepts file content ≤ 1 MiB and outer payloads ≤ 1 179 760 bytes (§1.7). A
 * whole `0x11` frame of ≤ 1 MiB satisfies both apps, so a relay of either kind could carry it.
 */
export const MAX_UNIT_FRAME_BYTES = 1_048_576

/**
 * Room kept in {@link MAX_UNIT_FRAME_BYTES} for everything but content: v2 header 16, sender 8,
 * recipient 8, Noise nonce + tag 20, typed-payload byte 1, file TLV headers 3 + 3 + 4 + 3 + 5
 * and the name and MIME strings (both < 200 bytes here).
 */
export const UNIT_OVERHEAD_BYTES = 512

/** File content per unit: 1 048 064 bytes, so 10 MB travels as 10 bitchat private files. */
export const UNIT_CONTENT_BYTES = MAX_UNIT_FRAME_BYTES - UNIT_OVERHEAD_BYTES

/** Write size of the raw-TCP baseline. */
export const RAW_CHUNK_BYTES = 65_536

/** Measured rounds per data plane (each: one raw-TCP transfer, one full-stack transfer). */
export const ROUNDS = 5

/** Unmeasured rounds first (JIT warm-up, socket buffers grown). */
export const WARMUP_ROUNDS = 1

/**
 * Bytes of a fragment frame besides its chunk, as the mesh computes them (`transmit.ts` in
 * @bitmesh/mesh): v1 header 14, sender 8, recipient 8, fragment header 13, and 2 spare for an
 * original-size field.
 */
export const FRAGMENT_FRAME_OVERHEAD_BYTES = 14 + 8 + 8 + 13 + 2

/** Fragments per original packet both apps accept (§6.6). */
export const MAX_FRAGMENTS_PER_PACKET = 256

/** Largest timestamp skew accepted at ingress (§6.9, iOS). */
export const MAX_TIMESTAMP_SKEW_MS = 120_000

/** Duplicate keys remembered at ingress (iOS's 1 000, as the mesh). */
export const DEDUP_CAPACITY = 1_000

/** Hop budget of originated packets (§1.1). */
export const DEFAULT_TTL = 7

/** Planted every 64 KiB of the benchmark file so a tap can prove the wire carries no plaintext. */
export const PLAINTEXT_MARKER: Uint8Array = new TextEncoder().encode('BITMESH-PLAINTEXT-MARKER-7f3a')

/** Poll interval while Noise's per-peer message rate limit (100 per second, §5.3) is full. */
export const RATE_LIMIT_RETRY_MS = 5

/** Noise messages per second the benchmark's sender allows itself: 10 % under the receiver's 100. */
export const SENDER_MESSAGES_PER_SECOND = 90
