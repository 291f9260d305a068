/**
 * A wrapper around the memory transport that breaks one rule of the contract on request, so the
 * tests can prove each compliance case actually catches the bug it is about.
 */
import {
  TypedEmitter,
  transportSymbol,
  type AbortOptions,
  type Link,
  type LinkCloseReason,
  type LinkEvents,
  type LinkQuality,
  type LinkStatus,
  type Transport,
  type TransportEvents,
} from '@bitmesh/interface'
import type { TransportComplianceHarness } from '../src/index.js'
import { connectTransports, ManualClock, MemoryNetwork, memoryTransport, type MemoryTransport } from '../src/index.js'

/** Contract violations the wrapper can inject. */
export interface Faults {
  /** Silently accept (and drop) frames above the MTU instead of throwing. */
  skipMtuCheck?: boolean
  /** `send` always returns true. */
  neverBackpressure?: boolean
  /** Deliver every frame in one reused buffer. */
  reuseReceiveBuffer?: boolean
  /** Do not emit `close` when the other end closed. */
  swallowRemoteClose?: boolean
  /** Swap each pair of received frames. */
  reorder?: boolean
  /** Drop frames of exactly this size on receive. */
  dropSize?: number
  /** Flip the last byte of every received frame longer than `corruptAbove` bytes. */
  corruptAbove?: number
  /** Ignore the AbortSignal given to dial. */
  ignoreAbort?: boolean
  /** Leave a timer behind on stop. */
  leakTimerOnStop?: boolean
  /** Add a listener to every link and never remove it. */
  leakLinkListener?: boolean
  /** Report this reason instead of `transport-stopped` when stop closes links. */
  stopReason?: LinkCloseReason
  /** Accept frames on closed links instead of throwing CLOSED. */
  sendWhenClosed?: boolean
  /** Emit `link:open` twice for inbound links. */
  duplicateLinkOpen?: boolean
}

class FaultyLink extends TypedEmitter<LinkEvents> implements Link {
  readonly #inner: Link
  readonly #faults: Faults
  readonly #reused: Uint8Array
  #held: Uint8Array | undefined
  stopping = false

  constructor(inner: Link, faults: Faults) {
    super()
    this.#inner = inner
    this.#faults = faults
    this.#reused = new Uint8Array(inner.mtu)
    inner.on('frame', (frame) => this.#onFrame(frame))
    inner.on('drain', () => this.emit('drain', undefined))
    inner.on('quality', (q) => this.emit('quality', q))
    inner.on('close', ({ reason }) => {
      if (faults.swallowRemoteClose === true && reason === 'remote') return
      this.emit('close', { reason: this.stopping && faults.stopReason !== undefined ? faults.stopReason : reason })
    })
    if (faults.leakLinkListener === true) this.on('close', () => {})
  }

  #onFrame(frame: Uint8Array): void {
    if (this.#faults.dropSize === frame.length) return
    if (this.#faults.corruptAbove !== undefined && frame.length > this.#faults.corruptAbove) {
      frame[frame.length - 1] = (frame[frame.length - 1] as number) ^ 0xff
    }
    if (this.#faults.reuseReceiveBuffer === true) {
      this.#reused.set(frame)
      this.emit('frame', this.#reused.subarray(0, frame.length))
      return
    }
    if (this.#faults.reorder === true) {
      if (this.#held === undefined) {
        this.#held = frame
        return
      }
      const held = this.#held
      this.#held = undefined
      this.emit('frame', frame)
      this.emit('frame', held)
      return
    }
    this.emit('frame', frame)
  }

  get id(): string {
    return this.#inner.id
  }
  get kind(): string {
    return this.#inner.kind
  }
  get remoteAddress(): string {
    return this.#inner.remoteAddress
  }
  get direction(): 'inbound' | 'outbound' {
    return this.#inner.direction
  }
  get mtu(): number {
    return this.#inner.mtu
  }
  get status(): LinkStatus {
    return this.#inner.status
  }
  get quality(): LinkQuality {
    return this.#inner.quality
  }
  get bufferedBytes(): number {
    return this.#inner.bufferedBytes
  }

  send(frame: Uint8Array): boolean {
    if (this.#faults.sendWhenClosed === true && this.#inner.status !== 'open') return true
    if (this.#faults.skipMtuCheck === true && frame.length > this.#inner.mtu) return true
    const accepted = this.#inner.send(frame)
    return this.#faults.neverBackpressure === true ? true : accepted
  }

  close(): Promise<void> {
    return this.#inner.close()
  }
}

class FaultyTransport extends TypedEmitter<TransportEvents> implements Transport {
  readonly [transportSymbol] = true as const
  readonly specificationVersion = 'v1' as const
  readonly kind = 'memory'
  readonly #inner: MemoryTransport
  readonly #faults: Faults
  readonly #clock: ManualClock
  readonly #wrappers = new Map<Link, FaultyLink>()

  constructor(inner: MemoryTransport, faults: Faults, clock: ManualClock) {
    super()
    this.#inner = inner
    this.#faults = faults
    this.#clock = clock
    inner.on('link:open', (link) => {
      const wrapper = new FaultyLink(link, faults)
      this.#wrappers.set(link, wrapper)
      this.emit('link:open', wrapper)
      if (faults.duplicateLinkOpen === true && link.direction === 'inbound') this.emit('link:open', wrapper)
    })
    inner.on('link:close', ({ link, reason }) => {
      const wrapper = this.#wrappers.get(link)
      if (wrapper === undefined) return
      this.#wrappers.delete(link)
      this.emit('link:close', { link: wrapper, reason: wrapper.stopping && faults.stopReason !== undefined ? faults.stopReason : reason })
    })
  }

  get links(): ReadonlyArray<Link> {
    return [...this.#wrappers.values()]
  }

  start(options?: AbortOptions): Promise<void> {
    return this.#inner.start(options)
  }

  stop(): Promise<void> {
    for (const wrapper of this.#wrappers.values()) wrapper.stopping = true
    if (this.#faults.leakTimerOnStop === true) this.#clock.setTimeout(() => {}, 1_000_000)
    return this.#inner.stop()
  }

  async dial(address: string, options?: AbortOptions): Promise<Link> {
    const link = await this.#inner.dial(address, this.#faults.ignoreAbort === true ? undefined : options)
    return this.#wrappers.get(link) as Link
  }
}

/** A virtual-time harness over the faulty wrapper; waits give up after 2 virtual seconds. */
export function faultyHarness(faults: Faults): TransportComplianceHarness {
  return {
    name: `faulty memory ${JSON.stringify(faults)}`,
    timeouts: { virtualMs: 2_000 },
    async setup() {
      const clock = new ManualClock()
      const network = new MemoryNetwork({ clock, latencyMs: 2 })
      const a = new FaultyTransport(memoryTransport({ network, address: 'a', mtu: 64, highWaterMarkBytes: 512 }), faults, clock)
      const b = new FaultyTransport(memoryTransport({ network, address: 'b', mtu: 64, highWaterMarkBytes: 512 }), faults, clock)
      await a.start()
      await b.start()
      return {
        a,
        b,
        connect: () => connectTransports(a, b, 'b'),
        advance: (ms) => clock.advance(ms),
        pendingTimers: () => clock.pendingTimers(),
        async teardown() {
          await a.stop()
          await b.stop()
        },
      }
    },
  }
}
