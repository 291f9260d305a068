/**
 * REQUEST_SYNC (`0x21`) payload (`shared/spec/bitchat-wire.md` §2.7): TLVs with a 1-byte type and
 * a 2-byte big-endian length.
 * @module
 */
import { DecodeReason } from '@bitmesh/interface'
import { bytesToHex, utf8Encode } from '../packet/bytes.js'
import {
  cannotEncode,
  checkBytes,
  checkIsBytes,
  checkUnsigned,
  checkUnsignedBigInt,
  fail,
  minimalLeBitfield,
  readLeBitfield,
  readU32,
  readU64,
  writeU32,
  writeU64,
} from './internal/bin.js'
import { forEachTlv, TlvWriter } from './internal/tlv.js'
import { tryUtf8 } from './internal/text.js'

/** REQUEST_SYNC TLV type numbers. */
export const RequestSyncTlv = {
  P: 0x01,
  M: 0x02,
  DATA: 0x03,
  TYPES: 0x04,
  SINCE_TIMESTAMP: 0x05,
  FRAGMENT_ID_FILTER: 0x06,
} as const

/** Largest GCS bitstream (and fragment filter) a receiver accepts, in bytes (both apps). */
export const MAX_SYNC_FILTER_BYTES = 1024
/** Most fragment IDs one fragment filter carries (iOS). */
export const MAX_FRAGMENT_ID_FILTER_COUNT = 60
/** Largest Golomb-Rice parameter accepted (iOS `GCSFilter.maxP`). */
export const MAX_GCS_P = 32

/** A decoded REQUEST_SYNC payload. */
export interface RequestSyncPayload {
  /** Golomb-Rice parameter, 1…32. */
  p: number
  /** Hash range M, 1…2^32−1. */
  m: number
  /** GCS bitstream, at most 1024 bytes (empty for an empty store). */
  data: Uint8Array
  /**
   * Covered types (see `SyncTypeFlags`), raw bits as sent (iOS masks unknown bits on decode;
   * `syncTypesToMessageTypes` ignores them). `undefined` = TLV absent = announce + message.
   */
  types?: bigint | undefined
  /** The filter covers only packets with timestamp ≥ this (ms). iOS only. */
  sinceTimestamp?: bigint | undefined
  /** Restrict the fragment diff to these 8-byte fragment IDs (targeted resync). iOS only. */
  fragmentIds?: Uint8Array[] | undefined
}

/**
 * Encode a sync request in iOS order 01, 02, 03, [04], [05], [06]. A `types` of `0n` and an
 * empty `fragmentIds` are omitted (iOS writes nothing for them either).
 * @param request - The fields.
 * @returns The TLV payload.
 * @throws EncodeError when `data` exceeds 1024 bytes or more than 60 fragment IDs are given.
 * @throws RangeError when `p`, `m`, `types` or `sinceTimestamp` is out of range; TypeError when a
 *   fragment ID is not 8 bytes.
 */
export function encodeRequestSync(request: RequestSyncPayload): Uint8Array {
  checkUnsigned(request.p, 8, 'p')
  if (request.p < 1 || request.p > MAX_GCS_P) throw new RangeError(`p must be 1…${MAX_GCS_P}`)
  checkUnsigned(request.m, 32, 'm')
  if (request.m < 1) throw new RangeError('m must be at least 1')
  checkIsBytes(request.data, 'data')
  if (request.data.length > MAX_SYNC_FILTER_BYTES) {
    throw cannotEncode(`GCS data is ${request.data.length} bytes; receivers accept at most ${MAX_SYNC_FILTER_BYTES}`)
  }
  const w = new TlvWriter(2)
  w.add(RequestSyncTlv.P, Uint8Array.of(request.p), 'p')
  const m = new Uint8Array(4)
  writeU32(m, 0, request.m)
  w.add(RequestSyncTlv.M, m, 'm')
  w.add(RequestSyncTlv.DATA, request.data, 'data')
  if (request.types !== undefined) {
    checkUnsignedBigInt(request.types, 64, 'types')
    if (request.types !== 0n) w.add(RequestSyncTlv.TYPES, minimalLeBitfield(request.types), 'types')
  }
  if (request.sinceTimestamp !== undefined) {
    checkUnsignedBigInt(request.sinceTimestamp, 64, 'sinceTimestamp')
    const since = new Uint8Array(8)
    writeU64(since, 0, request.sinceTimestamp)
    w.add(RequestSyncTlv.SINCE_TIMESTAMP, since, 'sinceTimestamp')
  }
  const ids = request.fragmentIds
  if (ids !== undefined && ids.length > 0) {
    if (ids.length > MAX_FRAGMENT_ID_FILTER_COUNT) {
      throw cannotEncode(`${ids.length} fragment IDs; a filter carries at most ${MAX_FRAGMENT_ID_FILTER_COUNT}`)
    }
    ids.forEach((id, i) => checkBytes(id, 8, `fragmentIds[${i}]`))
    w.add(RequestSyncTlv.FRAGMENT_ID_FILTER, utf8Encode(ids.map(bytesToHex).join(',')), 'fragmentIdFilter')
  }
  return w.finish()
}

