/**
 * Payload compression (§1.5): the shared "should compress" rule, raw DEFLATE at zlib level 5, and
 * a bounded inflater.
 *
 * Why pako 2.1.0, pinned exactly: signatures cover the *compressed* bytes (§3.2), so BitMesh must
 * emit exactly what vanilla zlib emits (iOS's Apple encoder is vanilla zlib level 5). pako 2.1.0
 * matches vanilla zlib 1.2.13 byte for byte; Node's bundled zlib (a Chromium fork) and pako 3.x do
 * not. The tests compare against the system's vanilla zlib.
 *
 * Both directions keep one zlib stream alive and reset it per call: a fresh pako deflate state
 * allocates and clears ~250 KB, which would dominate the cost of compressing a chat message.
 * Everything here is synchronous, so one shared stream is safe.
 * @module
 */
import { DecodeError } from '@bitmesh/interface'
import ZStream from 'pako/lib/zlib/zstream.js'
import { deflate, deflateInit2, deflateResetKeep } from 'pako/lib/zlib/deflate.js'
import { inflateBounded, inflateFailure } from './inflate-core.js'
import {
  COMPRESSION_THRESHOLD_BYTES,
  DEFLATE_LEVEL,
  MAX_COMPRESSION_RATIO,
  MAX_DECODED_PAYLOAD_BYTES,
  V1_MAX_PAYLOAD_BYTES,
} from './constants.js'
import type { PacketVersion } from './types.js'

// zlib constants (zlib.h); pako uses the same numbers.
const Z_FINISH = 4
const Z_OK = 0
const Z_STREAM_END = 1
const Z_DEFLATED = 8
const Z_DEFAULT_STRATEGY = 0
/** Negative window bits select raw DEFLATE (no zlib header, no Adler-32); 15 = 32 KiB window. */
const RAW_WINDOW_BITS = -15
const MEM_LEVEL = 8
/** zlib's MIN_MATCH, needed to restore the "no match yet" state on reset. */
const MIN_MATCH = 3
/** Output scratch kept between calls; larger payloads get a one-off buffer so none is retained. */
const MAX_RETAINED_SCRATCH_BYTES = 64 * 1024

// ---------------------------------------------------------------------------------------------
// shouldCompress

/** Per-byte-value stamp of the call that last saw it; avoids clearing a table per call. */
const seenStamp = new Uint32Array(256)
let stampEpoch = 0

/**
 * The compression decision both apps make (§1.5): compress only payloads of at least 100 bytes
 * whose distinct-byte count divided by `min(length, 256)` is below 0.9 (a cheap "not already
 * compressed or encrypted" test). iOS additionally refuses to compress a v1 payload larger than
 * 65 535 bytes, since its original size would not fit the 2-byte size field.
 * @param payload - The uncompressed payload.
 * @param version - Packet version the payload travels in (default 1).
 * @returns True when the encoder should try to compress (it still keeps the result only if
 *   strictly smaller; see {@link deflateRawPayload}).
 */
export function shouldCompress(payload: Uint8Array, version: PacketVersion = 1): boolean {
  const length = payload.length
  if (length < COMPRESSION_THRESHOLD_BYTES) return false
  if (version === 1 && length > V1_MAX_PAYLOAD_BYTES) return false
  const window = length < 256 ? length : 256
  // distinct / window < 0.9  <=>  10·distinct < 9·window (exact for these small integers).
  const limit = 9 * window
  stampEpoch = (stampEpoch + 1) >>> 0
  if (stampEpoch === 0) {
    seenStamp.fill(0)
    stampEpoch = 1
  }
  const epoch = stampEpoch
  let distinct = 0
  for (let i = 0; i < length; i++) {
    const b = payload[i]!
    if (seenStamp[b] !== epoch) {
      seenStamp[b] = epoch
      distinct++
      // The count only grows, so stop as soon as the answer is "no".
      if (10 * distinct >= limit) return false
    }
  }
  return true
}

// ---------------------------------------------------------------------------------------------
// deflate

let deflateStream: ZStream | null = null
let deflateScratch = new Uint8Array(0)
/** Bytes of the deflate window written by the previous call, to be zeroed before the next. */
let deflateDirtyBytes = 0

function getDeflateStream(): ZStream {
  if (deflateStream !== null) return deflateStream
  const strm = new ZStream()
  const status = deflateInit2(strm, DEFLATE_LEVEL, Z_DEFLATED, RAW_WINDOW_BITS, MEM_LEVEL, Z_DEFAULT_STRATEGY)
  if (status !== Z_OK) throw new Error(`pako deflateInit2 failed: ${status}`)
  deflateStream = strm
  return strm
}

/**
 * Return the deflate stream to the state of a freshly initialised one. zlib's `deflateReset`
 * does the same but pako's version clears the 32 Ki-entry hash head with a slow generic loop
 * (~50 µs); this uses `fill`. The window is zeroed too: zlib's match finder may peek past the
 * input's end, and a fresh stream sees zeros there, so stale bytes could change the output.
 * Field names are those of pako 2.1.0's `DeflateState` (pinned exactly in package.json).
 */
