/**
 * Frames a {@link ByteStream} for a {@link FastLink}: writes this side's preface, waits (bounded
 * by a timeout) for the peer's, then carries `u32 length ‖ frame` records both ways with the shared
 * `@bitmesh/wire-format` stream framer. A malformed stream closes the link with reason `error` and
 * the decoder's typed `DecodeError`.
 * @module
 */
import { ClosedError, TimeoutError, type Clock, type LinkCloseReason, type TimerHandle } from '@bitmesh/interface'
import {
  encodeStreamFrame,
  encodeStreamPreface,
  STREAM_LENGTH_PREFIX_BYTES,
  StreamFrameDecoder,
  writeStreamFrameHeader,
  type StreamPreface,
} from '@bitmesh/wire-format'
import type { ByteStream } from './byte-stream.js'
import type { FrameSink } from './link.js'

/**
 * Frames at least this long are written as header + frame without copying (when the stream can
 * gather). Below it one copy is cheaper than a second buffer in the write queue.
 */
const GATHER_MIN_FRAME_BYTES = 4_096

/** Where the frames of a ready stream go (a {@link FastLink}). */
export interface FramedStreamTarget {
  /** One whole frame arrived. */
  receive(frame: Uint8Array): void
  /** The stream drained after a write returned `false`. */
  sinkDrained(): void
  /** The stream ended or broke (`remote`, or `error` with the cause). */
  shutdown(reason: LinkCloseReason, error?: unknown): Promise<void>
}

/** Options of {@link openFramedStream}. */
export interface FramedStreamOptions {
  clock: Clock
  /** Largest frame this side accepts (announced in its preface). */
  maxFrameBytes: number
  /** This side's label (its platform address). */
  label: string
  /** This side's datagram port, 0 for none. */
  datagramPort: number
  /** How long the peer has to send its preface. */
  prefaceTimeoutMs: number
}

/** Callbacks of {@link openFramedStream}. */
export interface FramedStreamEvents {
  /**
   * The peer's preface arrived. Runs synchronously inside the data callback: return the target
   * for the frames that follow (frames in the same chunk go to it at once), or `undefined` to
   * refuse the stream (it is destroyed).
   * @param remote the peer's preface
   * @param sink writes framed records to the stream
   * @param mtu the smaller of the two announced maxima
   */
  ready(remote: StreamPreface, sink: FrameSink, mtu: number): FramedStreamTarget | undefined
  /** The stream failed or closed before it was ready (timeout, bad preface, remote close). */
  failed(error: unknown): void
}

/** Handle of a stream being framed. */
export interface FramedStreamHandle {
  /** Give up before the preface arrived (abort): destroys the stream, no callback fires. */
  cancel(): void
}

/**
 * Start framing a stream.
 * @param stream - a fresh stream (its handlers are installed here)
 * @param options - limits, labels and clock
 * @param events - readiness callbacks
 * @returns a handle to cancel before readiness
 */
export function openFramedStream(stream: ByteStream, options: FramedStreamOptions, events: FramedStreamEvents): FramedStreamHandle {
  let target: FramedStreamTarget | undefined
  let settled = false
  let timer: TimerHandle | undefined
  const settle = (): void => {
    settled = true
    if (timer !== undefined) options.clock.clearTimeout(timer)
    timer = undefined
  }
  const fail = (error: unknown): void => {
    if (settled) return
    settle()
    stream.destroy()
    events.failed(error)
  }
  const sink: FrameSink = {
    write:
      stream.writev === undefined
        ? (frame) => stream.write(encodeStreamFrame(frame))
        : (frame) => {
            // Large frames go out as header + the frame itself (no copy); small ones in one piece.
            if (frame.length < GATHER_MIN_FRAME_BYTES) return stream.write(encodeStreamFrame(frame))
            const header = new Uint8Array(STREAM_LENGTH_PREFIX_BYTES)
            writeStreamFrameHeader(frame.length, header, 0)
            return stream.writev!([header, frame])
          },
    close: () => stream.end(),
  }
  const decoder = new StreamFrameDecoder({
    maxFrameBytes: options.maxFrameBytes,
    onPreface: (remote) => {
      if (settled) return
      settle()
      target = events.ready(remote, sink, Math.min(remote.maxFrameBytes, options.maxFrameBytes))
      if (target === undefined) stream.destroy()
    },
    onFrame: (frame) => target?.receive(frame),
  })
  stream.setHandlers({
    data: (chunk) => {
      const error = decoder.push(chunk)
      if (error === null) return
      if (target !== undefined) {
        stream.destroy()
        void target.shutdown('error', error)
      } else {
        fail(error)
      }
    },
    drain: () => target?.sinkDrained(),
    close: (error) => {
      if (target !== undefined) void target.shutdown(error === undefined ? 'remote' : 'error', error)
      else fail(error ?? new ClosedError('stream closed before its preface'))
    },
  })
  if (!settled) {
    timer = options.clock.setTimeout(() => {
      timer = undefined
      fail(new TimeoutError(`no stream preface from ${stream.remoteAddress} within ${options.prefaceTimeoutMs} ms`))
    }, options.prefaceTimeoutMs)
    stream.write(encodeStreamPreface({ maxFrameBytes: options.maxFrameBytes, datagramPort: options.datagramPort, label: options.label }))
  }
  return {
    cancel: () => {
      if (settled) return
      settle()
      stream.destroy()
    },
  }
}
