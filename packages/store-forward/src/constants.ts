/**
 * Defaults of the store-and-forward package. Every number carries its unit; every one is a
 * default that options can override. Sources: DESIGN §6 (Gozzip queue), bitchat-wire §6.7
 * (sender outbox), issue #8 (relay cache classes).
 * @module
 */

/** Outbound queue: largest number of queued items (Gozzip default). */
export const DEFAULT_QUEUE_MAX_ITEMS = 1_000
/** Outbound queue: largest total packet bytes (Gozzip's "50 MB", read as MiB). */
export const DEFAULT_QUEUE_MAX_BYTES = 50 * 1024 * 1024
/** Outbound queue: items older than this are flagged stale for the app (not dropped). */
export const STALE_AFTER_MS = 7 * 24 * 60 * 60 * 1000
/** Outbound queue: first retry delay after a failed send. */
export const DEFAULT_BACKOFF_BASE_MS = 1_000
/** Outbound queue: retry delay ceiling. */
export const DEFAULT_BACKOFF_MAX_MS = 10 * 60 * 1000
/**
 * Fraction of each backoff delay that is randomised ("equal jitter": half fixed, half random),
 * so many nodes coming back together do not retry in lockstep.
 */
export const DEFAULT_BACKOFF_JITTER = 0.5
/** Largest packet one queue item may hold; a bitchat frame never exceeds this (§1.7, iOS cap + headers). */
export const MAX_ITEM_BYTES = 2 * 1024 * 1024
/** Longest recipient / message ID string stored with an item, in UTF-16 code units. */
export const MAX_LABEL_CHARS = 256

/** bitchat sender outbox (§6.7): messages kept per peer. */
export const OUTBOX_MAX_PER_PEER = 100
/** bitchat sender outbox (§6.7): a message is given up after this long. */
export const OUTBOX_TTL_MS = 24 * 60 * 60 * 1000
/** bitchat sender outbox (§6.7, iOS): sends of one message before it is given up. */
export const OUTBOX_MAX_ATTEMPTS = 8
/** Outbox: distinct peers with pending messages (bounds the per-peer table). */
export const OUTBOX_MAX_PEERS = 256

/** Relay cache: total bytes of cached frames (10 MiB). */
export const RELAY_CACHE_MAX_BYTES = 10 * 1024 * 1024
/** Relay cache: total entries (bounds per-entry bookkeeping when frames are tiny). */
export const RELAY_CACHE_MAX_ENTRIES = 8_192
/** Relay cache: share of the byte cap one sender may occupy. */
export const RELAY_CACHE_SENDER_SHARE = 0.1
/** Relay cache: SOS entries held at most (they have no expiry, so they get their own bound). */
export const RELAY_CACHE_MAX_SOS_ENTRIES = 256
/** Relay cache hold time of a direct (private) message. */
export const DM_HOLD_MS = 2 * 60 * 60 * 1000
/** Relay cache hold time of a group message. */
export const GROUP_HOLD_MS = 30 * 60 * 1000
/** Relay cache hold time of a public message. */
export const PUBLIC_HOLD_MS = 5 * 60 * 1000
