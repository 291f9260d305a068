/**
 * One BLE link: a GATT connection seen from either side, carrying whole frames. Owns the bounded
 * write queue (backpressure via `send() === false` and `drain`) and optional write pacing.
 * @module
 */
import {
  CapacityError,
  ClosedError,
  FrameTooLargeError,
  TypedEmitter,
  type Clock,
  type Link,
  type LinkCloseReason,
  type LinkEvents,
  type LinkQuality,
  type LinkStatus,
  type TimerHandle,
} from '@bitmesh/interface'

/** How a link reaches the radio: one whole-frame write, and teardown. */
export interface BleLinkIo {
  /** Hand one frame to the radio; resolves when the next may follow. */
  write(bytes: Uint8Array): Promise<void>
  /** Tear the underlying connection down (errors are ignored). */
  disconnect(): Promise<void>
}

/** Construction options of {@link BleLink}. */
export interface BleLinkInit {
  id: string
  remoteAddress: string
  direction: 'inbound' | 'outbound'
  /** Link MTU in bytes (negotiated ATT MTU − 3). */
  mtu: number
  clock: Clock
  io: BleLinkIo
  /** Pause between consecutive writes, in ms (0: back to back). */
  writeSpacingMs: number
  /** Queue cap in bytes: a frame that would exceed it is refused. */
  maxQueueBytes: number
  /** Above this many queued bytes `send` returns `false`; `drain` fires at half of it. */
  highWaterBytes: number
  /** Initial quality (RSSI from discovery). */
  quality?: LinkQuality
  /** Called on every frame in or out (the transport's traffic clock for duty cycles). */
  onTraffic?: () => void
  /** Called once after `close` was emitted. */
  onClosed?: (link: BleLink, reason: LinkCloseReason) => void
}

/** A bitchat GATT link. Created by the BLE transport; apps see it as a {@link Link}. */
export class BleLink extends TypedEmitter<LinkEvents> implements Link {
  readonly id: string
  readonly kind = 'ble'
  readonly remoteAddress: string
  readonly direction: 'inbound' | 'outbound'
  /** Time the link opened or last received a frame (ms, injected clock), for stale-link pruning. */
  lastReceivedMs: number

  readonly #clock: Clock
  readonly #io: BleLinkIo
  readonly #spacingMs: number
  readonly #maxQueueBytes: number
  readonly #highWaterBytes: number
  readonly #onClosed: ((link: BleLink, reason: LinkCloseReason) => void) | undefined
  readonly #onTraffic: (() => void) | undefined
  #mtu: number
  #status: LinkStatus = 'open'
  #quality: LinkQuality
  // Ring-free queue: an array with a head index, compacted when half consumed (no per-send shift).
  #queue: Uint8Array[] = []
  #head = 0
  #buffered = 0
  #busy = false
  #needDrain = false
  #spacingTimer: TimerHandle | undefined
  #closed: Promise<void> | undefined
  #resolveClosed: (() => void) | undefined
  /** Frames and bytes handed to the radio / received, for stats. */
  framesSent = 0
  bytesSent = 0
  framesReceived = 0
  bytesReceived = 0

  /** @param init identity, MTU, clock, radio access and queue bounds */
  constructor(init: BleLinkInit) {
    super()
    this.id = init.id
    this.remoteAddress = init.remoteAddress
    this.direction = init.direction
    this.#mtu = init.mtu
    this.#clock = init.clock
    this.#io = init.io
    this.#spacingMs = init.writeSpacingMs
    this.#maxQueueBytes = init.maxQueueBytes
    this.#highWaterBytes = init.highWaterBytes
    this.#quality = { ...init.quality }
    this.#onClosed = init.onClosed
    this.#onTraffic = init.onTraffic
    this.lastReceivedMs = init.clock.now()
  }

  get mtu(): number {
    return this.#mtu
  }

  get status(): LinkStatus {
    return this.#status
  }

  get quality(): LinkQuality {
    return this.#quality
  }

  get bufferedBytes(): number {
    return this.#buffered
  }

