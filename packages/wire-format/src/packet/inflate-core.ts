/**
 * Internal, non-throwing inflater shared by `inflateRawPayload` and the packet decoder. One raw
 * inflate stream is kept and reset per call (reset is cheap; init allocates). Not re-exported.
 * @module
 */
import { DecodeReason, type DecodeReasonValue } from '@bitmesh/interface'
import ZStream from 'pako/lib/zlib/zstream.js'
import { inflate, inflateInit2, inflateReset } from 'pako/lib/zlib/inflate.js'

const Z_FINISH = 4
const Z_OK = 0
const Z_STREAM_END = 1
const Z_BUF_ERROR = -5
/** Raw DEFLATE with a 32 KiB window. */
const RAW_WINDOW_BITS = -15

let inflateStream: ZStream | null = null

function getInflateStream(): ZStream {
  if (inflateStream !== null) return inflateStream
  const strm = new ZStream()
  const status = inflateInit2(strm, RAW_WINDOW_BITS)
  if (status !== Z_OK) throw new Error(`pako inflateInit2 failed: ${status}`)
  inflateStream = strm
  return strm
}

/** Why the last {@link inflateBounded} call returned `null` (read it right after the call). */
export const inflateFailure: { reason: DecodeReasonValue; message: string } = {
  reason: DecodeReason.BAD_COMPRESSION,
  message: '',
}

function fail(reason: DecodeReasonValue, message: string): null {
  inflateFailure.reason = reason
  inflateFailure.message = message
  return null
}

/**
 * Non-throwing core of {@link inflateRawPayload}, used on the decode hot path. On failure returns
 * `null` and leaves the reason in {@link inflateFailure}. `expectedSize` must be a safe integer.
 */
export function inflateBounded(data: Uint8Array, expectedSize: number, maxOutputBytes: number, maxRatio: number): Uint8Array | null {
  const compressedLength = data.length
  if (compressedLength === 0) return fail(DecodeReason.BAD_LENGTH, 'compressed payload is empty')
  if (expectedSize === 0) return fail(DecodeReason.BAD_LENGTH, 'declared original size is 0')
  if (expectedSize > maxOutputBytes) {
    return fail(DecodeReason.DECOMPRESSION_LIMIT, `declared original size ${expectedSize} exceeds ${maxOutputBytes}`)
  }
  if (expectedSize > compressedLength * maxRatio) {
    return fail(
      DecodeReason.DECOMPRESSION_LIMIT,
      `compression ratio ${expectedSize}/${compressedLength} exceeds ${maxRatio}`,
    )
  }
  const strm = getInflateStream()
  inflateReset(strm)
  // Room for one byte more than declared: inflate stops the moment the stream produces more,
  // so a bomb costs at most `expectedSize + 1` bytes of work (bounded by the checks above), and
  // a stream that is merely truncated is told apart from one that is too long.
  const capacity = expectedSize + 1
  const out = new Uint8Array(capacity)
  strm.input = data
  strm.next_in = 0
  strm.avail_in = compressedLength
  strm.output = out
  strm.next_out = 0
  strm.avail_out = capacity
  let status: number
  try {
    status = inflate(strm, Z_FINISH)
  } finally {
    strm.input = null
    strm.output = null
  }
  const produced = strm.next_out
  if (status === Z_STREAM_END) {
    if (produced !== expectedSize) {
      return fail(DecodeReason.DECOMPRESSION_LIMIT, `inflated to ${produced} bytes but ${expectedSize} were declared`)
    }
    if (strm.avail_in !== 0) {
      return fail(DecodeReason.BAD_COMPRESSION, `${strm.avail_in} trailing bytes after the end of the DEFLATE stream`)
    }
    return out.subarray(0, expectedSize)
  }
  if (status < 0 && status !== Z_BUF_ERROR /* no progress possible: judged below */) {
    return fail(DecodeReason.BAD_COMPRESSION, `invalid raw DEFLATE stream: ${strm.msg || `zlib status ${status}`}`)
  }
  if (produced > expectedSize) {
    return fail(DecodeReason.DECOMPRESSION_LIMIT, `inflates past the declared size of ${expectedSize} bytes`)
  }
  return fail(DecodeReason.BAD_COMPRESSION, 'truncated DEFLATE stream (no final block)')
}

