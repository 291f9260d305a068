/**
 * `FastLink`: one frame-oriented link of a fast-link transport. Owns the bounded send queue
 * (backpressure via `send() === false` and `drain`) in front of a frame sink that has its own
 * flow control (a socket's write buffer, an `MCSession`).
 * @module
 */
import {
  CapacityError,
  ClosedError,
  FrameTooLargeError,
  TypedEmitter,
  type Link,
  type LinkCloseReason,
  type LinkEvents,
  type LinkQuality,
  type LinkStatus,
  type TransportKind,
} from '@bitmesh/interface'

/** Where a link's frames go. */
export interface FrameSink {
  /**
   * Hand over one whole frame (the sink may keep the array). Returns `false` when the sink is
   * above its own high-water mark; the link then waits for {@link FastLink.sinkDrained}.
   */
  write(frame: Uint8Array): boolean
  /** Release the underlying connection gracefully. Called once, when the link closes. */
  close(): void
}

/** Construction options of {@link FastLink}. */
export interface FastLinkInit {
  id: string
  kind: TransportKind
  remoteAddress: string
  direction: 'inbound' | 'outbound'
  /** Largest frame in bytes. */
  mtu: number
  sink: FrameSink
  /** Queue cap in bytes: a frame that would exceed it is refused with `CAPACITY_EXCEEDED`. */
  maxQueueBytes: number
  /** Above this many queued bytes `send` returns `false`; `drain` fires at half of it. */
  highWaterBytes: number
  /** Called once, after `close` was emitted. */
  onClosed?: (link: FastLink, reason: LinkCloseReason) => void
}

/** A fast link. Created by a transport; apps see it as a {@link Link}. */
export class FastLink extends TypedEmitter<LinkEvents> implements Link {
  readonly id: string
  readonly kind: TransportKind
  readonly remoteAddress: string
  readonly direction: 'inbound' | 'outbound'
  readonly mtu: number
  /** Frames and bytes handed to the sink / received. */
  framesSent = 0
  bytesSent = 0
  framesReceived = 0
  bytesReceived = 0

  readonly #sink: FrameSink
  readonly #maxQueueBytes: number
  readonly #highWaterBytes: number
  readonly #onClosed: ((link: FastLink, reason: LinkCloseReason) => void) | undefined
  #status: LinkStatus = 'open'
  #quality: LinkQuality = {}
  // An array with a head index, compacted when half consumed (no per-frame shift()).
  #queue: Uint8Array[] = []
  #head = 0
  #buffered = 0
  #sinkBlocked = false
  #needDrain = false
  #closed: Promise<void> | undefined

  /** @param init identity, MTU, sink and queue bounds */
  constructor(init: FastLinkInit) {
    super()
    this.id = init.id
    this.kind = init.kind
    this.remoteAddress = init.remoteAddress
    this.direction = init.direction
    this.mtu = init.mtu
    this.#sink = init.sink
    this.#maxQueueBytes = init.maxQueueBytes
    this.#highWaterBytes = init.highWaterBytes
    this.#onClosed = init.onClosed
  }

  /** `open` until {@link FastLink.shutdown}, then `closed`. */
  get status(): LinkStatus {
    return this.#status
  }

  /** The latest quality figures the transport reported. */
  get quality(): LinkQuality {
    return this.#quality
  }

  /** Bytes queued in front of the sink. */
  get bufferedBytes(): number {
    return this.#buffered
  }

  /**
   * Queue one frame.
   * @param frame 1..`mtu` bytes; the link may keep the array, the caller must not change it
   * @returns `false` when the queue is above the high-water mark (wait for `drain`)
   * @throws ClosedError when not open; FrameTooLargeError above the MTU; CapacityError when the
   *   queue cap would be exceeded; TypeError/RangeError for a non-array or empty frame
   */
  send(frame: Uint8Array): boolean {
    if (!(frame instanceof Uint8Array)) throw new TypeError('send: frame must be a Uint8Array')
    if (this.#status !== 'open') throw new ClosedError(`link ${this.id} is ${this.#status}`)
    if (frame.length > this.mtu) throw new FrameTooLargeError(frame.length, this.mtu)
    if (frame.length === 0) throw new RangeError('send: empty frame')
    if (!this.#sinkBlocked && this.#head === this.#queue.length) {
      // Fast path: nothing queued, the sink takes the frame now.
      this.#hand(frame)
      return true
    }
    if (this.#buffered + frame.length > this.#maxQueueBytes) {
      this.#needDrain = true
      throw new CapacityError(`link ${this.id}: send queue full (${this.#buffered} of ${this.#maxQueueBytes} bytes)`)
    }
    this.#queue.push(frame)
    this.#buffered += frame.length
    const below = this.#buffered <= this.#highWaterBytes
    if (!below) this.#needDrain = true
    return below
  }

  /** Close locally (reason `local`); idempotent. */
  close(): Promise<void> {
    return this.shutdown('local')
  }

  /**
   * Close with a reason (transport use). Idempotent: the first reason wins.
   * @param reason why the link closes
   * @param error underlying error, if any
   */
  shutdown(reason: LinkCloseReason, error?: unknown): Promise<void> {
    if (this.#closed !== undefined) return this.#closed
    this.#status = 'closing'
    this.#queue = []
    this.#head = 0
    this.#buffered = 0
    try {
      this.#sink.close()
    } catch {
      // a failing sink must not keep the link half open
    }
    this.#status = 'closed'
    this.emit('close', error === undefined ? { reason } : { reason, error })
    this.#onClosed?.(this, reason)
    // A closed link never fires again: release the app's listeners.
    this.removeAllListeners()
    this.#closed = Promise.resolve()
    return this.#closed
  }

  /** A whole frame arrived (transport use). */
  receive(frame: Uint8Array): void {
    if (this.#status !== 'open') return
    this.framesReceived++
    this.bytesReceived += frame.length
    this.emit('frame', frame)
  }

  /** The sink drained after refusing more (transport use). */
  sinkDrained(): void {
    this.#sinkBlocked = false
    while (!this.#sinkBlocked && this.#head < this.#queue.length && this.#status === 'open') {
      const frame = this.#queue[this.#head]!
      this.#queue[this.#head] = EMPTY
      this.#head++
      this.#buffered -= frame.length
      this.#hand(frame)
    }
    if (this.#head > 0 && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head)
      this.#head = 0
    }
    if (this.#needDrain && this.#buffered <= this.#highWaterBytes / 2 && this.#status === 'open') {
      this.#needDrain = false
      this.emit('drain', undefined)
    }
  }

  /** Merge new quality figures and emit `quality` when something changed (transport use). */
  updateQuality(update: LinkQuality): void {
    let changed = false
    for (const key of Object.keys(update) as (keyof LinkQuality)[]) {
      if (update[key] !== undefined && update[key] !== this.#quality[key]) {
        this.#quality = { ...this.#quality, [key]: update[key] }
        changed = true
      }
    }
    if (changed && this.#status === 'open') this.emit('quality', this.#quality)
  }

  #hand(frame: Uint8Array): void {
    this.framesSent++
    this.bytesSent += frame.length
    if (!this.#sink.write(frame)) this.#sinkBlocked = true
  }
}

const EMPTY = new Uint8Array(0)
