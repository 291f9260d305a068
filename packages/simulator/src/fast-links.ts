/**
 * Metering for the simulator's fast links (Wi-Fi Direct, hotspot, Multipeer): a transport
 * wrapper that reports every frame its links send, so frames on air and Wi-Fi energy can be
 * counted like the BLE radio's `onTransmit`. The wrapped transports are the real ones of
 * `@bitmesh/transport-wifi-direct`, `-hotspot` and `-multipeer` on their simulated worlds (same
 * virtual clock as the BLE radio); nothing about them is modelled here.
 * @module
 */
import { TypedEmitter, transportSymbol, type AbortOptions, type Link, type LinkEvents, type Transport, type TransportEvents } from '@bitmesh/interface'

/** Called for each frame a metered link accepted. */
export type FrameMeter = (link: Link, bytes: number) => void

/** A link that reports the frames it sends; everything else is the inner link's. */
class MeteredLink extends TypedEmitter<LinkEvents> implements Link {
  readonly #inner: Link
  readonly #meter: FrameMeter

  constructor(inner: Link, meter: FrameMeter) {
    super()
    this.#inner = inner
    this.#meter = meter
    inner.on('frame', (f) => this.emit('frame', f))
    inner.on('drain', () => this.emit('drain', undefined))
    inner.on('quality', (q) => this.emit('quality', q))
    inner.on('close', (c) => this.emit('close', c))
  }
  get id(): string {
    return this.#inner.id
  }
  get kind(): Link['kind'] {
    return this.#inner.kind
  }
  get remoteAddress(): string {
    return this.#inner.remoteAddress
  }
  get direction(): Link['direction'] {
    return this.#inner.direction
  }
  get mtu(): number {
    return this.#inner.mtu
  }
  get status(): Link['status'] {
    return this.#inner.status
  }
  get quality(): Link['quality'] {
    return this.#inner.quality
  }
  get bufferedBytes(): number {
    return this.#inner.bufferedBytes
  }
  send(frame: Uint8Array): boolean {
    const below = this.#inner.send(frame) // throws before counting when refused
    this.#meter(this, frame.length)
    return below
  }
  close(): Promise<void> {
    return this.#inner.close()
  }
}

/**
 * Wrap `inner` so each frame its links send is reported to `meter`.
 * @param inner - A transport.
 * @param meter - Frame callback.
 * @returns A transport with the same kind, lifecycle and links (wrapped once each).
 */
export function meteredTransport(inner: Transport, meter: FrameMeter): Transport {
  const emitter = new TypedEmitter<TransportEvents>()
  const wrapped = new WeakMap<Link, MeteredLink>()
  const wrap = (link: Link): MeteredLink => {
    let w = wrapped.get(link)
    if (w === undefined) {
      w = new MeteredLink(link, meter)
      wrapped.set(link, w)
    }
    return w
  }
  inner.on('link:open', (l) => emitter.emit('link:open', wrap(l)))
  inner.on('link:close', ({ link, reason }) => emitter.emit('link:close', { link: wrap(link), reason }))
  inner.on('peer:discovered', (n) => emitter.emit('peer:discovered', n))
  inner.on('error', (e) => emitter.emit('error', e))
  return {
    [transportSymbol]: true,
    specificationVersion: 'v1',
    kind: inner.kind,
    get links() {
      return inner.links.map(wrap)
    },
    start: (o?: AbortOptions) => inner.start(o),
    stop: () => inner.stop(),
    dial: async (address: string, o?: AbortOptions) => wrap(await inner.dial(address, o)),
    on: emitter.on.bind(emitter) as Transport['on'],
    off: emitter.off.bind(emitter) as Transport['off'],
  }
}
