/**
 * @packageDocumentation
 * Store-and-forward for BitMesh (L3): a durable outbound queue with Gozzip semantics, bitchat's
 * per-peer sender outbox, a drain driver fed by "transport available" signals, and a bounded
 * relay cache for other nodes' packets. Portable: no `node:*` imports. Storage goes through
 * {@link QueueBackend}; this entry ships the in-memory backend, `@bitmesh/store-forward/sqlite`
 * the durable Node one.
 */
export * from './constants.js'
export * from './types.js'
export * from './errors.js'
export { backoffDelayMs, backoffPolicy, type BackoffOptions, type BackoffPolicy } from './backoff.js'
export { memoryQueueBackend, type MemoryQueueBackendOptions } from './memory-backend.js'
export { OutboundQueue, type EnqueueInput, type OutboundQueueOptions, type QueueStats } from './outbound-queue.js'
export {
  DrainDriver,
  DEFAULT_TRANSPORT_PRIORITY,
  DEFAULT_DRAIN_BATCH_ITEMS,
  DRAIN_REARM_MS,
  type DrainDriverOptions,
  type DrainReport,
  type DrainSend,
} from './drain.js'
export {
  BitchatOutbox,
  type BitchatOutboxOptions,
  type OutboxDropReason,
  type OutboxFlushReport,
  type OutboxSend,
} from './outbox.js'
export {
  RelayCache,
  CACHED_CLASSES,
  type CachedClass,
  type RelayCacheEntry,
  type RelayCacheInput,
  type RelayCacheOptions,
  type RelayCacheStats,
  type RelayPutResult,
  type RelayRejectReason,
} from './relay-cache.js'
export { classifyPacket, relayInputFromPacket, type ClassifyOptions } from './classify.js'
export { compareItems } from './order.js'