  send(frame: Uint8Array): boolean {
    if (!(frame instanceof Uint8Array)) throw new TypeError('send: frame must be a Uint8Array')
    if (this.#status !== 'open') throw new ClosedError(`link ${this.id} is ${this.#status}`)
    if (frame.length > this.#mtu) throw new FrameTooLargeError(frame.length, this.#mtu)
    if (this.#buffered + frame.length > this.#maxQueueBytes) {
      this.#needDrain = true
      throw new CapacityError(`link ${this.id}: write queue full (${this.#buffered} of ${this.#maxQueueBytes} bytes)`)
    }
    this.#queue.push(frame)
    this.#buffered += frame.length
    this.#pump()
    const below = this.#buffered <= this.#highWaterBytes
    if (!below) this.#needDrain = true
    return below
  }

  close(): Promise<void> {
    return this.shutdown('local', undefined, true)
  }

  /**
   * Close with a reason (transport use). Idempotent: the first reason wins.
   * @param reason why the link closes
   * @param error underlying error, if any
   * @param disconnect whether to tear down the radio connection (false when the remote already did)
   */
  shutdown(reason: LinkCloseReason, error?: unknown, disconnect = true): Promise<void> {
    if (this.#closed !== undefined) return this.#closed
    this.#status = 'closing'
    this.#closed = new Promise<void>((resolve) => (this.#resolveClosed = resolve))
    this.#dropQueue()
    if (disconnect) {
      // Via a microtask so an adapter that throws synchronously still ends in a clean close.
      Promise.resolve()
        .then(() => this.#io.disconnect())
        .then(
        () => this.#finish(reason, error),
        () => this.#finish(reason, error),
      )
    } else {
      this.#finish(reason, error)
    }
    return this.#closed
  }

  /** A frame arrived from the radio (transport use). */
  receive(bytes: Uint8Array): void {
    if (this.#status !== 'open') return
    this.framesReceived++
    this.bytesReceived += bytes.length
    this.lastReceivedMs = this.#clock.now()
    this.#onTraffic?.()
    this.emit('frame', bytes)
  }

  /** Update the MTU after a late MTU exchange (transport use). */
  setMtu(mtu: number): void {
    this.#mtu = mtu
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

  #pump(): void {
    if (this.#busy || this.#head >= this.#queue.length || this.#status !== 'open') return
    const frame = this.#queue[this.#head]!
    this.#queue[this.#head] = EMPTY
    this.#head++
    if (this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head)
      this.#head = 0
    }
    this.#buffered -= frame.length
    this.#busy = true
    this.framesSent++
    this.bytesSent += frame.length
    this.#onTraffic?.()
    this.#maybeDrain()
    this.#io.write(frame).then(
      () => this.#afterWrite(),
      (error: unknown) => void this.shutdown('error', error, true),
    )
  }

  #afterWrite(): void {
    if (this.#status !== 'open') return
    if (this.#spacingMs > 0 && this.#head < this.#queue.length) {
      this.#spacingTimer = this.#clock.setTimeout(() => {
        this.#spacingTimer = undefined
        this.#busy = false
        this.#pump()
      }, this.#spacingMs)
      return
    }
    this.#busy = false
    this.#pump()
  }

  #maybeDrain(): void {
    if (this.#needDrain && this.#buffered <= this.#highWaterBytes / 2) {
      this.#needDrain = false
      this.emit('drain', undefined)
    }
  }

  #dropQueue(): void {
    this.#queue = []
    this.#head = 0
    this.#buffered = 0
    if (this.#spacingTimer !== undefined) {
      this.#clock.clearTimeout(this.#spacingTimer)
      this.#spacingTimer = undefined
    }
  }

  #finish(reason: LinkCloseReason, error: unknown): void {
    if (this.#status === 'closed') return
    this.#status = 'closed'
    this.emit('close', error === undefined ? { reason } : { reason, error })
    this.#onClosed?.(this, reason)
    // A closed link never fires again: release the app's listeners.
    this.removeAllListeners()
    this.#resolveClosed?.()
  }
}

const EMPTY = new Uint8Array(0)
