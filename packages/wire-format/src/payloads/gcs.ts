/**
 * Golomb-coded sets for gossip sync (`shared/spec/bitchat-wire.md` §2.7.2; iOS `GCSFilter.swift`,
 * Android `GCSFilter.kt`). Not BIP-158: the item hash is SHA-256 of the 16-byte packet ID
 * (top bit cleared), values are `hash mod M` with 0 mapped to 1, duplicates are removed and each
 * delta x ≥ 1 is coded as x − 1.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { checkIsBytes } from './internal/bin.js'
import { GolombRiceReader, GolombRiceWriter } from './internal/golomb.js'
import { MAX_GCS_P } from './request-sync.js'

/** Target false-positive rate of both apps (1 %). */
export const GCS_TARGET_FPR = 0.01
/** P for the 1 % target: ceil(log2(100)). */
export const GCS_DEFAULT_P = 7
/** Filter byte budget both apps use. */
export const GCS_DEFAULT_MAX_BYTES = 400

/** An encoded filter, as carried in REQUEST_SYNC TLVs 01–03. */
export interface GcsFilter {
  /** Golomb-Rice parameter. */
  p: number
  /** Hash range. */
  m: number
  /** Bitstream. */
  data: Uint8Array
}

/** A filter built by {@link buildGcsFilter}. */
export interface BuiltGcsFilter extends GcsFilter {
  /**
   * How many of the input IDs (a newest-first prefix) the filter covers. Below the input count
   * when the byte budget forced trimming; iOS then sends TLV `0x05` = timestamp of the oldest
   * covered packet.
   */
  includedCount: number
}

/** A filter decoded into its sorted set of values, for repeated membership tests. */
export interface DecodedGcsFilter {
  /** Golomb-Rice parameter. */
  p: number
  /** Hash range. */
  m: number
  /** Ascending, distinct values in 1…M−1. */
  values: Float64Array
}

/** Options for {@link buildGcsFilter}. */
export interface BuildGcsOptions {
  /** Golomb-Rice parameter, 1…32. Default {@link GCS_DEFAULT_P}. */
  p?: number
  /** Byte budget of the bitstream. Default {@link GCS_DEFAULT_MAX_BYTES}. */
  maxBytes?: number
  /** Extra cap on how many IDs are considered (a store's capacity). Default: none. */
  maxItems?: number
  /**
   * When the budget forces trimming: `false` (default, iOS) keeps M fixed at its initial value;
   * `true` (Android) recomputes M = n · 2^P for the trimmed count.
   */
  recomputeModulusOnTrim?: boolean
}

/**
 * P for a false-positive rate, as both apps derive it: ceil(log2(1/fpr)) with fpr clamped to
 * [1e-6, 0.25], at least 1.
 * @param fpr - Target false-positive rate.
 * @returns The Golomb-Rice parameter.
 */
export function gcsParameterForFpr(fpr: number): number {
  const f = Math.max(0.000001, Math.min(0.25, fpr))
  return Math.max(1, Math.ceil(Math.log2(1 / f)))
}

/** Bytes of a GCS item hash ({@link gcsItemHash}). */
export const GCS_ITEM_HASH_BYTES = 8

/**
 * The item hash of a packet ID: the first 8 bytes of SHA-256(packetId) (the top bit is cleared
 * when reducing). Computing it once per stored packet and passing it to
 * {@link buildGcsFilterFromHashes} / {@link gcsContainsHash} spares a SHA-256 per packet per
 * request — the cost of gossip sync in a crowd.
 * @param packetId - A 16-byte packet ID (§2.7.1).
 * @returns 8 bytes (a new array).
 */
export function gcsItemHash(packetId: Uint8Array): Uint8Array {
  checkIsBytes(packetId, 'packetId')
  return sha256(packetId).slice(0, GCS_ITEM_HASH_BYTES)
}

/**
 * An item hash reduced to a bucket: u64 big-endian with the top bit cleared, mod `m`, 0 remapped
 * to 1. Returns 0 when `m ≤ 1` (such a filter is empty).
 * @param itemHash - 8 bytes from {@link gcsItemHash}.
 * @param m - The filter's hash range.
 * @returns The bucket, 1…m−1.
 */
