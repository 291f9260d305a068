/**
 * Decoding side of the stream framing: an incremental, bounded decoder for the bytes of one
 * fast-link stream (an optional preface, then `u32 BE length ‖ frame` records). Chunks may split
 * or join records anywhere. Memory held is at most one preface or one frame: a declared length
 * above the accepted maximum is refused before anything is allocated for it.
 * @module
 */
import { DecodeError, DecodeReason } from '@bitmesh/interface'
import { STREAM_LENGTH_PREFIX_BYTES, STREAM_PREFACE_FIXED_BYTES, STREAM_PREFACE_MAGIC, STREAM_PREFACE_MAX_LABEL_BYTES, STREAM_MAX_FRAME_CEILING_BYTES } from './constants.js'
import { decodeStreamPreface, type StreamPreface } from './preface.js'

/** Options of {@link StreamFrameDecoder}. */
export interface StreamFrameDecoderOptions {
  /** Largest frame accepted, in bytes (what this side announced in its preface). */
  maxFrameBytes: number
  /** Whether the stream opens with a preface (default true). */
  expectPreface?: boolean
  /** Called once with the peer's preface. */
  onPreface?: (preface: StreamPreface) => void
  /** Called with every whole frame, in order. The array is fresh and owned by the listener. */
  onFrame: (frame: Uint8Array) => void
}

const enum State {
  Preface,
  Header,
  Body,
  Failed,
}

const PREFACE_MAX_BYTES = STREAM_PREFACE_FIXED_BYTES + STREAM_PREFACE_MAX_LABEL_BYTES

/**
 * Incremental decoder of one stream. Never throws for bad input: {@link StreamFrameDecoder.push}
 * returns a {@link DecodeError}, after which the stream is desynchronised and the decoder refuses
 * everything (the caller should close the connection).
 *
 * @example
 * ```ts
 * const decoder = new StreamFrameDecoder({ maxFrameBytes: 65_536, expectPreface: false, onFrame: (f) => frames.push(f) })
 * const error = decoder.push(chunk)
 * if (error !== null) socket.destroy()
 * ```
 */
export class StreamFrameDecoder {
  readonly #maxFrameBytes: number
  readonly #onFrame: (frame: Uint8Array) => void
  readonly #onPreface: ((preface: StreamPreface) => void) | undefined
  #state: State
  #error: DecodeError | null = null
  #preface: Uint8Array | undefined
  #prefaceFilled = 0
  readonly #header = new Uint8Array(STREAM_LENGTH_PREFIX_BYTES)
  #headerFilled = 0
  #body: Uint8Array = EMPTY
  #bodyFilled = 0

  /**
   * @param options - limits and callbacks
   * @throws RangeError when `maxFrameBytes` is not an integer in 1 … 2 MiB
   */
  constructor(options: StreamFrameDecoderOptions) {
    const max = options.maxFrameBytes
    if (!Number.isInteger(max) || max < 1 || max > STREAM_MAX_FRAME_CEILING_BYTES) {
      throw new RangeError(`maxFrameBytes must be an integer in 1..${STREAM_MAX_FRAME_CEILING_BYTES}`)
    }
    this.#maxFrameBytes = max
    this.#onFrame = options.onFrame
    this.#onPreface = options.onPreface
    this.#state = options.expectPreface === false ? State.Header : State.Preface
  }

  /** The error that stopped the decoder, or `null` while healthy. */
  get error(): DecodeError | null {
    return this.#error
  }

  /** True once the preface was decoded (or when none is expected). */
  get prefaceDone(): boolean {
    return this.#state === State.Header || this.#state === State.Body
  }

