/**
 * The managed link: one per neighbour, a `Link` over every physical link to that neighbour.
 *
 * Sending: frames wait in a bounded queue, get a sequence number when they enter the window, and
 * go out as DATA pieces (≤ the physical MTU) on the link chosen for them. They stay in the window
 * until the peer acknowledges them (cumulative ACK of the next sequence it expects); when their
 * link closes or stalls they are sent again, whole, on the next best link.
 * Receiving: pieces are assembled per sequence number (a frame's pieces always come in order on
 * one link; a resend starts again at offset 0), frames are delivered strictly in sequence order,
 * once: anything below the next expected sequence is a duplicate and dropped.
 * @module
 */
import {
  CapacityError,
  ClosedError,
  FrameTooLargeError,
  isBitMeshError,
  TypedEmitter,
  type Clock,
  type Link,
  type LinkCloseReason,
  type LinkEvents,
  type LinkQuality,
  type LinkStatus,
  type TimerHandle,
  type TransportKind,
} from '@bitmesh/interface'
import { ACK_DELAY_MS, ACK_EVERY_BYTES, ACK_EVERY_FRAMES, MAX_STALL_ALLOWANCE_MS, MIN_SUCCESS } from './constants.js'
import { DATA_HEADER_BYTES, encodeAck, encodeBye, encodeData, encodeState, getU32, getU48, type StateMessage } from './envelope.js'
import { Fifo } from './fifo.js'
import type { LinkChoiceEvent, TransportManagerStats } from './options.js'
import type { Physical } from './physical.js'
import { KindStats } from './stats.js'

/** Resolved settings and callbacks the manager hands each managed link. */
export interface ManagedContext {
  readonly clock: Clock
  readonly mtu: number
  readonly bulkThresholdBytes: number
  readonly highWaterBytes: number
  readonly maxQueueBytes: number
  readonly windowFrames: number
  readonly windowBytes: number
  readonly rxBufferBytes: number
  readonly stallTimeoutMs: number
  readonly orphanTimeoutMs: number
  readonly stats: TransportManagerStats
  /** 0 for the best kind; larger is worse. */
  rank(kind: TransportKind): number
  powerCost(kind: TransportKind): number
  powerSaving(): boolean
  /** A random non-zero u32. */
  randomSid(): number
  choice(event: LinkChoiceEvent, upgrade: boolean): void
  closed(link: ManagedLink, reason: LinkCloseReason): void
}

/** A frame in the send window. */
interface TxFrame {
  readonly seq: number
  readonly data: Uint8Array
  readonly bulk: boolean
  link: Physical | null
  /** Bytes handed to `link` so far. */
  offset: number
  /** Every piece handed over. */
  done: boolean
  /** `clock.now()` when its first piece went out on its current link. */
  sentAt: number
  /** Sent more than once (no round-trip sample then). */
  resent: boolean
}

/** A frame being assembled. */
interface RxFrame {
  readonly buf: Uint8Array
  filled: number
}

let nextId = 0

/** One neighbour's managed link. */
export class ManagedLink extends TypedEmitter<LinkEvents> implements Link {
  readonly id: string
  readonly kind: TransportKind = 'managed'
  /** The neighbour's node ID (from its HELLO). */
  readonly remoteAddress: string
  readonly direction: 'inbound' | 'outbound'
  readonly mtu: number
  #status: LinkStatus = 'open'
  readonly #ctx: ManagedContext
  readonly #phys: Physical[] = []
  readonly #kinds = new Map<string, KindStats>()
  #current: Physical | null = null
  #closing: Promise<void> | undefined
  // send side
  readonly #txSid: number
  #nextSeq = 0
  #ackedTo = 0
  readonly #pending = new Fifo<{ data: Uint8Array; bulk: boolean }>()
  #pendingBytes = 0
  #flight = new Fifo<TxFrame>()
  #flightBytes = 0
  #unsent = new Fifo<TxFrame>()
  #unsentBytes = 0
  #pumping = false
  #wantDrain = false
  #stallTimer: TimerHandle | undefined
  #orphanTimer: TimerHandle | undefined
  // receive side
  #rxSid = 0
  #expected = 0
  readonly #partial = new Map<number, RxFrame>()
  #partialBytes = 0
  #unackedFrames = 0
  #unackedBytes = 0
  #ackTimer: TimerHandle | undefined
  #lastRx: Physical | null = null

