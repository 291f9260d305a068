/**
 * One end of an in-memory link. Each end owns its outgoing direction: a bounded send queue
 * (drained at the network's bandwidth) and an in-flight queue (delayed by its latency), so frames
 * and the close notice reach the other end in order.
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
import { Fifo } from './fifo.js'
import type { MemoryNetwork } from './network.js'
import type { Task } from './scheduler.js'

/** Marks the end of one direction's stream: the sender closed. */
const CLOSE_NOTICE = Symbol('close')

interface InFlight {
  /** Network time, in ms, at which the item reaches the other end. */
  readonly at: number
  readonly item: Uint8Array | typeof CLOSE_NOTICE
}

/** Queue limits of one link end, in bytes. @internal */
export interface MemoryLinkLimits {
  readonly highWaterMarkBytes: number
  readonly lowWaterMarkBytes: number
  readonly maxQueueBytes: number
}

/** Construction parameters of a {@link MemoryLink}. @internal */
export interface MemoryLinkInit {
  readonly id: string
  readonly kind: TransportKind
  readonly remoteAddress: string
  readonly direction: 'inbound' | 'outbound'
  readonly mtu: number
  readonly network: MemoryNetwork
  readonly limits: MemoryLinkLimits
  /** Told once, after the `close` event, so the transport can forget the link. */
  readonly onClosed: (link: MemoryLink, reason: LinkCloseReason) => void
}

/** A {@link Link} over a {@link MemoryNetwork}. Create links with `MemoryTransport.dial`. */
export class MemoryLink extends TypedEmitter<LinkEvents> implements Link {
  /** `<local address>#<n>`, unique within the transport. */
  readonly id: string
  /** The owning transport's kind. */
  readonly kind: TransportKind
  /** Network address of the other end's transport. */
  readonly remoteAddress: string
  /** `outbound` on the dialler's end, `inbound` on the listener's. */
  readonly direction: 'inbound' | 'outbound'
  /** The smaller MTU of the two transports. */
  readonly mtu: number
  /** Fixed: round trip of twice the latency, no loss, and the bandwidth when limited. */
  readonly quality: LinkQuality
  #status: LinkStatus = 'open'
  #bufferedBytes = 0
  #needDrain = false
  #peer: MemoryLink | undefined
  readonly #network: MemoryNetwork
  readonly #limits: MemoryLinkLimits
  readonly #onClosed: MemoryLinkInit['onClosed']
  readonly #queue = new Fifo<Uint8Array>()
  readonly #inFlight = new Fifo<InFlight>()
  #pumpTask: Task | undefined
  #deliverTask: Task | undefined

  /** @internal use `MemoryTransport.dial`. */
  constructor(init: MemoryLinkInit) {
    super()
    this.id = init.id
    this.kind = init.kind
    this.remoteAddress = init.remoteAddress
    this.direction = init.direction
    this.mtu = init.mtu
    this.#network = init.network
    this.#limits = init.limits
    this.#onClosed = init.onClosed
    const quality: LinkQuality = { rttMs: 2 * init.network.latencyMs, lossRate: 0 }
    if (init.network.bandwidthBytesPerSecond !== undefined) {
      quality.throughputBytesPerSecond = init.network.bandwidthBytesPerSecond
    }
    this.quality = quality
  }

  /** Join two fresh ends. @internal */
  static connect(a: MemoryLink, b: MemoryLink): void {
    a.#peer = b
    b.#peer = a
  }

  /** `open` until closed from either end, then `closed` (this transport never lingers in `closing`). */
  get status(): LinkStatus {
    return this.#status
  }

  /** Bytes queued by `send` and not yet handed to the medium. */
  get bufferedBytes(): number {
    return this.#bufferedBytes
  }