/**
 * Decode a sync request as iOS does: unknown TLVs skipped; a repeated TLV overrides; TLVs of the
 * wrong length (P ≠ 1, M ≠ 4, types not 1–8, since ≠ 8 bytes) and an over-long or non-UTF-8
 * fragment filter are ignored; a trailing partial header is ignored. Fragment filter tokens that
 * are not 16 hex digits are skipped, duplicates collapsed, at most 60 read.
 * @param payload - The REQUEST_SYNC payload.
 * @returns The request (`data` is a view into `payload`).
 * @throws DecodeError `TRUNCATED` when a TLV runs past the end, `BAD_LENGTH` when data exceeds
 *   1024 bytes, `BAD_TLV` when P, M or data is missing, `BAD_VALUE` when P is outside 1…32 or
 *   M is 0.
 */
export function decodeRequestSync(payload: Uint8Array): RequestSyncPayload {
  let p: number | undefined
  let m: number | undefined
  let data: Uint8Array | undefined
  let types: bigint | undefined
  let sinceTimestamp: bigint | undefined
  let fragmentIds: Uint8Array[] | undefined
  forEachTlv(payload, 0, 2, 'ignore', (type, value) => {
    switch (type) {
      case RequestSyncTlv.P:
        if (value.length === 1) p = value[0]!
        break
      case RequestSyncTlv.M:
        if (value.length === 4) m = readU32(value, 0)
        break
      case RequestSyncTlv.DATA:
        if (value.length > MAX_SYNC_FILTER_BYTES) {
          throw fail(DecodeReason.BAD_LENGTH, `GCS data is ${value.length} bytes; at most ${MAX_SYNC_FILTER_BYTES}`)
        }
        data = value
        break
      case RequestSyncTlv.TYPES:
        if (value.length >= 1 && value.length <= 8) types = readLeBitfield(value)
        break
      case RequestSyncTlv.SINCE_TIMESTAMP:
        if (value.length === 8) sinceTimestamp = readU64(value, 0)
        break
      case RequestSyncTlv.FRAGMENT_ID_FILTER:
        if (value.length <= MAX_SYNC_FILTER_BYTES) {
          const text = tryUtf8(value)
          if (text !== null) fragmentIds = parseFragmentIdFilter(text)
        }
        break
      default:
      // Unknown TLVs are skipped (forward compatible).
    }
  })
  if (p === undefined || m === undefined || data === undefined) {
    throw fail(DecodeReason.BAD_TLV, 'sync request lacks P, M or data')
  }
  if (p < 1 || p > MAX_GCS_P) throw fail(DecodeReason.BAD_VALUE, `GCS parameter P=${p} is outside 1…${MAX_GCS_P}`)
  if (m === 0) throw fail(DecodeReason.BAD_VALUE, 'GCS range M is 0')
  const out: RequestSyncPayload = { p, m, data }
  if (types !== undefined) out.types = types
  if (sinceTimestamp !== undefined) out.sinceTimestamp = sinceTimestamp
  if (fragmentIds !== undefined) out.fragmentIds = fragmentIds
  return out
}

/** Parse the comma-separated hex filter; `undefined` when no token is valid (iOS returns nil). */
function parseFragmentIdFilter(text: string): Uint8Array[] | undefined {
  const ids: Uint8Array[] = []
  const seen = new Set<string>()
  // Swift's split(separator:) drops empty pieces before the 60-token cap applies.
  const tokens = text.split(',').filter((t) => t.length > 0)
  const n = Math.min(tokens.length, MAX_FRAGMENT_ID_FILTER_COUNT)
  for (let i = 0; i < n; i++) {
    const token = tokens[i]!
    if (!/^[0-9a-fA-F]{16}$/.test(token)) continue
    const lower = token.toLowerCase()
    if (seen.has(lower)) continue
    seen.add(lower)
    const id = new Uint8Array(8)
    for (let j = 0; j < 8; j++) id[j] = Number.parseInt(lower.slice(2 * j, 2 * j + 2), 16)
    ids.push(id)
  }
  return ids.length > 0 ? ids : undefined
}
