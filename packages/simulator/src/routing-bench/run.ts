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
  framesPerDelivered: number | null
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
  const cells = routingCells(options.sizes).filter((c) => options.filter === undefined || cellName(c).includes(options.filter))
  const rows: RoutingRow[] = []
  const total = cells.length * policies.length
  for (const cell of cells) {
    const scenario = routingScenario(cell, { durationS: options.durationS ?? 60, seed: options.seed ?? 5 })
    for (const policy of policies) {
      options.onRun?.(rows.length, total, scenario.name, policy)
      const result = await runScenario(applyOverrides(scenario, { policy }))
      rows.push(toRow(cell, scenario.name, policy, result.metrics, greedyCdsSize(cell.nodes, result.report.edges)))
    }
  }
  return rows
}

function toRow(cell: RoutingCell, name: string, policy: string, m: SimulationMetrics, cdsSize: number): RoutingRow {
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
    cdsSize,
    wallS: m.wallS,
  }
}