  /**
   * @param ctx manager settings and callbacks.
   * @param nodeId the neighbour's node ID.
   * @param first the physical link whose HELLO created this neighbour.
   */
  constructor(ctx: ManagedContext, nodeId: string, first: Physical) {
    super()
    this.#ctx = ctx
    this.id = `managed-${++nextId}`
    this.remoteAddress = nodeId
    this.direction = first.link.direction
    this.mtu = ctx.mtu
    this.#txSid = ctx.randomSid()
  }

  get status(): LinkStatus {
    return this.#status
  }

  /** Bytes accepted by `send` and not yet handed to a physical link. */
  get bufferedBytes(): number {
    return this.#pendingBytes + this.#unsentBytes
  }

  /** Quality of the kind currently chosen for normal frames. */
  get quality(): LinkQuality {
    const s = this.#current === null ? undefined : this.#kinds.get(this.#current.link.kind)
    const q: LinkQuality = {}
    if (s?.rttMs !== undefined) q.rttMs = s.rttMs
    if (s?.throughputBytesPerSecond !== undefined) q.throughputBytesPerSecond = s.throughputBytesPerSecond
    return q
  }

  /** Kind of the physical link chosen for normal frames, or `null` while none is up. */
  get currentKind(): TransportKind | null {
    return this.#current?.link.kind ?? null
  }

  /** Physical links of this neighbour that carry the envelope. */
  get physicalLinks(): ReadonlyArray<Link> {
    return this.#phys.map((p) => p.link)
  }

  /** Frames sent and not yet acknowledged. */
  get inFlightFrames(): number {
    return this.#flight.length
  }

  /** Measurements per kind (diagnostics). */
  kindStats(kind: TransportKind): KindStats | undefined {
    return this.#kinds.get(kind)
  }

  /**
   * Queue one frame; it goes out on the best link for its size.
   * @returns `false` above the high-water mark (the frame is queued; wait for `drain`).
   * @throws FrameTooLargeError beyond `mtu`; ClosedError when not open; CapacityError beyond `maxQueueBytes`.
   */
  send(frame: Uint8Array): boolean {
    return this.#enqueue(frame, frame.length >= this.#ctx.bulkThresholdBytes)
  }

  /**
   * Queue one frame as bulk whatever its size: it prefers the link with the best throughput.
   * @returns and @throws as {@link ManagedLink.send}.
   */
  sendBulk(frame: Uint8Array): boolean {
    return this.#enqueue(frame, true)
  }

  /** Close the managed link and its physical links (idempotent). */
  close(): Promise<void> {
    return this.shutdown('local')
  }

  // ───────────── called by the manager ─────────────