  /** Bytes held for an incomplete record (at most one preface or one frame plus its prefix). */
  get bufferedBytes(): number {
    if (this.#state === State.Preface) return this.#prefaceFilled
    return this.#headerFilled + this.#bodyFilled
  }

  /**
   * Feed the next chunk of the stream. Frames (and the preface) are delivered synchronously from
   * inside this call, in order.
   * @param chunk - any number of bytes; not retained after the call returns
   * @returns `null`, or the {@link DecodeError} that stopped the decoder (also for later calls):
   *   `BAD_LENGTH` for an empty or oversized frame, or the preface's own errors
   */
  push(chunk: Uint8Array): DecodeError | null {
    if (this.#state === State.Failed) return this.#error
    let pos = 0
    const end = chunk.length
    while (pos < end) {
      switch (this.#state) {
        case State.Preface: {
          this.#preface ??= new Uint8Array(PREFACE_MAX_BYTES)
          // Take the fixed part first: it says how long the whole preface is.
          const known = this.#prefaceFilled >= STREAM_PREFACE_FIXED_BYTES ? STREAM_PREFACE_FIXED_BYTES + this.#preface[12]! : STREAM_PREFACE_FIXED_BYTES
          const take = Math.min(known - this.#prefaceFilled, end - pos)
          this.#preface.set(chunk.subarray(pos, pos + take), this.#prefaceFilled)
          const before = this.#prefaceFilled
          this.#prefaceFilled += take
          pos += take
          // Refuse a foreign protocol at its first bytes instead of waiting for a whole preface.
          for (let i = before; i < Math.min(this.#prefaceFilled, STREAM_PREFACE_MAGIC.length); i++) {
            if (this.#preface[i] !== STREAM_PREFACE_MAGIC[i]) return this.#fail(new DecodeError(DecodeReason.BAD_VALUE, 'not a BitMesh stream (bad preface magic)'))
          }
          if (this.#prefaceFilled === STREAM_PREFACE_FIXED_BYTES && this.#preface[12]! > 0) continue
          if (this.#prefaceFilled < known) continue
          let preface: StreamPreface
          try {
            preface = decodeStreamPreface(this.#preface.subarray(0, this.#prefaceFilled))
          } catch (error) {
            return this.#fail(error as DecodeError)
          }
          this.#preface = undefined
          this.#prefaceFilled = 0
          this.#state = State.Header
          this.#onPreface?.(preface)
          break
        }
        case State.Header: {
          let length: number
          if (this.#headerFilled === 0 && end - pos >= STREAM_LENGTH_PREFIX_BYTES) {
            length = ((chunk[pos]! << 24) | (chunk[pos + 1]! << 16) | (chunk[pos + 2]! << 8) | chunk[pos + 3]!) >>> 0
            pos += STREAM_LENGTH_PREFIX_BYTES
          } else {
            while (this.#headerFilled < STREAM_LENGTH_PREFIX_BYTES && pos < end) this.#header[this.#headerFilled++] = chunk[pos++]!
            if (this.#headerFilled < STREAM_LENGTH_PREFIX_BYTES) continue
            const h = this.#header
            length = ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0
            this.#headerFilled = 0
          }
          if (length === 0) return this.#fail(new DecodeError(DecodeReason.BAD_LENGTH, 'empty stream frame'))
          if (length > this.#maxFrameBytes) {
            return this.#fail(new DecodeError(DecodeReason.BAD_LENGTH, `stream frame of ${length} bytes exceeds the maximum of ${this.#maxFrameBytes}`))
          }
          if (end - pos >= length) {
            // Whole frame in this chunk: one copy, no intermediate state.
            const frame = chunk.slice(pos, pos + length)
            pos += length
            this.#onFrame(toPlain(frame))
            break
          }
          this.#body = new Uint8Array(length)
          this.#bodyFilled = 0
          this.#state = State.Body
          break
        }
        case State.Body: {
          const take = Math.min(this.#body.length - this.#bodyFilled, end - pos)
          this.#body.set(chunk.subarray(pos, pos + take), this.#bodyFilled)
          this.#bodyFilled += take
          pos += take
          if (this.#bodyFilled === this.#body.length) {
            const frame = this.#body
            this.#body = EMPTY
            this.#bodyFilled = 0
            this.#state = State.Header
            this.#onFrame(frame)
          }
          break
        }
        default:
          return this.#error
      }
    }
    return null
  }

  #fail(error: DecodeError): DecodeError {
    this.#state = State.Failed
    this.#error = error
    this.#preface = undefined
    this.#body = EMPTY
    return error
  }
}

const EMPTY = new Uint8Array(0)

/**
 * `Buffer#slice` shares memory (unlike `Uint8Array#slice`): make sure a Node `Buffer` chunk never
 * leaks out as a view of the socket's buffer.
 */
function toPlain(frame: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(frame) === Uint8Array.prototype ? frame : new Uint8Array(frame)
}

/**
 * Decode a complete buffer of length-prefixed frames (no preface) in one go; for tests and tools.
 * @param bytes - whole records
 * @param maxFrameBytes - largest frame accepted
 * @returns the frames
 * @throws DecodeError `BAD_LENGTH` for an empty or oversized frame, `TRUNCATED` when the buffer ends inside a record
 */
export function decodeStreamFrames(bytes: Uint8Array, maxFrameBytes: number): Uint8Array[] {
  const frames: Uint8Array[] = []
  const decoder = new StreamFrameDecoder({ maxFrameBytes, expectPreface: false, onFrame: (f) => frames.push(f) })
  const error = decoder.push(bytes)
  if (error !== null) throw error
  if (decoder.bufferedBytes > 0) throw new DecodeError(DecodeReason.TRUNCATED, 'stream ends inside a frame')
  return frames
}
