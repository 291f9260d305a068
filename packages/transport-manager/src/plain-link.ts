/**
 * A physical link whose far end does not speak the manager envelope (a plain bitchat peer, or a
 * link too small for the envelope): passed up unchanged, one managed `Link` per physical link.
 * @module
 */
import { TypedEmitter, type Link, type LinkEvents, type LinkQuality, type LinkStatus, type TransportKind } from '@bitmesh/interface'

/** A pass-through wrapper; frames, drain, quality and close are forwarded as they come. */
export class PlainLink extends TypedEmitter<LinkEvents> implements Link {
  readonly id: string
  readonly #inner: Link
  readonly #offs: Array<() => void>

  /**
   * @param inner the physical link.
   * @param early frames that arrived before the manager gave up waiting for HELLO, in order.
   */
  constructor(inner: Link, early: readonly Uint8Array[]) {
    super()
    this.#inner = inner
    this.id = `plain-${inner.kind}-${inner.id}`
    this.#offs = [
      inner.on('frame', (f) => this.emit('frame', f)),
      inner.on('drain', () => this.emit('drain', undefined)),
      inner.on('quality', (q) => this.emit('quality', q)),
      inner.on('close', (c) => {
        for (const off of this.#offs) off()
        this.emit('close', c)
      }),
    ]
    this.#early = early
  }

  #early: readonly Uint8Array[]

  /** Deliver the frames held back while the manager waited for HELLO (once listeners exist). */
  flushEarly(): void {
    const early = this.#early
    this.#early = []
    for (const f of early) this.emit('frame', f)
  }

  get kind(): TransportKind {
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
    return this.#inner.send(frame)
  }
  close(): Promise<void> {
    return this.#inner.close()
  }
}