  /** A physical link said HELLO for this neighbour: synchronise and start using it. */
  attach(p: Physical): void {
    if (this.#status !== 'open') {
      void p.link.close().catch(() => undefined)
      return
    }
    p.owner = this
    p.state = 'ready'
    this.#phys.push(p)
    if (!this.#kinds.has(p.link.kind)) this.#kinds.set(p.link.kind, new KindStats(p.link.kind))
    if (this.#orphanTimer !== undefined) {
      this.#ctx.clock.clearTimeout(this.#orphanTimer)
      this.#orphanTimer = undefined
    }
    const state: StateMessage = { txSid: this.#txSid, txBase: this.#ackedTo, rxSid: this.#rxSid, rx: this.#expected }
    this.#control(p, encodeState(state))
    this.#reconsider('link-up')
    this.pump()
  }

  /** A physical link of this neighbour closed or failed. */
  detach(p: Physical, reason: LinkCloseReason | 'stall'): void {
    const i = this.#phys.indexOf(p)
    if (i < 0) return
    this.#phys.splice(i, 1)
    p.state = 'dead'
    if (this.#status !== 'open') return
    if (reason !== 'local' && reason !== 'transport-stopped') this.#kinds.get(p.link.kind)?.outcome(false)
    if (this.#lastRx === p) this.#lastRx = null
    this.#requeueFrom(p)
    if (this.#phys.length === 0) {
      if (reason === 'remote') {
        // The peer closed its last link on purpose: it is gone, not out of reach.
        void this.shutdown('remote')
        return
      }
      this.#orphanTimer ??= this.#ctx.clock.setTimeout(() => {
        this.#orphanTimer = undefined
        void this.shutdown('timeout')
      }, this.#ctx.orphanTimeoutMs)
    }
    this.#reconsider(reason === 'stall' ? 'stall' : 'link-down')
    this.pump()
  }

  /** An envelope (not HELLO) arrived on `p`. */
  receive(p: Physical, frame: Uint8Array, type: number): void {
    if (this.#status !== 'open') return
    switch (type) {
      case 5:
        if (frame.length < DATA_HEADER_BYTES) return this.#malformed()
        return this.#onData(p, getU48(frame, 2), getU32(frame, 8), getU32(frame, 12), frame.subarray(DATA_HEADER_BYTES))
      case 3:
        if (frame.length !== 8) return this.#malformed()
        return this.#onAck(getU48(frame, 2))
      case 2: {
        if (frame.length !== 22) return this.#malformed()
        return this.#onState(getU32(frame, 2), getU48(frame, 6), getU32(frame, 12), getU48(frame, 16))
      }
      case 4:
        void this.shutdown('remote')
        return
      default:
        return this.#malformed()
    }
  }

  /** Hand queued frames to links while the window and the links allow. */
  pump(): void {
    if (this.#pumping || this.#status !== 'open') return
    this.#pumping = true
    try {
      for (;;) {
        let f = this.#unsent.peek()
        if (f === undefined) {
          const next = this.#pending.peek()
          if (next === undefined || this.#flight.length >= this.#ctx.windowFrames || this.#flightBytes >= this.#ctx.windowBytes) break
          this.#pending.shift()
          this.#pendingBytes -= next.data.length
          f = { seq: this.#nextSeq++, data: next.data, bulk: next.bulk, link: null, offset: 0, done: false, sentAt: 0, resent: false }
          this.#flight.push(f)
          this.#flightBytes += f.data.length
          this.#unsent.push(f)
          this.#unsentBytes += f.data.length
        }
        if (f.seq < this.#ackedTo) {
          this.#unsent.shift()
          this.#unsentBytes -= f.data.length - f.offset
          continue
        }
        if (f.link === null || f.link.state !== 'ready') {
          const chosen = this.#choose(f.bulk)
          if (chosen === null) break
          if (f.link !== null) {
            this.#unsentBytes += f.offset
            f.offset = 0
          }
          f.link = chosen
        }
        if (f.link.blocked || !this.#transmit(f, f.link)) break
        this.#unsent.shift()
      }
    } finally {
      this.#pumping = false
    }
    this.#armStall()
    if (this.#wantDrain && this.bufferedBytes <= this.#ctx.highWaterBytes / 2) {
      this.#wantDrain = false
      this.emit('drain', undefined)
    }
  }

  /** Close with `reason`: BYE to the peer (unless it left), close physical links, emit `close`. */
  shutdown(reason: LinkCloseReason): Promise<void> {
    if (this.#closing !== undefined) return this.#closing
    this.#status = 'closing'
    this.#closing = (async () => {
      this.#clearTimers()
      const phys = this.#phys.splice(0)
      for (const p of phys) {
        if (reason !== 'remote' && p.state === 'ready') this.#control(p, encodeBye())
        p.state = 'dead'
      }
      this.#pending.clear()
      this.#flight.clear()
      this.#unsent.clear()
      this.#pendingBytes = this.#unsentBytes = this.#flightBytes = 0
      this.#partial.clear()
      this.#partialBytes = 0
      this.#current = null
      await Promise.allSettled(phys.map((p) => p.link.close()))
      this.#status = 'closed'
      this.emit('close', { reason })
      this.#ctx.closed(this, reason)
    })()
    return this.#closing
  }

  // ───────────── send side ─────────────

  #enqueue(frame: Uint8Array, bulk: boolean): boolean {
    if (!(frame instanceof Uint8Array)) throw new TypeError('frame must be a Uint8Array')
    if (this.#status !== 'open') throw new ClosedError('managed link is not open')
    if (frame.length > this.mtu) throw new FrameTooLargeError(frame.length, this.mtu)
    if (this.bufferedBytes + frame.length > this.#ctx.maxQueueBytes) {
      throw new CapacityError(`managed link queue full (${this.bufferedBytes} of ${this.#ctx.maxQueueBytes} bytes)`)
    }
    this.#pending.push({ data: frame, bulk })
    this.#pendingBytes += frame.length
    this.#ctx.stats.framesQueued++
    this.#pumpQuiet()
    if (this.bufferedBytes >= this.#ctx.highWaterBytes) {
      this.#wantDrain = true
      return false
    }
    return true
  }

  /** {@link pump} without the drain notification (used from `send`). */
  #pumpQuiet(): void {
    const want = this.#wantDrain
    this.#wantDrain = false
    this.pump()
    this.#wantDrain = want
  }

  /**
   * Hand the rest of `f` to `p`, piece by piece.
   * @returns `true` once every piece is handed over; `false` when `p` pushed back first.
   */
  #transmit(f: TxFrame, p: Physical): boolean {
    const room = p.link.mtu - DATA_HEADER_BYTES
    const now = this.#ctx.clock.now()
    if (f.offset === 0) f.sentAt = now
    this.#kinds.get(p.link.kind)?.busy(now)
    do {
      const n = Math.min(room, f.data.length - f.offset)
      let accepted: boolean
      try {
        accepted = p.link.send(encodeData(f.seq, f.data, f.offset, n))
      } catch (error) {
        if (isBitMeshError(error) && error.code === 'CAPACITY_EXCEEDED' && p.link.bufferedBytes > 0) {
          p.blocked = true // not queued; resume on drain
          return false
        }
        // Closed under us or refusing frames it announced it takes: give it up.
        this.#fail(p, 'error')
        return false
      }
      f.offset += n
      this.#unsentBytes -= n
      if (!accepted) p.blocked = true
    } while (f.offset < f.data.length && !p.blocked)
    if (f.offset < f.data.length) return false
    f.done = true
    return true
  }

  /** Frames that went (partly) on `p` and are not acknowledged go back in front of the queue. */
  #requeueFrom(p: Physical): void {
    let moved = 0
    const unsent = new Fifo<TxFrame>()
    let unsentBytes = 0
    for (let i = 0; i < this.#flight.length; i++) {
      const f = this.#flight.at(i)!
      if (f.link === p) {
        f.link = null
        f.offset = 0
        f.done = false
        f.resent = true
        moved++
      }
      if (!f.done) {
        unsent.push(f)
        unsentBytes += f.data.length - f.offset
      }
    }
    this.#unsent = unsent
    this.#unsentBytes = unsentBytes
    this.#ctx.stats.framesRequeued += moved
  }

  #onAck(rx: number): void {
    if (rx <= this.#ackedTo || rx > this.#nextSeq) return
    const now = this.#ctx.clock.now()
    let last: TxFrame | undefined
    while (this.#flight.length > 0 && this.#flight.peek()!.seq < rx) {
      const f = this.#flight.shift()!
      this.#flightBytes -= f.data.length
      if (f.link !== null) {
        const s = this.#kinds.get(f.link.link.kind)
        s?.acked(f.data.length, now, this.#flight.length === 0)
        s?.outcome(true)
      }
      last = f
    }
    this.#ackedTo = rx
    if (last?.link != null && last.done && !last.resent) this.#kinds.get(last.link.link.kind)?.rtt(now - last.sentAt)
    this.#disarmStall()
    this.#reconsider('measured')
    this.pump()
  }

  #onState(txSid: number, txBase: number, rxSid: number, rx: number): void {
    if (txSid !== this.#rxSid) {
      // A send stream we have not seen (first contact, or the peer restarted): start at its base.
      this.#rxSid = txSid
      this.#expected = txBase
      this.#partial.clear()
      this.#partialBytes = 0
    }
    if (rxSid === this.#txSid) this.#onAck(rx)
  }

  #armStall(): void {
    if (this.#stallTimer !== undefined || this.#flight.length === 0 || this.#status !== 'open') return
    const head = this.#flight.peek()!
    const kind = head.link?.link.kind
    const rate = kind === undefined ? undefined : this.#kinds.get(kind)?.expectedThroughput
    // Slow links need longer to drain what is outstanding before an ACK can come back.
    const allowance = rate === undefined ? 0 : Math.min(MAX_STALL_ALLOWANCE_MS, (2_000 * this.#flightBytes) / rate)
    this.#stallTimer = this.#ctx.clock.setTimeout(() => this.#onStall(), this.#ctx.stallTimeoutMs + allowance)
  }

  #disarmStall(): void {
    if (this.#stallTimer === undefined) return
    this.#ctx.clock.clearTimeout(this.#stallTimer)
    this.#stallTimer = undefined
  }

  #onStall(): void {
    this.#stallTimer = undefined
    if (this.#status !== 'open') return
    const culprit = this.#flight.peek()?.link
    if (culprit == null) return this.#armStall()
    this.#ctx.stats.stalls++
    this.#fail(culprit, 'stall')
  }

  /** Give up a physical link: close it (in the background) and fail over now. */
  #fail(p: Physical, reason: 'stall' | 'error'): void {
    if (p.state === 'dead') return
    this.detach(p, reason === 'stall' ? 'stall' : 'error')
    void p.link.close().catch(() => undefined)
  }

  // ───────────── receive side ─────────────

  #onData(p: Physical, seq: number, offset: number, total: number, piece: Uint8Array): void {
    this.#lastRx = p
    if (seq < this.#expected) {
      this.#ctx.stats.duplicatesDropped++
      this.#scheduleAck(true)
      return
    }
    if (total > this.mtu || offset + piece.length > total || seq - this.#expected >= this.#ctx.windowFrames * 2) return this.#malformed()
    if (seq === this.#expected && offset === 0 && piece.length === total) {
      // Fast path: a whole frame in one piece, in order. The piece is ours (the link gave it up).
      this.#deliver(piece)
      this.#drainPartial()
      return
    }
    let rx = this.#partial.get(seq)
    if (rx === undefined) {
      if (offset !== 0) return // the start went down with a dead link; the resend starts over
      if (this.#partialBytes + total > this.#ctx.rxBufferBytes) return this.#malformed()
      rx = { buf: new Uint8Array(total), filled: 0 }
      this.#partial.set(seq, rx)
      this.#partialBytes += total
    } else if (rx.buf.length !== total) {
      return this.#malformed()
    }
    const end = offset + piece.length
    if (offset <= rx.filled && end > rx.filled) {
      rx.buf.set(piece.subarray(rx.filled - offset), rx.filled)
      rx.filled = end
    } else if (end <= rx.filled && total > 0) {
      this.#ctx.stats.duplicatesDropped++
    }
    if (seq === this.#expected) this.#drainPartial()
  }

  /** Deliver consecutive complete frames from the reorder buffer. */
  #drainPartial(): void {
    for (;;) {
      const rx = this.#partial.get(this.#expected)
      if (rx === undefined || rx.filled < rx.buf.length) break
      this.#partial.delete(this.#expected)
      this.#partialBytes -= rx.buf.length
      this.#deliver(rx.buf)
    }
  }

  #deliver(frame: Uint8Array): void {
    this.#expected++
    this.#unackedFrames++
    this.#unackedBytes += frame.length
    this.#ctx.stats.framesDelivered++
    this.emit('frame', frame)
    if (this.#status !== 'open') return
    this.#scheduleAck(this.#unackedFrames >= ACK_EVERY_FRAMES || this.#unackedBytes >= ACK_EVERY_BYTES)
  }

  #scheduleAck(now: boolean): void {
    if (now) {
      if (this.#ackTimer !== undefined) this.#ctx.clock.clearTimeout(this.#ackTimer)
      this.#ackTimer = undefined
      this.#sendAck()
      return
    }
    this.#ackTimer ??= this.#ctx.clock.setTimeout(() => {
      this.#ackTimer = undefined
      this.#sendAck()
    }, ACK_DELAY_MS)
  }

  #sendAck(): void {
    if (this.#status !== 'open') return
    this.#unackedFrames = 0
    this.#unackedBytes = 0
    const p = this.#lastRx?.state === 'ready' ? this.#lastRx : this.#choose(false)
    if (p !== null) this.#control(p, encodeAck(this.#expected))
  }

  // ───────────── choice ─────────────

  /** Best ready link for a frame: bulk by throughput, normal by preference (or power). */
  #choose(bulk: boolean): Physical | null {
    let best: Physical | null = null
    let bestScore = Number.NEGATIVE_INFINITY
    for (const p of this.#phys) {
      if (p.state !== 'ready') continue
      const score = this.#score(p, bulk)
      if (score > bestScore) {
        best = p
        bestScore = score
      }
    }
    return best
  }

  /**
   * Score of one link (higher is better). Unreliable links (success < MIN_SUCCESS) sink below
   * every reliable one. Normal frames: preference rank first, then success and latency; in
   * power-saving mode the energy cost first. Bulk frames: expected throughput first.
   */
  #score(p: Physical, bulk: boolean): number {
    const s = this.#kinds.get(p.link.kind)!
    const reliable = s.success >= MIN_SUCCESS ? 1e9 : 0
    const latency = Math.min(s.rttMs ?? 0, 10_000)
    if (bulk) return reliable + Math.log2(1 + s.expectedThroughput) * 1e4 - this.#ctx.rank(p.link.kind) * 10 + s.success
    const power = this.#ctx.powerSaving() ? -this.#ctx.powerCost(p.link.kind) * 1e7 : 0
    return reliable + power - this.#ctx.rank(p.link.kind) * 1e5 + s.success * 1e3 - latency / 100
  }

  /** Re-run the normal-frame choice and report a change. */
  #reconsider(reason: LinkChoiceEvent['reason']): void {
    const next = this.#choose(false)
    const prev = this.#current
    if (next === prev) return
    this.#current = next
    if (prev === null && reason === 'link-up' && this.#flight.length === 0 && this.#phys.length === 1) return // first link: `link:open` says it
    const lost = reason === 'link-down' || reason === 'stall'
    const better = next !== null && (prev === null || this.#ctx.rank(next.link.kind) < this.#ctx.rank(prev.link.kind))
    const same = next !== null && prev !== null && this.#ctx.rank(next.link.kind) === this.#ctx.rank(prev.link.kind)
    const upgrade = better || (same && !lost)
    this.#ctx.choice(
      {
        link: this,
        nodeId: this.remoteAddress,
        from: prev === null ? null : { kind: prev.link.kind, linkId: prev.link.id },
        to: next === null ? null : { kind: next.link.kind, linkId: next.link.id },
        reason,
      },
      upgrade,
    )
    this.emit('quality', this.quality)
  }

  // ───────────── helpers ─────────────

  /** Send a control envelope; a full or closed link just misses it (the next one repeats the state). */
  #control(p: Physical, frame: Uint8Array): void {
    try {
      p.link.send(frame)
    } catch {
      // ACK/STATE are cumulative: a later one carries the same information.
    }
  }

  #malformed(): void {
    this.#ctx.stats.malformedDropped++
  }

  #clearTimers(): void {
    const c = this.#ctx.clock
    if (this.#stallTimer !== undefined) c.clearTimeout(this.#stallTimer)
    if (this.#orphanTimer !== undefined) c.clearTimeout(this.#orphanTimer)
    if (this.#ackTimer !== undefined) c.clearTimeout(this.#ackTimer)
    this.#stallTimer = this.#orphanTimer = this.#ackTimer = undefined
  }
}
