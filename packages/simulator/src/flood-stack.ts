/**
 * A minimal stand-in stack: an idealised link layer plus naive flooding. It exists to test the
 * world, the traffic generator and the metrics independently of transport-ble and mesh, and as
 * a baseline (every node rebroadcasts every new message once on every other link). It is not
 * bitchat: no signatures, no Noise, no fragmentation.
 * @module
 */
import { TypedEmitter } from '@bitmesh/interface'
import type { MediumContext, NodeContext, NodeStack, SimNode, SimNodeEvents } from './node-stack.js'

/** Interval at which a flood node re-checks its neighbourhood for new or lost links, ms. */
export const FLOOD_LINK_CHECK_MS = 1_000
/** Per-frame overhead of the stand-in framing, bytes. */
const FRAME_OVERHEAD_BYTES = 24

interface FloodFrame {
  kind: 'public' | 'private'
  id: string
  origin: string
  to: string | null
  text: string
}

class FloodMedium {
  readonly nodes = new Map<string, FloodNode>()
  constructor(readonly ctx: MediumContext) {}
}

class FloodNode extends TypedEmitter<SimNodeEvents> implements SimNode {
  readonly peerId: string
  readonly #medium: FloodMedium
  readonly #ctx: NodeContext
  /** Linked neighbour address → link ID. */
  readonly #links = new Map<string, string>()
  readonly #seen = new Set<string>()
  #timer: unknown = null
  #seq = 0
  #running = false

  constructor(medium: FloodMedium, ctx: NodeContext) {
    super()
    this.#medium = medium
    this.#ctx = ctx
    this.peerId = Array.from(ctx.rng.randomBytes(8), (b) => b.toString(16).padStart(2, '0')).join('')
    medium.nodes.set(ctx.address, this)
  }

  get address(): string {
    return this.#ctx.address
  }

  async start(): Promise<void> {
    if (this.#running) return
    this.#running = true
    const check = (): void => {
      this.#refreshLinks()
      this.#timer = this.#ctx.clock.setTimeout(check, FLOOD_LINK_CHECK_MS)
    }
    // Stagger the first check so nodes do not all act at the same instant.
    this.#timer = this.#ctx.clock.setTimeout(check, this.#ctx.rng.next() * FLOOD_LINK_CHECK_MS)
  }

  async stop(): Promise<void> {
    if (!this.#running) return
    this.#running = false
    this.#ctx.clock.clearTimeout(this.#timer)
    for (const address of [...this.#links.keys()]) this.#closeLink(address, true)
  }

  async sendPublic(text: string): Promise<string> {
    const id = `${this.peerId}:${this.#seq++}`
    this.#originate({ kind: 'public', id, origin: this.peerId, to: null, text })
    return id
  }

  async sendPrivate(peerId: string, text: string): Promise<string> {
    const id = `${this.peerId}:${this.#seq++}`
    this.#originate({ kind: 'private', id, origin: this.peerId, to: peerId, text })
    return id
  }

  peers(): Array<{ peerId: string }> {
    const out: Array<{ peerId: string }> = []
    for (const address of this.#links.keys()) {
      const node = this.#medium.nodes.get(address)
      if (node !== undefined) out.push({ peerId: node.peerId })
    }
    return out
  }

  #originate(frame: FloodFrame): void {
    this.#seen.add(frame.id)
    this.#forward(frame, null)
  }

  #forward(frame: FloodFrame, ingress: string | null): void {
    const { clock, world, scenario } = this.#medium.ctx
    const size = frame.text.length + FRAME_OVERHEAD_BYTES
    const airMs = (size * 8) / scenario.radio.ble.kbps
    for (const address of this.#links.keys()) {
      if (address === ingress) continue
      const sample = world.sample(this.address, address)
      this.#medium.ctx.onTransmit(this.address, address, size)
      if (sample === null || this.#medium.ctx.rng.next() < sample.lossRate) {
        this.emit('drop', { reason: 'radio-loss' })
        continue
      }
      const target = this.#medium.nodes.get(address)
      if (target === undefined) continue
      clock.setTimeout(() => target.#receive(frame, this.address), airMs)
    }
  }

  #receive(frame: FloodFrame, from: string): void {
    if (!this.#running || !this.#links.has(from)) return
    if (this.#seen.has(frame.id)) {
      this.emit('drop', { reason: 'duplicate' })
      return
    }
    this.#seen.add(frame.id)
    if (frame.kind === 'public') this.emit('message', { text: frame.text, senderPeerId: frame.origin })
    else if (frame.to === this.peerId) {
      this.emit('private-message', { text: frame.text, senderPeerId: frame.origin })
      return
    }
    this.#forward(frame, from)
  }

  #refreshLinks(): void {
    const { world, scenario } = this.#medium.ctx
    for (const address of [...this.#links.keys()]) {
      if (world.sample(this.address, address) === null) this.#closeLink(address, true)
    }
    const max = scenario.radio.ble.maxLinks
    for (const address of world.neighbours(this.address)) {
      if (this.#links.size >= max) break
      if (this.#links.has(address)) continue
      const other = this.#medium.nodes.get(address)
      if (other === undefined || !other.#running || other.#links.size >= max) continue
      const linkId = `${this.address}>${address}`
      this.#links.set(address, linkId)
      other.#links.set(this.address, linkId)
      this.emit('link:open', { linkId, remoteAddress: address })
      other.emit('link:open', { linkId, remoteAddress: this.address })
    }
  }

  #closeLink(address: string, both: boolean): void {
    const linkId = this.#links.get(address)
    if (linkId === undefined) return
    this.#links.delete(address)
    this.emit('link:close', { linkId })
    if (!both) return
    const other = this.#medium.nodes.get(address)
    if (other !== undefined) other.#closeLink(this.address, false)
  }
}

/**
 * The stand-in stack (see the module comment).
 * @returns A {@link NodeStack} named `"flood"`.
 */
export function floodStack(): NodeStack<FloodMedium> {
  return {
    name: 'flood',
    createMedium: (context) => new FloodMedium(context),
    createNode: (medium, context) => new FloodNode(medium, context),
  }
}
