/**
 * Messages between the page and the simulation worker. Everything here is structured-clone
 * friendly; the large per-snapshot arrays travel as transfers (no copy).
 * @module
 */
import type { SimulationMetrics } from '@bitmesh/simulator'

/** What the page asks the worker to run; `null` fields keep the built-in scenario's value. */
export interface RunControls {
  /** Built-in scenario name (`BUILTIN_SCENARIOS`). */
  builtin: string
  /** Relay policy name (a key of `RELAY_POLICIES`). */
  policy: string
  /** Crowd size; the area is scaled to keep the scenario's density. */
  nodes: number | null
  /** Per-frame loss probability on every link, 0–1. */
  lossRate: number | null
  /** `scenario` keeps the built-in's mobility; `walking` is random waypoint at 1.4 m/s. */
  mobility: 'scenario' | 'static' | 'walking'
  /** Scenario seed. */
  seed: number | null
  /** Simulated duration, s. */
  durationS: number | null
  /** Virtual seconds per wall second; `0` runs as fast as the CPU allows. */
  speed: number
}

/** Page → worker: run once, or describe the built-ins and policies (any number of times). */
export type ToWorker = { type: 'run'; controls: RunControls } | { type: 'catalog' }

/** Defaults of one built-in scenario, for the controls. */
export interface BuiltinInfo {
  name: string
  description: string
  nodes: number
  lossRate: number
  seed: number
  durationS: number
  policy: string
  mobility: string
  /** Partitioned worlds fix their crowd size (crowd members + couriers). */
  fixedCrowd: boolean
  /** Traffic starts this long after the start, s (`traffic.startS`). */
  trafficStartS: number
  /** Traffic stops this long before the end, s (`traffic.quietS`). */
  trafficQuietS: number
}

/** The answer to `catalog`: what the controls may offer. */
export interface Catalog {
  type: 'catalog'
  builtins: BuiltinInfo[]
  /** Keys of the simulator's `RELAY_POLICIES`. */
  policies: string[]
}

/** Static facts of a run, sent once before the first snapshot. */
export interface RunInfo {
  type: 'info'
  scenario: string
  description: string
  /** Honest nodes (indices `0 … nodes − 1`). */
  nodes: number
  /** Hostile devices (indices `nodes … nodes + hostile − 1`). */
  hostile: number
  widthM: number
  heightM: number
  rangeM: number
  durationS: number
  policy: string
  seed: number
  lossRate: number
  mobility: string
}

/**
 * One throttled view of the running world (at most every {@link SNAPSHOT_INTERVAL_MS} of wall
 * time). Event arrays hold only what happened since the previous snapshot.
 */
export interface Snapshot {
  type: 'snapshot'
  /** Virtual ms since the start. */
  tMs: number
  /** Node positions, metres, interleaved `x0, y0, x1, y1, …` (honest nodes, then hostile). */
  positions: Float32Array
  /** Open links as index pairs `a0, b0, a1, b1, …` (a < b); `null` when unchanged since the last snapshot. */
  links: Uint32Array | null
  /** Public sends since the last snapshot, triples `messageId, senderIndex, tMs`. */
  sends: Float64Array
  /** First receipts of public messages since the last snapshot, triples `messageId, nodeIndex, tMs`. */
  receipts: Float64Array
  /** Receipts left out of this snapshot because of {@link MAX_RECEIPTS_PER_SNAPSHOT}. */
  receiptsDropped: number
  /** Running totals. */
  counters: LiveCounters
  /** Public latency histogram counts over {@link LATENCY_BINS} log bins (see `latency-histogram.ts`). */
  latencyBins: Uint32Array
}

/** Running totals the worker keeps while the simulation runs. */
export interface LiveCounters {
  publicSent: number
  /** (message, receiver) pairs reachable over the link graph at send time. */
  publicExpected: number
  /** Expected pairs that arrived. */
  publicDelivered: number
  privateSent: number
  privateDelivered: number
  /** Frames on the air (one per receiver, lost ones included). */
  airFrames: number
  /** Links open now (distinct node pairs). */
  openLinks: number
}

/** The run finished; `metrics` is the simulator's own authoritative summary. */
export interface RunDone {
  type: 'done'
  metrics: SimulationMetrics
  /** Wall time of the whole run, ms. */
  wallMs: number
}

/** The run could not start or failed. */
export interface RunFailed {
  type: 'error'
  message: string
}

/** Worker → page. */
export type FromWorker = Catalog | RunInfo | Snapshot | RunDone | RunFailed

/** Minimum wall time between two snapshots, ms (~10 fps keeps the page's work bounded). */
export const SNAPSHOT_INTERVAL_MS = 100

/** Most public receipts carried by one snapshot (bounds a snapshot of a huge crowd to ~1.2 MB). */
export const MAX_RECEIPTS_PER_SNAPSHOT = 50_000

/** Bins of the live latency histogram. */
export const LATENCY_BINS = 64
