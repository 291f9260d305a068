/**
 * Minimal typings for the low-level zlib port inside pako 2.1.0 (`pako/lib/zlib/*`, CommonJS,
 * exported by pako's package.json). pako ships no typings and only the members used by
 * `compression.ts` are declared. The version is pinned exactly, so these internals cannot drift.
 */

declare module 'pako/lib/zlib/zstream.js' {
  /** zlib's `z_stream`: the caller owns input/output buffers and cursors. */
  class ZStream {
    input: Uint8Array | null
    next_in: number
    avail_in: number
    total_in: number
    output: Uint8Array | null
    next_out: number
    avail_out: number
    total_out: number
    msg: string
    /** Internal deflate or inflate state (shape differs per direction). */
    state: any // eslint-disable-line @typescript-eslint/no-explicit-any
  }
  export default ZStream
}

declare module 'pako/lib/zlib/deflate.js' {
  import type ZStream from 'pako/lib/zlib/zstream.js'
  export function deflateInit2(
    strm: ZStream,
    level: number,
    method: number,
    windowBits: number,
    memLevel: number,
    strategy: number,
  ): number
  export function deflateResetKeep(strm: ZStream): number
  export function deflate(strm: ZStream, flush: number): number
}

declare module 'pako/lib/zlib/inflate.js' {
  import type ZStream from 'pako/lib/zlib/zstream.js'
  export function inflateInit2(strm: ZStream, windowBits: number): number
  export function inflateReset(strm: ZStream): number
  export function inflate(strm: ZStream, flush: number): number
}
