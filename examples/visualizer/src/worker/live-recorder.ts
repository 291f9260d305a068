/**
 * What the visualizer learns from the running simulation, fed by {@link tapStack}: positions (read
 * from the simulator's `World`), open links, who received which public message and when, and
 * running delivery counters computed exactly as `simulate()` computes its final ones (expected
 * receivers = the sender's component of the honest link graph at send time; first receipt only).
 * @module
 */
import { LinkGraph, type MediumContext } from '@bitmesh/simulator'
import type { Clock } from '@bitmesh/interface'
import { latencyBin } from '../shared/latency-histogram.js'
import { LATENCY_BINS, MAX_RECEIPTS_PER_SNAPSHOT, type LiveCounters, type Snapshot } from '../shared/protocol.js'

/**
 * Tag the simulator puts at the start of every message body it sends: `sim:p:<id>|` for public
 * and `sim:q:<id>|` for private messages (the format of `simulate.ts`'s `makeText`).
 */
const TAG_RE = /^sim:([pq]):(\d+)\|/

/** Parsed tag of a simulator message, or `null` for any other text. */
function parseTag(text: string): { kind: 'p' | 'q'; id: number } | null {
  const m = TAG_RE.exec(text)
  if (m === null) return null
  return { kind: m[1] as 'p' | 'q', id: Number(m[2]) }
}

interface PublicRecord {
  sentMs: number
  /** 1 where the node was reachable from the sender at send time. */
  expected: Uint8Array
  /** 1 where the node already received it. */
  received: Uint8Array
}

interface PrivateRecord {
  to: number
  delivered: boolean
}

/** The positions and timing source the recorder needs from the medium. */
type WorldView = Pick<MediumContext['world'], 'x' | 'y' | 'indexOf'>

