/**
 * The scenario matrix of `bitmesh bench routing` (issue 5): crowd size × mobility × link loss ×
 * spacing, every cell a seeded scenario that every relay policy runs unchanged.
 * @module
 */
import { parseScenario, type Scenario } from '../scenario.js'

/** One cell of the matrix. */
export interface RoutingCell {
  nodes: number
  mobility: 'static' | 'walking'
  /** Per-frame loss on every link, 0…1. */
  lossRate: number
  /** Mean spacing between neighbouring people, m (dense 10, sparse 25). */
  spacingM: number
}

/** The crowd sizes. */
export const ROUTING_BENCH_SIZES: readonly number[] = Object.freeze([100, 1_000, 10_000])
/** The spacings, m. */
export const ROUTING_BENCH_SPACINGS_M = Object.freeze({ dense: 10, sparse: 25 })
/** The link losses. */
export const ROUTING_BENCH_LOSSES: readonly number[] = Object.freeze([0, 0.1])
/** BLE range in every cell, m. */
export const ROUTING_BENCH_RANGE_M = 30

/**
 * Every cell for the given sizes, in a stable order (size, mobility, loss, spacing).
 * @param sizes - Crowd sizes (default {@link ROUTING_BENCH_SIZES}).
 * @returns The cells.
 */
export function routingCells(sizes: readonly number[] = ROUTING_BENCH_SIZES): RoutingCell[] {
  const cells: RoutingCell[] = []
  for (const nodes of sizes) {
    for (const mobility of ['static', 'walking'] as const) {
      for (const lossRate of ROUTING_BENCH_LOSSES) {
        for (const spacingM of [ROUTING_BENCH_SPACINGS_M.dense, ROUTING_BENCH_SPACINGS_M.sparse]) cells.push({ nodes, mobility, lossRate, spacingM })
      }
    }
  }
  return cells
}

/**
 * A short, unique name of a cell, e.g. `n1000-static-loss10-dense`.
 * @param cell - The cell.
 * @returns The name.
 */
export function cellName(cell: RoutingCell): string {
  const spacing = cell.spacingM === ROUTING_BENCH_SPACINGS_M.dense ? 'dense' : cell.spacingM === ROUTING_BENCH_SPACINGS_M.sparse ? 'sparse' : `s${cell.spacingM}m`
  return `n${cell.nodes}-${cell.mobility}-loss${Math.round(cell.lossRate * 100)}-${spacing}`
}

/**
 * The scenario of a cell: a square of side spacing·√n with random placement, BLE range 30 m,
 * 8 links per node, walking at 1.4 m/s with 30 s pauses when mobile, one public message per second
 * and one private message every two seconds across the crowd after a 20 s warm-up.
 * @param cell - The cell.
 * @param options - Duration and seed.
 * @returns A validated scenario (policy left at `default`).
 */
export function routingScenario(cell: RoutingCell, options: { durationS: number; seed: number }): Scenario {
  const side = cell.spacingM * Math.sqrt(cell.nodes)
  return parseScenario(
    {
      name: cellName(cell),
      description: `routing bench cell: ${cell.nodes} nodes, ${cell.mobility}, ${Math.round(cell.lossRate * 100)} % loss, ${cell.spacingM} m spacing`,
      seed: options.seed,
      durationS: options.durationS,
      area: { widthM: side, heightM: side },
      nodes: {
        count: cell.nodes,
        placement: 'random',
        mobility: cell.mobility === 'static' ? 'static' : { model: 'random-waypoint', speedMps: 1.4, pauseS: 30 },
        bootSpreadS: 10,
      },
      radio: { ble: { rangeM: ROUTING_BENCH_RANGE_M, lossRate: cell.lossRate, maxLinks: 8, mtu: 512, kbps: 250 } },
      traffic: { publicMessagesPerSecond: 1, privateMessagesPerSecond: 0.5, payloadBytes: 64, startS: 20, quietS: Math.min(20, options.durationS / 4) },
    },
    `routing bench ${cellName(cell)}`,
  )
}