function resetDeflateStream(strm: ZStream): void {
  deflateResetKeep(strm)
  const s = strm.state
  s.head.fill(0)
  if (deflateDirtyBytes > 0) {
    s.window.fill(0, 0, deflateDirtyBytes)
    deflateDirtyBytes = 0
  }
  s.strstart = 0
  s.block_start = 0
  s.lookahead = 0
  s.insert = 0
  s.match_length = MIN_MATCH - 1
  s.prev_length = MIN_MATCH - 1
  s.match_available = 0
  s.ins_h = 0
}

/**
 * Compress with raw DEFLATE exactly as bitchat iOS does: zlib level 5, window bits −15, memLevel 8,
 * default strategy (pako 2.1.0 reproduces vanilla zlib's bytes). Does not apply
 * {@link shouldCompress}; call that first.
 * @param payload - Bytes to compress.
 * @returns The raw DEFLATE stream (a new array), or `null` when it would not be strictly smaller
 *   than `payload` (the encoder then sends the payload uncompressed).
 */
export function deflateRawPayload(payload: Uint8Array): Uint8Array | null {
  const length = payload.length
  if (length === 0) return null // an empty stream is 2 bytes: never smaller
  const strm = getDeflateStream()
  resetDeflateStream(strm)
  // Capacity = input length: a stream that needs all of it is not strictly smaller, and zlib
  // reports Z_STREAM_END only while at least one output byte is left free.
  let out: Uint8Array
  if (length <= MAX_RETAINED_SCRATCH_BYTES) {
    if (deflateScratch.length < length) deflateScratch = new Uint8Array(Math.max(length, 1024))
    out = deflateScratch
  } else {
    out = new Uint8Array(length)
  }
  strm.input = payload
  strm.next_in = 0
  strm.avail_in = length
  strm.output = out
  strm.next_out = 0
  strm.avail_out = length
  let status: number
  try {
    status = deflate(strm, Z_FINISH)
  } finally {
    const window: Uint8Array = strm.state.window
    // Without a slide the window holds input bytes [0, length); with one, anything.
    deflateDirtyBytes = length < window.length >>> 1 ? length : window.length
    strm.input = null
    strm.output = null
  }
  const produced = strm.next_out
  if (status !== Z_STREAM_END || produced >= length) return null
  return out.slice(0, produced)
}

// ---------------------------------------------------------------------------------------------
// inflate

/** Decoder limits for compressed payloads (§1.5, §1.7). */
export interface InflateLimits {
  /** Largest declared original size accepted, in bytes (default {@link MAX_DECODED_PAYLOAD_BYTES}). */
  maxOutputBytes?: number
  /** Largest accepted original ÷ compressed size ratio (default {@link MAX_COMPRESSION_RATIO}). */
  maxRatio?: number
}

/**
 * Inflate a raw DEFLATE payload under the decoder limits of §1.5: non-empty input, declared size
 * in 1…`maxOutputBytes`, ratio ≤ `maxRatio`, output exactly `expectedSize` bytes, and nothing after
 * the stream's final block. Work is bounded by `expectedSize`: inflation stops as soon as the
 * stream would produce more.
 * @param data - The raw DEFLATE stream (without the original-size field).
 * @param expectedSize - The declared original size in bytes.
 * @param limits - Optional tighter or looser limits.
 * @returns The inflated bytes: a new array of exactly `expectedSize` bytes (its buffer holds one
 *   spare byte, used to detect streams longer than declared).
 * @throws DecodeError with reason `BAD_LENGTH` (empty input or size 0), `DECOMPRESSION_LIMIT`
 *   (size, ratio, or length mismatch) or `BAD_COMPRESSION` (not valid raw DEFLATE, truncated, or
 *   trailing bytes).
 * @throws RangeError when `expectedSize` or a limit is not a non-negative safe integer.
 */
export function inflateRawPayload(data: Uint8Array, expectedSize: number, limits?: InflateLimits): Uint8Array {
  if (!Number.isSafeInteger(expectedSize) || expectedSize < 0) {
    throw new RangeError(`expectedSize must be a non-negative safe integer, got ${expectedSize}`)
  }
  const maxOutputBytes = limits?.maxOutputBytes ?? MAX_DECODED_PAYLOAD_BYTES
  const maxRatio = limits?.maxRatio ?? MAX_COMPRESSION_RATIO
  checkLimit('maxOutputBytes', maxOutputBytes)
  checkLimit('maxRatio', maxRatio)
  const out = inflateBounded(data, expectedSize, maxOutputBytes, maxRatio)
  if (out === null) throw new DecodeError(inflateFailure.reason, inflateFailure.message)
  return out
}

/**
 * Validate a numeric limit option.
 * @internal
 */
export function checkLimit(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`)
  }
}
