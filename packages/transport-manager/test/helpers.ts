/** Shared helpers of the manager tests: seeded rng, memory members of any kind, a cuttable wrapper. */
import { seededRng } from '@bitmesh-internal/test-doubles'
import { ManualClock, MemoryNetwork, memoryTransport } from '@bitmesh/transport-compliance/memory'
import { createTransportManager, type TransportManager, type TransportManagerOptions } from '../src/index.js'

// The seeded rng is the repo's shared double; re-exported for the tests and the peer fixture.
export { seededRng }

/** Kind, MTU and rate of one simulated member network. */
export interface MemberSpec {
  kind: string
  mtu: number
  bandwidthBytesPerSecond?: number
  latencyMs?: number
  /** Wrap both ends in {@link cuttableTransport}. */
  cuttable?: boolean
}

/** Two managers `a` and `b`, each with one memory member per spec, on one virtual clock. */
export async function managedPair(specs: MemberSpec[], extra: Partial<TransportManagerOptions> = {}) {
  const clock = new ManualClock()
  const members = specs.map((spec) => {
    const network = new MemoryNetwork({ clock, latencyMs: spec.latencyMs ?? 1, ...(spec.bandwidthBytesPerSecond === undefined ? {} : { bandwidthBytesPerSecond: spec.bandwidthBytesPerSecond }) })
    const opts = { network, mtu: spec.mtu, kind: spec.kind, highWaterMarkBytes: 8 * spec.mtu, maxQueueBytes: 64 * spec.mtu }
    const rawA = memoryTransport({ ...opts, address: 'a' })
    const rawB = memoryTransport({ ...opts, address: 'b' })
    const a = spec.cuttable === true ? cuttableTransport(rawA) : rawA
    const b = spec.cuttable === true ? cuttableTransport(rawB) : rawB
    return { spec, a, b }
  })
  const a: TransportManager = createTransportManager({ transports: members.map((m) => m.a), clock, rng: seededRng(1), localId: 'node-a', ...extra })
  const b: TransportManager = createTransportManager({ transports: members.map((m) => m.b), clock, rng: seededRng(2), localId: 'node-b', ...extra })
  await a.start()
  await b.start()
  return { clock, a, b, members }
}

import { FrameTooLargeError, TypedEmitter, transportSymbol, type Link, type LinkEvents, type Transport, type TransportEvents } from '@bitmesh/interface'

/** A link wrapper that can be cut: sends vanish and frames stop arriving, but nothing closes (a dead radio path). */
export class CuttableLink extends TypedEmitter<LinkEvents> implements Link {
  cut = false
  readonly inner: Link
  readonly #kind: string | undefined
  readonly #mtu: number | undefined
  /** @param kind / mtu override what the inner link reports (a BLE-shaped link over a socket). */
  constructor(inner: Link, kind?: string, mtu?: number) {
    super()
    this.inner = inner
    this.#kind = kind
    this.#mtu = mtu
    inner.on('frame', (f) => {
      if (!this.cut) this.emit('frame', f)
    })
    inner.on('drain', () => this.emit('drain', undefined))
    inner.on('close', (c) => this.emit('close', c))
  }
  get id() { return this.inner.id }
  get kind() { return this.#kind ?? this.inner.kind }
  get remoteAddress() { return this.inner.remoteAddress }
  get direction() { return this.inner.direction }
  get mtu() { return Math.min(this.#mtu ?? Infinity, this.inner.mtu) }
  get status() { return this.inner.status }
  get quality() { return this.inner.quality }
  get bufferedBytes() { return this.cut ? 0 : this.inner.bufferedBytes }
  send(frame: Uint8Array): boolean {
    if (frame.length > this.mtu) throw new FrameTooLargeError(frame.length, this.mtu)
    if (this.cut) {
      if (this.inner.status !== 'open') return this.inner.send(frame)
      return true
    }
    return this.inner.send(frame)
  }
  close(): Promise<void> { return this.inner.close() }
}

/** A transport wrapper whose links are {@link CuttableLink}s (listed in `cuttable`). */
export function cuttableTransport(inner: Transport, kind?: string, mtu?: number): Transport & { cuttable: CuttableLink[]; cutAll(): void } {
  const emitter = new TypedEmitter<TransportEvents>()
  const wrapped = new Map<Link, CuttableLink>()
  const wrap = (l: Link): CuttableLink => {
    let w = wrapped.get(l)
    if (w === undefined) {
      w = new CuttableLink(l, kind, mtu)
      wrapped.set(l, w)
      self.cuttable.push(w)
    }
    return w
  }
  inner.on('link:open', (l) => emitter.emit('link:open', wrap(l)))
  inner.on('link:close', ({ link, reason }) => emitter.emit('link:close', { link: wrap(link), reason }))
  inner.on('peer:discovered', (n) => emitter.emit('peer:discovered', n))
  const self = {
    [transportSymbol]: true as const,
    specificationVersion: 'v1' as const,
    kind: kind ?? inner.kind,
    cuttable: [] as CuttableLink[],
    cutAll() {
      for (const l of self.cuttable) l.cut = true
    },
    get links() { return inner.links.map(wrap) },
    start: (o?: Parameters<Transport['start']>[0]) => inner.start(o),
    stop: () => inner.stop(),
    dial: async (a: string, o?: Parameters<Transport['dial']>[1]) => wrap(await inner.dial(a, o)),
    on: emitter.on.bind(emitter) as Transport['on'],
    off: emitter.off.bind(emitter) as Transport['off'],
  }
  return self
}