/** Live state of one simulation run. */
export class LiveRecorder {
  /** Honest nodes. */
  readonly nodes: number
  /** Honest + hostile nodes. */
  readonly total: number
  #world: WorldView | null = null
  #clock: Clock | null = null
  #t0 = 0
  /** Honest link graph (same rule as the simulator's: hostile devices never relay). */
  readonly #honest: LinkGraph
  /** Open link ends per node pair `a * total + b` (a < b), hostile pairs included, for drawing. */
  readonly #pairs = new Map<number, number>()
  #linksDirty = true
  /** Per node: link ID → remote node index. */
  readonly #linkPeer: Array<Map<string, number>>
  readonly #indexOfPeer = new Map<string, number>()
  readonly #publics: PublicRecord[] = []
  readonly #privates: PrivateRecord[] = []
  readonly #counters: LiveCounters = {
    publicSent: 0,
    publicExpected: 0,
    publicDelivered: 0,
    privateSent: 0,
    privateDelivered: 0,
    airFrames: 0,
    openLinks: 0,
  }
  readonly #latencyBins = new Uint32Array(LATENCY_BINS)
  /** Pending events since the last snapshot (flat triples). */
  #sends: number[] = []
  #receipts: number[] = []
  #receiptsDropped = 0

  /**
   * @param nodes - Honest nodes in the scenario.
   * @param hostile - Hostile devices in the scenario.
   * @throws {RangeError} When `nodes` is not a positive integer or `hostile` is negative.
   */
  constructor(nodes: number, hostile = 0) {
    if (!Number.isInteger(nodes) || nodes < 1) throw new RangeError(`nodes must be a positive integer, got ${nodes}`)
    if (!Number.isInteger(hostile) || hostile < 0) throw new RangeError(`hostile must be a non-negative integer, got ${hostile}`)
    this.nodes = nodes
    this.total = nodes + hostile
    this.#honest = new LinkGraph(nodes)
    this.#linkPeer = Array.from({ length: this.total }, () => new Map())
  }

  /**
   * Connect to the world and clock of the medium (called from the tapped `createMedium`).
   * @param context - The simulator's medium context.
   */
  attach(context: { world: WorldView; clock: Clock }): void {
    this.#world = context.world
    this.#clock = context.clock
    // The medium is built before any virtual time passes: now() is the run's time zero.
    this.#t0 = context.clock.now()
  }

  /** @returns Virtual ms since the run started (0 before {@link LiveRecorder.attach}). */
  elapsedMs(): number {
    return this.#clock === null ? 0 : this.#clock.now() - this.#t0
  }

  /** @returns A copy of the running totals. */
  counters(): LiveCounters {
    return { ...this.#counters, openLinks: this.#pairs.size }
  }

  /** @returns The live public latency histogram (a view; do not mutate). */
  latencyBins(): Readonly<Uint32Array> {
    return this.#latencyBins
  }

  /**
   * A node's peer ID is known (after its `start()`).
   * @param index - Node index.
   * @param peerId - Its peer ID, hex.
   */
  peerStarted(index: number, peerId: string): void {
    this.#indexOfPeer.set(peerId, index)
  }

  /** One frame went on the air. */
  transmit(): void {
    this.#counters.airFrames++
  }

  /**
   * A node reported a link opening.
   * @param index - Reporting node.
   * @param linkId - Its link ID.
   * @param remoteAddress - The other end's radio address.
   */
  linkOpen(index: number, linkId: string, remoteAddress: string): void {
    const j = this.#world?.indexOf(remoteAddress)
    if (j === undefined || j === index) return
    this.#linkPeer[index]!.set(linkId, j)
    if (j < this.nodes) this.#honest.add(index, j)
    this.#bumpPair(index, j, 1)
  }

  /**
   * A node reported a link closing.
   * @param index - Reporting node.
   * @param linkId - The link ID it gave at opening.
   */
  linkClose(index: number, linkId: string): void {
    const peers = this.#linkPeer[index]!
    const j = peers.get(linkId)
    if (j === undefined) return
    peers.delete(linkId)
    if (j < this.nodes) this.#honest.remove(index, j)
    this.#bumpPair(index, j, -1)
  }

  #bumpPair(a: number, b: number, delta: number): void {
    const key = a < b ? a * this.total + b : b * this.total + a
    const next = (this.#pairs.get(key) ?? 0) + delta
    if (next <= 0) this.#pairs.delete(key)
    else this.#pairs.set(key, next)
    this.#linksDirty = true
  }

  /**
   * A node is about to send a public message (called before the mesh sees it, like the
   * simulator's own bookkeeping).
   * @param from - Sender index.
   * @param text - Message body.
   */
  publicSent(from: number, text: string): void {
    const tag = parseTag(text)
    if (tag === null || tag.kind !== 'p') return
    const expected = this.#honest.componentMask(from)
    let count = 0
    for (let j = 0; j < this.nodes; j++) count += expected[j]!
    const t = this.elapsedMs()
    this.#publics[tag.id] = { sentMs: t, expected, received: new Uint8Array(this.nodes) }
    this.#counters.publicSent++
    this.#counters.publicExpected += count
    this.#sends.push(tag.id, from, t)
  }

  /**
   * A node emitted `message`.
   * @param index - Receiver index.
   * @param text - Message body.
   */
  publicReceived(index: number, text: string): void {
    const tag = parseTag(text)
    if (tag === null || tag.kind !== 'p') return
    const rec = this.#publics[tag.id]
    if (rec === undefined || index >= this.nodes || rec.received[index] === 1) return
    rec.received[index] = 1
    const t = this.elapsedMs()
    // Every first receipt is drawn; only the expected ones count, as in the simulator's metrics.
    if (rec.expected[index] === 1) {
      this.#counters.publicDelivered++
      this.#latencyBins[latencyBin(t - rec.sentMs)]!++
    }
    if (this.#receipts.length < MAX_RECEIPTS_PER_SNAPSHOT * 3) this.#receipts.push(tag.id, index, t)
    else this.#receiptsDropped++
  }

  /**
   * A node is about to send a private message.
   * @param peerId - Recipient peer ID.
   * @param text - Message body.
   */
  privateSent(peerId: string, text: string): void {
    const tag = parseTag(text)
    if (tag === null || tag.kind !== 'q') return
    this.#privates[tag.id] = { to: this.#indexOfPeer.get(peerId) ?? -1, delivered: false }
    this.#counters.privateSent++
  }

  /**
   * A node emitted `private-message`.
   * @param index - Receiver index.
   * @param text - Message body.
   */
  privateReceived(index: number, text: string): void {
    const tag = parseTag(text)
    if (tag === null || tag.kind !== 'q') return
    const rec = this.#privates[tag.id]
    if (rec === undefined || rec.to !== index || rec.delivered) return
    rec.delivered = true
    this.#counters.privateDelivered++
  }

  /**
   * Take a snapshot and reset the per-snapshot event buffers.
   * @returns The snapshot and the buffers to transfer with it.
   * @throws {Error} Before {@link LiveRecorder.attach}.
   */
  snapshot(): { snapshot: Snapshot; transfer: ArrayBuffer[] } {
    const world = this.#world
    if (world === null) throw new Error('LiveRecorder.snapshot before attach')
    const positions = new Float32Array(this.total * 2)
    for (let i = 0; i < this.total; i++) {
      positions[2 * i] = world.x[i]!
      positions[2 * i + 1] = world.y[i]!
    }
    let links: Uint32Array<ArrayBuffer> | null = null
    if (this.#linksDirty) {
      links = new Uint32Array(this.#pairs.size * 2)
      let k = 0
      for (const key of this.#pairs.keys()) {
        links[k++] = Math.floor(key / this.total)
        links[k++] = key % this.total
      }
      this.#linksDirty = false
    }
    const sends = Float64Array.from(this.#sends)
    const receipts = Float64Array.from(this.#receipts)
    const receiptsDropped = this.#receiptsDropped
    this.#sends = []
    this.#receipts = []
    this.#receiptsDropped = 0
    const latencyBins = this.#latencyBins.slice()
    const transfer: ArrayBuffer[] = [positions.buffer, sends.buffer, receipts.buffer, latencyBins.buffer]
    if (links !== null) transfer.push(links.buffer)
    return {
      snapshot: {
        type: 'snapshot',
        tMs: this.elapsedMs(),
        positions,
        links,
        sends,
        receipts,
        receiptsDropped,
        counters: this.counters(),
        latencyBins,
      },
      transfer,
    }
  }
}
