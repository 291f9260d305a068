/**
 * The transport manager: a `Transport` over several member transports that presents one link per
 * neighbour and moves its frames over the best physical link to it (see the README for the
 * protocol and the choice rules).
 * @module
 */
import {
  AbortError,
  ClosedError,
  TypedEmitter,
  transportSymbol,
  type AbortOptions,
  type Link,
  type LinkCloseReason,
  type Transport,
  type TransportEvents,
  type TransportKind,
} from '@bitmesh/interface'
import * as C from './constants.js'
import { decodeHello, encodeHello, EnvelopeType, isEnvelope } from './envelope.js'
import { ManagedLink, type ManagedContext } from './managed-link.js'
import type { NeighbourSnapshot, TransportManagerExtraEvents, TransportManagerOptions, TransportManagerStats } from './options.js'
import type { Physical } from './physical.js'
import { PlainLink } from './plain-link.js'

/** Events of a {@link TransportManager}: the `Transport` events plus the link choice. */
export type TransportManagerEvents = TransportEvents & TransportManagerExtraEvents

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number`)
  return value
}

/** A `Transport` of kind `managed` over member transports; see {@link createTransportManager}. */
export class TransportManager extends TypedEmitter<TransportManagerEvents> implements Transport {
  readonly [transportSymbol] = true as const
  readonly specificationVersion = 'v1' as const
  readonly kind: TransportKind = 'managed'
  /** Counters (live object). */
  readonly stats: TransportManagerStats = {
    framesQueued: 0,
    framesDelivered: 0,
    framesRequeued: 0,
    duplicatesDropped: 0,
    malformedDropped: 0,
    stalls: 0,
    upgrades: 0,
    downgrades: 0,
    plainLinks: 0,
  }
  readonly #members: ReadonlyArray<Transport>
  readonly #options: TransportManagerOptions
  readonly #ctx: ManagedContext
  readonly #preference: ReadonlyArray<string>
  readonly #helloTimeoutMs: number
  readonly #maxNeighbours: number
  readonly #physical = new Map<Link, Physical>()
  readonly #neighbours = new Map<string, ManagedLink>()
  readonly #plain = new Map<Physical, PlainLink>()
  readonly #waiters = new Map<Physical, Array<() => void>>()
  readonly #memberOffs: Array<() => void> = []
  /** Where we last reached each node by dialling (so `dial(link.remoteAddress)` works); LRU-bounded. */
  readonly #routes = new Map<string, { member: Transport; remote: string }>()
  readonly #dialledVia = new Map<Physical, { member: Transport; remote: string }>()
  #state: 'idle' | 'running' | 'stopping' = 'idle'
  #localId = ''
  #stopping: Promise<void> | undefined

  /** @param options see {@link TransportManagerOptions}. */
  constructor(options: TransportManagerOptions) {
    super()
    if (options === null || typeof options !== 'object') throw new TypeError('options are required')
    const { transports, clock, rng } = options
    if (!Array.isArray(transports) || transports.length === 0) throw new TypeError('transports must be a non-empty array')
    if (clock === undefined || rng === undefined) throw new TypeError('clock and rng are required')
    this.#members = [...transports]
    this.#options = options
    this.#preference = [...(options.preference ?? C.DEFAULT_PREFERENCE)]
    this.#helloTimeoutMs = positive('helloTimeoutMs', options.helloTimeoutMs, C.DEFAULT_HELLO_TIMEOUT_MS)
    this.#maxNeighbours = positive('maxNeighbours', options.maxNeighbours, C.DEFAULT_MAX_NEIGHBOURS)
    const mtu = positive('mtu', options.mtu, C.DEFAULT_MTU_BYTES)
    if (mtu > C.MAX_MTU_BYTES) throw new RangeError(`mtu must be ≤ ${C.MAX_MTU_BYTES}`)
    const highWaterBytes = positive('highWaterBytes', options.highWaterBytes, C.DEFAULT_HIGH_WATER_BYTES)
    const maxQueueBytes = positive('maxQueueBytes', options.maxQueueBytes, C.DEFAULT_MAX_QUEUE_BYTES)
    if (maxQueueBytes < highWaterBytes + mtu) throw new RangeError('maxQueueBytes must be ≥ highWaterBytes + mtu')
    const powerCost = { ...C.DEFAULT_POWER_COST, ...options.powerCost }
    const stats = this.stats
    this.#ctx = {
      clock,
      mtu,
      bulkThresholdBytes: positive('bulkThresholdBytes', options.bulkThresholdBytes, C.DEFAULT_BULK_THRESHOLD_BYTES),
      highWaterBytes,
      maxQueueBytes,
      windowFrames: positive('windowFrames', options.windowFrames, C.DEFAULT_WINDOW_FRAMES),
      windowBytes: positive('windowBytes', options.windowBytes, C.DEFAULT_WINDOW_BYTES),
      rxBufferBytes: positive('rxBufferBytes', options.rxBufferBytes, C.DEFAULT_RX_BUFFER_BYTES),
      stallTimeoutMs: positive('stallTimeoutMs', options.stallTimeoutMs, C.DEFAULT_STALL_TIMEOUT_MS),
      orphanTimeoutMs: positive('orphanTimeoutMs', options.orphanTimeoutMs, C.DEFAULT_ORPHAN_TIMEOUT_MS),
      stats,
      rank: (kind) => {
        const i = this.#preference.indexOf(kind)
        return i < 0 ? this.#preference.length : i
      },
      powerCost: (kind) => powerCost[kind] ?? 10,
      powerSaving: () => options.powerSaving?.() === true,
      randomSid: () => {
        const b = rng.randomBytes(4)
        return (((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0) || 1
      },
      choice: (event, upgrade) => {
        if (upgrade) stats.upgrades++
        else stats.downgrades++
        this.emit(upgrade ? 'link:upgrade' : 'link:downgrade', event)
      },
      closed: (link, reason) => {
        if (this.#neighbours.get(link.remoteAddress) === link) this.#neighbours.delete(link.remoteAddress)
        this.emit('link:close', { link, reason })
      },
    }
  }

  /** Open managed and plain links. */
  get links(): ReadonlyArray<Link> {
    const out: Link[] = []
    for (const l of this.#neighbours.values()) if (l.status === 'open') out.push(l)
    for (const l of this.#plain.values()) if (l.status === 'open') out.push(l)
    return out
  }

  /** The member transports. */
  get transports(): ReadonlyArray<Transport> {
    return this.#members
  }

  /** Our node ID as sent in HELLO (empty before `start()`). */
  get localId(): string {
    return this.#localId
  }

  /** The managed link to `nodeId`, if open. */
  linkTo(nodeId: string): ManagedLink | undefined {
    return this.#neighbours.get(nodeId)
  }

  /** A diagnostic snapshot of every neighbour. */
  neighbours(): NeighbourSnapshot[] {
    return [...this.#neighbours.values()].map((l) => ({
      nodeId: l.remoteAddress,
      linkId: l.id,
      current: l.currentKind,
      links: l.physicalLinks.map((p) => {
        const s = l.kindStats(p.kind)
        const row: NeighbourSnapshot['links'][number] = { id: p.id, kind: p.kind, success: s?.success ?? 1 }
        if (s?.rttMs !== undefined) row.rttMs = s.rttMs
        if (s?.throughputBytesPerSecond !== undefined) row.throughputBytesPerSecond = s.throughputBytesPerSecond
        return row
      }),
      bufferedBytes: l.bufferedBytes,
      inFlightFrames: l.inFlightFrames,
    }))
  }

  /** Start every member transport and adopt their links. Idempotent. */
  async start(options?: AbortOptions): Promise<void> {
    if (options?.signal?.aborted === true) throw new AbortError()
    if (this.#state === 'running') return
    if (this.#state === 'stopping') await this.#stopping
    this.#stopping = undefined
    this.#localId = this.#resolveLocalId()
    this.#state = 'running'
    for (const member of this.#members) {
      this.#memberOffs.push(
        member.on('link:open', (link) => this.#adopt(link)),
        member.on('peer:discovered', (n) => this.emit('peer:discovered', { ...n, address: `${member.kind}:${n.address}` })),
        member.on('error', (e) => this.emit('error', e)),
      )
    }
    for (const member of this.#members) {
      await member.start(options)
      for (const link of member.links) this.#adopt(link)
    }
  }

  /** Close every link (peers get BYE), stop every member, release every timer and listener. Idempotent. */
  stop(): Promise<void> {
    if (this.#state === 'idle') return this.#stopping ?? Promise.resolve()
    if (this.#stopping !== undefined) return this.#stopping
    this.#state = 'stopping'
    this.#stopping = (async () => {
      await Promise.allSettled([...this.#neighbours.values()].map((l) => l.shutdown('transport-stopped')))
      await Promise.allSettled(this.#members.map((m) => m.stop()))
      for (const p of [...this.#physical.values()]) this.#forget(p, 'transport-stopped')
      for (const off of this.#memberOffs.splice(0)) off()
      this.#state = 'idle'
    })()
    return this.#stopping
  }

  /**
   * Dial `kind:address` (the form of this manager's `peer:discovered`), a node ID reached by an
   * earlier dial (a managed link's `remoteAddress`), or a bare address when there is one member. Resolves with the neighbour's managed link once HELLO was exchanged (the
   * existing one when the neighbour is already linked), or a plain link when the far end does not
   * speak the envelope.
   * @throws ClosedError when not running or the link closes first; AbortError on abort;
   *   RangeError for an unknown kind.
   */
  async dial(address: string, options?: AbortOptions): Promise<Link> {
    if (this.#state !== 'running') throw new ClosedError('transport manager is not running')
    const signal = options?.signal
    if (signal?.aborted === true) throw new AbortError()
    const { member, remote } = this.#route(address)
    const link = await member.dial(remote, options)
    if (this.#state !== 'running') throw new ClosedError('transport manager stopped')
    const p = this.#adopt(link)
    if (p === undefined) throw new ClosedError('link closed during dial')
    if (p.state === 'hello') this.#dialledVia.set(p, { member, remote })
    const result = this.#resultOf(p)
    if (result === null) throw new ClosedError('link closed before HELLO')
    if (result !== undefined) return result
    return new Promise<Link>((resolve, reject) => {
      const onAbort = (): void => {
        done()
        void link.close().catch(() => undefined)
        reject(new AbortError())
      }
      const waiter = (): void => {
        done()
        const r = this.#resultOf(p)
        if (r == null) reject(new ClosedError('link closed before HELLO'))
        else resolve(r)
      }
      const done = (): void => {
        signal?.removeEventListener('abort', onAbort)
        const list = this.#waiters.get(p)
        const i = list?.indexOf(waiter) ?? -1
        if (i >= 0) list!.splice(i, 1)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      const list = this.#waiters.get(p) ?? []
      list.push(waiter)
      this.#waiters.set(p, list)
    })
  }

  // ───────────── internals ─────────────

  #resolveLocalId(): string {
    const given = this.#options.localId
    const id = typeof given === 'function' ? given() : given
    if (id !== undefined) {
      encodeHello(id) // validates the length
      return id
    }
    let hex = ''
    for (const b of this.#options.rng.randomBytes(8)) hex += b.toString(16).padStart(2, '0')
    return hex
  }

  #route(address: string): { member: Transport; remote: string } {
    if (typeof address !== 'string') throw new TypeError('address must be a string')
    const known = this.#routes.get(address)
    if (known !== undefined) return known
    const colon = address.indexOf(':')
    if (colon > 0) {
      const kind = address.slice(0, colon)
      const member = this.#members.find((m) => m.kind === kind)
      if (member !== undefined) return { member, remote: address.slice(colon + 1) }
    }
    if (this.#members.length === 1) return { member: this.#members[0]!, remote: address }
    throw new RangeError(`address ${address} names no member transport nor a node dialled before (use kind:address)`)
  }

  /** What a dial on `p` resolves with, or `undefined` while HELLO is outstanding. */
  #resultOf(p: Physical): Link | null | undefined {
    if (p.state === 'ready') return p.owner
    if (p.state === 'plain') return this.#plain.get(p) ?? null
    if (p.state === 'dead') return null
    return undefined
  }

  #adopt(link: Link): Physical | undefined {
    const known = this.#physical.get(link)
    if (known !== undefined) return known
    if (this.#state !== 'running' || link.status !== 'open') return undefined
    const p: Physical = { link, state: 'hello', owner: null, blocked: false, helloTimer: undefined, offs: [] }
    this.#physical.set(link, p)
    p.offs.push(
      link.on('frame', (frame) => this.#onFrame(p, frame)),
      link.on('drain', () => {
        p.blocked = false
        p.owner?.pump()
      }),
      link.on('close', ({ reason }) => this.#forget(p, reason)),
    )
    if (link.mtu < C.MIN_ENVELOPE_MTU_BYTES) {
      this.#goPlain(p, [])
      return p
    }
    try {
      link.send(encodeHello(this.#currentLocalId()))
    } catch {
      this.#goPlain(p, [])
      return p
    }
    p.helloTimer = this.#ctx.clock.setTimeout(() => {
      p.helloTimer = undefined
      if (p.state === 'hello') this.#goPlain(p, [])
    }, this.#helloTimeoutMs)
    return p
  }

  /** The callback form of `localId` is read at every new link (the mesh's ID may come late). */
  #currentLocalId(): string {
    const given = this.#options.localId
    if (typeof given === 'function') {
      const id = given()
      if (typeof id === 'string' && id.length > 0) this.#localId = id
    }
    return this.#localId
  }

  #onFrame(p: Physical, frame: Uint8Array): void {
    if (p.state === 'ready') {
      if (!isEnvelope(frame)) {
        this.stats.malformedDropped++
        return
      }
      const type = frame[1]!
      if (type !== EnvelopeType.HELLO) p.owner!.receive(p, frame, type)
      return
    }
    if (p.state !== 'hello') return
    if (!isEnvelope(frame)) {
      this.#goPlain(p, [frame])
      return
    }
    const nodeId = frame[1] === EnvelopeType.HELLO ? decodeHello(frame) : null
    if (nodeId === null) {
      this.stats.malformedDropped++
      return
    }
    this.#clearHello(p)
    if (nodeId === this.#localId) {
      // Our own HELLO (a link to ourselves): useless, drop it.
      p.state = 'dead'
      void p.link.close().catch(() => undefined)
      this.#settle(p)
      return
    }
    let managed = this.#neighbours.get(nodeId)
    if (managed === undefined || managed.status !== 'open') {
      if (this.#neighbours.size >= this.#maxNeighbours) {
        p.state = 'dead'
        void p.link.close().catch(() => undefined)
        this.#settle(p)
        return
      }
      managed = new ManagedLink(this.#ctx, nodeId, p)
      this.#neighbours.set(nodeId, managed)
      managed.attach(p)
      this.#settle(p)
      this.emit('link:open', managed)
      return
    }
    managed.attach(p)
    this.#settle(p)
  }

  #goPlain(p: Physical, early: Uint8Array[]): void {
    this.#clearHello(p)
    p.state = 'plain'
    const plain = new PlainLink(p.link, early)
    this.#plain.set(p, plain)
    this.stats.plainLinks++
    this.#settle(p)
    this.emit('link:open', plain)
    plain.flushEarly()
  }

  #forget(p: Physical, reason: LinkCloseReason): void {
    if (this.#physical.get(p.link) !== p) return
    this.#physical.delete(p.link)
    this.#clearHello(p)
    for (const off of p.offs.splice(0)) off()
    const owner = p.owner
    const wasPlain = p.state === 'plain'
    if (owner !== null) owner.detach(p, reason)
    p.state = 'dead'
    this.#settle(p)
    const plain = this.#plain.get(p)
    if (wasPlain && plain !== undefined) {
      this.#plain.delete(p)
      this.emit('link:close', { link: plain, reason })
    }
  }

  #settle(p: Physical): void {
    const via = this.#dialledVia.get(p)
    if (via !== undefined) {
      this.#dialledVia.delete(p)
      if (p.state === 'ready' && p.owner !== null) {
        this.#routes.delete(p.owner.remoteAddress)
        this.#routes.set(p.owner.remoteAddress, via)
        if (this.#routes.size > this.#maxNeighbours) this.#routes.delete(this.#routes.keys().next().value!)
      }
    }
    const list = this.#waiters.get(p)
    if (list === undefined) return
    this.#waiters.delete(p)
    for (const w of [...list]) w()
  }

  #clearHello(p: Physical): void {
    if (p.helloTimer === undefined) return
    this.#ctx.clock.clearTimeout(p.helloTimer)
    p.helloTimer = undefined
  }
}

/**
 * Create a transport manager over `options.transports`. It is itself a `Transport`
 * (`createMeshNode({ transports: [manager] })` works unchanged): one managed link per neighbour,
 * carried over the best physical link, with upgrades, loss-free downgrades and bulk routing.
 * @param options members, clock, rng and the tunables of {@link TransportManagerOptions}.
 * @returns the manager.
 * @throws TypeError / RangeError for invalid options.
 */
export function createTransportManager(options: TransportManagerOptions): TransportManager {
  return new TransportManager(options)
}