  /**
   * Queue a copy of `frame` (the caller may reuse its buffer at once).
   * @returns `false` when the queue is at or above the high-water mark; wait for `drain`.
   * @throws TypeError when `frame` is not a Uint8Array; ClosedError (`CLOSED`) when the link is not
   *   open; FrameTooLargeError (`FRAME_TOO_LARGE`) above the MTU; CapacityError
   *   (`CAPACITY_EXCEEDED`) when the queue would exceed `maxQueueBytes` (the frame is not queued).
   */
  send(frame: Uint8Array): boolean {
    if (!(frame instanceof Uint8Array)) throw new TypeError('frame must be a Uint8Array')
    if (this.#status !== 'open') throw new ClosedError(`link ${this.id} is ${this.#status}`)
    if (frame.length > this.mtu) throw new FrameTooLargeError(frame.length, this.mtu)
    if (this.#bufferedBytes + frame.length > this.#limits.maxQueueBytes) {
      throw new CapacityError(`link ${this.id} send queue is full (${this.#bufferedBytes} bytes queued)`)
    }
    this.#queue.push(frame.slice())
    this.#bufferedBytes += frame.length
    this.#schedulePump()
    if (this.#bufferedBytes < this.#limits.highWaterMarkBytes) return true
    this.#needDrain = true
    return false
  }

  /** Close the link (idempotent). Frames already queued still reach the other end, then it sees `close`. */
  close(): Promise<void> {
    this.closeWith('local')
    return Promise.resolve()
  }

  /** Close with a given local reason (the transport uses `transport-stopped`). @internal */
  closeWith(reason: LinkCloseReason): void {
    if (this.#status !== 'open') return
    // Graceful: hand every queued frame to the medium, then the close notice behind them.
    const at = this.#network.scheduler.now() + this.#network.latencyMs
    for (let frame = this.#queue.shift(); frame !== undefined; frame = this.#queue.shift()) {
      this.#inFlight.push({ at, item: frame })
    }
    this.#pumpTask?.cancel()
    this.#pumpTask = undefined
    this.#inFlight.push({ at, item: CLOSE_NOTICE })
    this.#scheduleDeliver()
    this.#finishClose(reason)
  }

  #finishClose(reason: LinkCloseReason): void {
    this.#status = 'closed'
    this.#bufferedBytes = 0
    this.#needDrain = false
    const peer = this.#peer
    // Whatever the other end still has in flight towards us can never be received.
    if (peer !== undefined) peer.#cancelOutgoing()
    // And if it is already gone, nothing of ours can be received either.
    if (peer === undefined || peer.#status === 'closed') this.#cancelOutgoing()
    this.emit('close', { reason })
    this.#onClosed(this, reason)
  }

  #cancelOutgoing(): void {
    this.#pumpTask?.cancel()
    this.#pumpTask = undefined
    this.#deliverTask?.cancel()
    this.#deliverTask = undefined
    this.#queue.clear()
    this.#inFlight.clear()
    if (this.#status === 'open') this.#bufferedBytes = 0
  }

  #schedulePump(): void {
    if (this.#pumpTask !== undefined) return
    const bandwidth = this.#network.bandwidthBytesPerSecond
    const head = this.#queue.peek()
    if (head === undefined) return
    // Unlimited bandwidth: the whole queue leaves on the next microtask.
    const delayMs = bandwidth === undefined ? 0 : (head.length * 1000) / bandwidth
    this.#pumpTask = this.#network.scheduler.schedule(() => this.#pump(), delayMs)
  }

  #pump(): void {
    this.#pumpTask = undefined
    const at = this.#network.scheduler.now() + this.#network.latencyMs
    const moveAll = this.#network.bandwidthBytesPerSecond === undefined
    do {
      const frame = this.#queue.shift()
      if (frame === undefined) break
      this.#bufferedBytes -= frame.length
      this.#inFlight.push({ at, item: frame })
    } while (moveAll)
    this.#scheduleDeliver()
    this.#schedulePump()
    if (this.#needDrain && this.#bufferedBytes <= this.#limits.lowWaterMarkBytes) {
      this.#needDrain = false
      this.emit('drain', undefined)
    }
  }

  #scheduleDeliver(): void {
    if (this.#deliverTask !== undefined) return
    const head = this.#inFlight.peek()
    if (head === undefined) return
    const delayMs = Math.max(0, head.at - this.#network.scheduler.now())
    this.#deliverTask = this.#network.scheduler.schedule(() => this.#deliverDue(head.at), delayMs)
  }

  #deliverDue(dueAt: number): void {
    this.#deliverTask = undefined
    // A timer may fire a hair early on a real clock; everything due by `dueAt` goes now.
    const limit = Math.max(dueAt, this.#network.scheduler.now())
    for (let head = this.#inFlight.peek(); head !== undefined && head.at <= limit; head = this.#inFlight.peek()) {
      this.#inFlight.shift()
      const peer = this.#peer
      if (peer === undefined) continue
      // A listener may close either end here; #cancelOutgoing then empties #inFlight and ends the loop.
      if (head.item === CLOSE_NOTICE) peer.#remoteClosed()
      else peer.#receive(head.item)
    }
    this.#scheduleDeliver()
  }

  #receive(frame: Uint8Array): void {
    if (this.#status === 'open') this.emit('frame', frame)
  }

  #remoteClosed(): void {
    if (this.#status === 'open') this.#finishClose('remote')
  }
}
