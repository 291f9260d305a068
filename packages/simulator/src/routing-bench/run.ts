/**
 * Run every relay policy on every cell of the routing matrix and collect one row per run.
 * @module
 */
import { RELAY_POLICIES } from '../mesh-stack.js'
import { runScenario } from '../run.js'
import { applyOverrides } from '../scenario.js'
import type { SimulationMetrics } from '../simulate.js'
import { greedyCdsSize } from './cds.js'
import { cellName, routingCells, routingScenario, type RoutingCell } from './matrix.js'

/** The policies compared by default (every gossip-router policy). */
export const ROUTING_BENCH_POLICIES: readonly string[] = Object.freeze(['flood', 'bitchat-ios', 'bitchat-android', 'blip', 'meshtastic', 'bitmesh'])

/** One run: a policy on a cell. */
export interface RoutingRow {
  cell: string
  nodes: number
  mobility: RoutingCell['mobility']
  lossRate: number
  spacingM: number
  policy: string
  publicRatio: number | null
  publicP50Ms: number | null
  publicP95Ms: number | null
  privateRatio: number | null
  privateSent: number
  frames: number
  /** (a) Every frame on the air per delivered message (public + private). */
  framesPerDelivered: number | null
  /** Public MESSAGE frames the nodes sent (relays and originals; no sync answers). */
  publicFrames: number
  /** NOISE_ENCRYPTED + NOISE_HANDSHAKE frames (private messages, receipts, handshakes). */
  privateFrames: number
  /** (b) Message-relay frames (public + private message frames, no announces, sync or handshakes) per delivered message. */
  messageFramesPerDelivered: number | null
  /** Public message frames per delivered public message. */
  publicFramesPerDelivered: number | null
  /** Private frames (handshakes included) per delivered private message. */
  privateFramesPerDelivered: number | null
  /** Announce + sync + other frames per node per simulated second: the fixed overhead. */
  overheadFramesPerNodeS: number
  /** Greedy connected-dominating-set size of the final link graph (lower bound on relays). */
  cdsSize: number
  wallS: number
}

/** Options of {@link runRoutingBench}. */
export interface RoutingBenchOptions {
  /** Crowd sizes (default: the 100, 1 000, 10 000). */
  sizes?: readonly number[]
  /** Policies (default {@link ROUTING_BENCH_POLICIES}). */
  policies?: readonly string[]
  /** Simulated seconds per run (default 60). */
  durationS?: number
  /** Seed of every cell (default 5). */
  seed?: number
  /** Only cells whose name contains this text. */
  filter?: string
  /** Called before each run. */
  onRun?: (index: number, total: number, cell: string, policy: string) => void
  /** Called after each run with its row (e.g. to save rows as they come). */
  onRow?: (row: RoutingRow) => void
  /** Only these mobility models (default both). */
  mobility?: ReadonlyArray<RoutingCell['mobility']>
  /** Only these link losses, 0…1 (default 0 and 0.1). */
  losses?: readonly number[]
  /** Only these spacings, m (default 10 and 25). */
  spacingsM?: readonly number[]
  /** Run with cluster mode on (issue #6); rows name the policy `<policy>+clusters`. */
  clusters?: boolean
}

/**
 * Run the matrix.
 * @param options - See {@link RoutingBenchOptions}.
 * @returns One row per (cell, policy), cells in matrix order.
 * @throws RangeError for an unknown policy name.
 */
export async function runRoutingBench(options: RoutingBenchOptions = {}): Promise<RoutingRow[]> {
  const policies = options.policies ?? ROUTING_BENCH_POLICIES
  for (const p of policies) if (RELAY_POLICIES[p] === undefined) throw new RangeError(`unknown policy ${JSON.stringify(p)}`)
  const cells = routingCells(options.sizes).filter(
    (c) =>
      (options.filter === undefined || cellName(c).includes(options.filter)) &&
      (options.mobility === undefined || options.mobility.includes(c.mobility)) &&
      (options.losses === undefined || options.losses.some((l) => Math.abs(l - c.lossRate) < 1e-9)) &&
      (options.spacingsM === undefined || options.spacingsM.includes(c.spacingM)),
  )
  const rows: RoutingRow[] = []
  const total = cells.length * policies.length
  for (const cell of cells) {
    const scenario = routingScenario(cell, { durationS: options.durationS ?? 60, seed: options.seed ?? 5 })
    for (const policy of policies) {
      options.onRun?.(rows.length, total, scenario.name, policy)
      const result = await runScenario(applyOverrides(scenario, { policy, ...(options.clusters === true ? { clusters: true } : {}) }))
      const label = options.clusters === true ? `${policy}+clusters` : policy // cluster mode (issue #6)
      const row = toRow(cell, scenario.name, label, result.metrics, greedyCdsSize(cell.nodes, result.report.edges))
      rows.push(row)
      options.onRow?.(row)
    }
  }
  return rows
}

const per = (frames: number, delivered: number): number | null => (delivered === 0 ? null : Math.round((frames / delivered) * 100) / 100)

function toRow(cell: RoutingCell, name: string, policy: string, m: SimulationMetrics, cdsSize: number): RoutingRow {
  const stat = (k: string): number => m.nodeStats[k] ?? 0
  const publicFrames = stat('publicFramesSent')
  const privateMessageFrames = stat('privateFramesSent')
  const privateFrames = privateMessageFrames + stat('handshakeFramesSent')
  const overhead = stat('announceFramesSent') + stat('syncFramesSent') + stat('otherFramesSent')
  return {
    cell: name,
    nodes: cell.nodes,
    mobility: cell.mobility,
    lossRate: cell.lossRate,
    spacingM: cell.spacingM,
    policy,
    publicRatio: m.public.deliveryRatio,
    publicP50Ms: m.public.latencyMs.p50,
    publicP95Ms: m.public.latencyMs.p95,
    privateRatio: m.private.deliveryRatio,
    privateSent: m.private.sent,
    frames: m.transmissions.frames,
    framesPerDelivered: m.transmissions.perDeliveredMessage,
    publicFrames,
    privateFrames,
    messageFramesPerDelivered: per(publicFrames + privateMessageFrames, m.public.delivered + m.private.delivered),
    publicFramesPerDelivered: per(publicFrames, m.public.delivered),
    privateFramesPerDelivered: per(privateFrames, m.private.delivered),
    overheadFramesPerNodeS: Math.round((overhead / (cell.nodes * m.durationS)) * 100) / 100,
    cdsSize,
    wallS: m.wallS,
  }
}