export function gcsBucketOfHash(itemHash: Uint8Array, m: number): number {
  if (m <= 1) return 0
  const d = itemHash
  // (hi·2^32 + lo) mod m in 16-bit steps, so every intermediate stays below 2^53.
  const hi = ((d[0]! & 0x7f) << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!
  let r = hi % m
  r = (r * 0x10000 + ((d[4]! << 8) | d[5]!)) % m
  r = (r * 0x10000 + ((d[6]! << 8) | d[7]!)) % m
  return r === 0 ? 1 : r
}

/**
 * The item hash: first 8 bytes of SHA-256(packetId) as u64 big-endian, top bit cleared, reduced
 * mod `m`, 0 remapped to 1. Returns 0 when `m ≤ 1` (such a filter is empty).
 * @param packetId - A 16-byte packet ID (§2.7.1).
 * @param m - The filter's hash range.
 * @returns The bucket, 1…m−1.
 */
export function gcsBucket(packetId: Uint8Array, m: number): number {
  checkIsBytes(packetId, 'packetId')
  if (m <= 1) return 0
  return gcsBucketOfHash(sha256(packetId), m)
}

/**
 * Build a filter over packet IDs, exactly as iOS does: n = min(#ids, ⌊max(8, 8·maxBytes) /
 * max(3, P+2)⌋, maxItems); M = n · 2^P (clamped to u32); hash, sort, de-duplicate, code deltas;
 * while the stream exceeds `maxBytes`, keep the newest ⌊n · 9/10⌋ (at least 1) and retry; if even
 * one ID does not fit, send empty data. [derived] The retry never drops anything in practice: the
 * quotients of n codes sum to less than n, so n codes take under n·(P+2) ≤ 8·maxBytes bits; only
 * a budget below P+2 bits (n clamped up to 1) can overflow, and then the result is empty.
 * @param packetIds - Packet IDs, **newest first** (trimming drops from the end).
 * @param options - See {@link BuildGcsOptions}.
 * @returns `{ p, m, data, includedCount }`. No IDs ⇒ M = 1 and empty data.
 * @throws RangeError for P outside 1…32 or a negative budget.
 */
export function buildGcsFilter(packetIds: readonly Uint8Array[], options: BuildGcsOptions = {}): BuiltGcsFilter {
  return buildGcsFilterFromHashes(packetIds.map(gcsItemHash), options)
}

/**
 * {@link buildGcsFilter} over precomputed item hashes ({@link gcsItemHash} of each packet ID,
 * newest first): the same filter, without hashing.
 * @param itemHashes - 8-byte item hashes, **newest first**.
 * @param options - See {@link BuildGcsOptions}.
 * @returns `{ p, m, data, includedCount }`.
 * @throws RangeError for P outside 1…32, a negative budget, or a hash that is not 8 bytes.
 */
export function buildGcsFilterFromHashes(itemHashes: readonly Uint8Array[], options: BuildGcsOptions = {}): BuiltGcsFilter {
  const p = options.p ?? GCS_DEFAULT_P
  const maxBytes = options.maxBytes ?? GCS_DEFAULT_MAX_BYTES
  if (!Number.isInteger(p) || p < 1 || p > MAX_GCS_P) throw new RangeError(`p must be 1…${MAX_GCS_P}`)
  if (!Number.isInteger(maxBytes) || maxBytes < 0) throw new RangeError('maxBytes must be a non-negative integer')
  for (const h of itemHashes) {
    checkIsBytes(h, 'itemHash')
    if (h.length !== GCS_ITEM_HASH_BYTES) throw new RangeError(`item hashes must be ${GCS_ITEM_HASH_BYTES} bytes, got ${h.length}`)
  }
  if (itemHashes.length === 0) return { p, m: 1, data: new Uint8Array(0), includedCount: 0 }

  const estimate = Math.max(1, Math.floor(Math.max(8, maxBytes * 8) / Math.max(3, p + 2)))
  let count = Math.min(itemHashes.length, estimate, options.maxItems ?? Number.POSITIVE_INFINITY)
  if (count < 1) return { p, m: 1, data: new Uint8Array(0), includedCount: 0 }
  let m = hashRange(count, p)
  let data = encodeFirst(itemHashes, count, m, p)
  while (data.length > maxBytes && count > 1) {
    count = Math.max(1, Math.floor((count * 9) / 10))
    if (options.recomputeModulusOnTrim === true) m = hashRange(count, p)
    data = encodeFirst(itemHashes, count, m, p)
  }
  if (data.length > maxBytes) return { p, m, data: new Uint8Array(0), includedCount: 0 }
  return { p, m, data, includedCount: data.length === 0 ? 0 : count }
}

/**
 * Decode a filter's values: read unary quotient and P-bit remainder until the stream ends, and
 * stop at the first running sum ≥ M (both apps). Bounded by the data's bit count. M ≤ 1 decodes
 * to the empty set (an empty store's filter).
 * @param filter - `{ p, m, data }`.
 * @returns The sorted values.
 * @throws RangeError when P is outside 1…32.
 */
export function decodeGcsFilter(filter: GcsFilter): DecodedGcsFilter {
  const { p, m, data } = filter
  if (!Number.isInteger(p) || p < 1 || p > MAX_GCS_P) throw new RangeError(`p must be 1…${MAX_GCS_P}`)
  checkIsBytes(data, 'data')
  if (m <= 1) return { p, m, values: new Float64Array(0) }
  const reader = new GolombRiceReader(data, p)
  // Every code takes at least P+1 bits, which bounds the value count up front.
  const values = new Float64Array(Math.floor((data.length * 8) / (p + 1)))
  let n = 0
  let acc = 0
  for (;;) {
    const v = reader.read()
    if (v === null) break
    acc += v + 1
    if (acc >= m) break
    values[n++] = acc
  }
  return { p, m, values: values.slice(0, n) }
}

/**
 * Whether the filter's set contains a packet's bucket (so the requester already has it, up to
 * false positives).
 * @param filter - A decoded filter (fast) or an encoded one (decoded on every call).
 * @param packetId - A 16-byte packet ID.
 * @returns True when `gcsBucket(packetId, m)` is in the set.
 */
export function gcsContains(filter: GcsFilter | DecodedGcsFilter, packetId: Uint8Array): boolean {
  const decoded = 'values' in filter ? filter : decodeGcsFilter(filter)
  if (decoded.m <= 1) return false
  return gcsContainsHash(decoded, gcsItemHash(packetId))
}

/**
 * {@link gcsContains} for a precomputed item hash ({@link gcsItemHash}): a reduction and a
 * binary search, no hashing.
 * @param filter - A decoded filter.
 * @param itemHash - 8-byte item hash.
 * @returns True when the hash's bucket is in the set.
 */
export function gcsContainsHash(filter: DecodedGcsFilter, itemHash: Uint8Array): boolean {
  if (filter.m <= 1) return false
  const target = gcsBucketOfHash(itemHash, filter.m)
  const values = filter.values
  let lo = 0
  let hi = values.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const v = values[mid]!
    if (v === target) return true
    if (v < target) lo = mid + 1
    else hi = mid - 1
  }
  return false
}

/** n · 2^P clamped to 1…2^32−1 (iOS `hashRange`). */
function hashRange(count: number, p: number): number {
  return Math.max(1, Math.min(0xffff_ffff, count * 2 ** p))
}

function encodeFirst(hashes: readonly Uint8Array[], count: number, m: number, p: number): Uint8Array {
  const mapped = new Float64Array(count)
  for (let i = 0; i < count; i++) mapped[i] = gcsBucketOfHash(hashes[i]!, m)
  mapped.sort()
  const writer = new GolombRiceWriter(p, 64)
  let prev = 0
  for (let i = 0; i < count; i++) {
    const v = mapped[i]!
    if (v <= prev) continue // de-duplicate (and drop 0, which only m ≤ 1 produces)
    writer.write(v - prev - 1)
    prev = v
  }
  return writer.finish()
}
