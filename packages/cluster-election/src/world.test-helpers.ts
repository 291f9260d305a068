/**
 * A tiny deterministic radio world for election tests: nodes at fixed or walking positions
 * (straight lines bouncing off the area's edges, or random waypoint), the simulator's
 * log-distance path loss (0 dBm TX, 40 dB at 1 m, exponent 2.7) plus seeded Gaussian noise per
 * beacon, control messages delivered after every node stepped.
 */
import { type Beacon } from './beacon.js'
import { type ClusterControlMessage } from './control.js'
import { ClusterElection, type ElectionConfig, type SelfStatus } from './election.js'
import { idKey } from './id-key.js'
import { ClusterNeighborTable } from './neighbor-table.js'
import { gaussian, idOf, seeded } from './testing.test-helpers.js'

/** One simulated node. */
export interface WorldNode {
  index: number
  id: Uint8Array
  x: number
  y: number
  /** Velocity, m/s. */
  vx: number
  vy: number
  table: ClusterNeighborTable
  election: ClusterElection
}

/** World options. */
export interface WorldOptions {
  positions: { x: number; y: number; vx?: number; vy?: number }[]
  status: (i: number) => SelfStatus
  seed: number
  /** Per-sample RSSI noise σ, dB. */
  noiseDb: number
  /** Beacons heard per neighbour per 5 s window (default 5). */
  samplesPerWindow?: number
  /** Weakest RSSI that is heard at all (default −95 dBm). */
  sensitivityDbm?: number
  /** Side of the square area in metres for walkers to bounce in (default: no bounds). */
  areaM?: number
  /** Random-waypoint mobility inside `areaM` (overrides velocities): walk to a uniform point, pause, repeat. */
  waypoint?: { speedMps: number; pauseS: number }
  config?: Partial<ElectionConfig>
}

/** Deterministic world of elections. */
export class World {
  readonly nodes: WorldNode[]
  nowMs = 0
  private readonly rand: () => number
  private readonly opts: WorldOptions
  private readonly byKey = new Map<string, WorldNode>()
  private outbox: { from: WorldNode; to: Uint8Array | null; msg: ClusterControlMessage }[] = []
  /** Messages sent, by kind. */
  readonly sent = new Map<string, number>()

  constructor(opts: WorldOptions) {
    this.opts = opts
    this.rand = seeded(opts.seed)
    this.nodes = opts.positions.map((p, index) => {
      const id = idOf(index + 1)
      const table = new ClusterNeighborTable()
      const node: WorldNode = {
        index,
        id,
        x: p.x,
        y: p.y,
        vx: p.vx ?? 0,
        vy: p.vy ?? 0,
        table,
        election: undefined as unknown as ClusterElection,
      }
      node.election = new ClusterElection({
        selfId: id,
        table,
        self: opts.status(index),
        ...opts.config,
        send: (to, msg) => {
          this.outbox.push({ from: node, to, msg })
          this.sent.set(msg.kind, (this.sent.get(msg.kind) ?? 0) + 1)
        },
      })
      this.byKey.set(idKey(id), node)
      return node
    })
  }

  /** Mean RSSI between two nodes, dBm. */
  meanRssi(a: WorldNode, b: WorldNode): number {
    const d = Math.max(1, Math.hypot(a.x - b.x, a.y - b.y))
    return -40 - 27 * Math.log10(d)
  }

  /** Advance one 5 s window: scan, close windows, step, deliver messages. */
  window(): void {
    const n = this.opts.samplesPerWindow ?? 5
    const sens = this.opts.sensitivityDbm ?? -95
    const beacons: Beacon[] = this.nodes.map((x) => x.election.beacon())
    const start = this.nowMs
    for (const rx of this.nodes) {
      for (const tx of this.nodes) {
        if (rx === tx) continue
        const mean = this.meanRssi(rx, tx)
        if (mean < sens - 10) continue
        for (let s = 0; s < n; s++) {
          const r = Math.round(mean + this.opts.noiseDb * gaussian(this.rand))
          if (r >= sens) rx.table.observe(beacons[tx.index]!, r, start + ((s + 0.5) * 5_000) / n)
        }
      }
    }
    this.nowMs = start + 5_000
    for (const node of this.nodes) node.table.tick(this.nowMs)
    for (const node of this.nodes) node.election.step(this.nowMs)
    this.deliver()
    this.move(5)
  }

  /** Deliver queued control messages (a broadcast reaches nodes whose mean RSSI is above sensitivity). */
  deliver(): void {
    while (this.outbox.length > 0) {
      const batch = this.outbox
      this.outbox = []
      for (const { from, to, msg } of batch) {
        if (to === null) {
          for (const rx of this.nodes) {
            if (rx !== from && this.meanRssi(rx, from) >= (this.opts.sensitivityDbm ?? -95)) rx.election.onControl(from.id, msg, this.nowMs)
          }
        } else this.byKey.get(idKey(to))?.election.onControl(from.id, msg, this.nowMs)
      }
    }
  }

  /** Total head changes (affiliation changes) across nodes. */
  headChanges(): number {
    return this.nodes.reduce((a, n) => a + n.election.headChanges, 0)
  }

  /** Total role changes (becoming or ceasing to be head) across nodes. */
  roleChanges(): number {
    return this.nodes.reduce((a, n) => a + n.election.roleChanges, 0)
  }

  private readonly targets = new Map<WorldNode, { x: number; y: number; pauseUntilMs: number }>()

  private move(seconds: number): void {
    const area = this.opts.areaM
    const wp = this.opts.waypoint
    if (wp !== undefined && area !== undefined) {
      for (const node of this.nodes) {
        let t = this.targets.get(node)
        if (t === undefined) this.targets.set(node, (t = { x: this.rand() * area, y: this.rand() * area, pauseUntilMs: 0 }))
        if (this.nowMs < t.pauseUntilMs) continue
        const dx = t.x - node.x
        const dy = t.y - node.y
        const dist = Math.hypot(dx, dy)
        const step = wp.speedMps * seconds
        if (dist <= step) {
          node.x = t.x
          node.y = t.y
          t.x = this.rand() * area
          t.y = this.rand() * area
          t.pauseUntilMs = this.nowMs + wp.pauseS * 1000
        } else {
          node.x += (dx / dist) * step
          node.y += (dy / dist) * step
        }
      }
      return
    }
    for (const node of this.nodes) {
      node.x += node.vx * seconds
      node.y += node.vy * seconds
      if (area !== undefined) {
        if (node.x < 0 || node.x > area) node.vx = -node.vx
        if (node.y < 0 || node.y > area) node.vy = -node.vy
      }
    }
  }
}
