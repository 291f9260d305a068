/**
 * @packageDocumentation
 * `@bitmesh/simulator`: a deterministic, virtual-time crowd of BitMesh nodes. It runs the real
 * transport-ble (simulated adapter on a shared {@link World}-driven radio), noise, wire-format and
 * mesh code; the world adds positions, walking, log-distance path loss with shadowing, per-link
 * loss, bandwidth, MTU, connection limits and a battery model. One scenario + seed ⇒ one result.
 *
 * @example
 * ```ts
 * import { builtinScenario, runScenario } from '@bitmesh/simulator'
 *
 * const scenario = builtinScenario('room-25')!
 * const { metrics } = await runScenario(scenario)
 * console.log(metrics.public.deliveryRatio, metrics.public.latencyMs.p50)
 * ```
 */
export { SeededRng, deriveSeed, splitmix32 } from './rng.js'
export { VirtualClock, DEFAULT_EPOCH_MS, flushMicrotasks } from './virtual-clock.js'
export { DEFAULT_PATH_LOSS, REFERENCE_DISTANCE_M, meanRssiDbm, maxRangeM, pairShadowingDb, type PathLossParameters } from './path-loss.js'
export { World, WALKING_SPEED_MPS, type WorldOptions, type Placement, type Mobility, type LinkSample } from './world.js'
export { LinkGraph } from './link-graph.js'
export {
  BatteryModel,
  BATTERY_CAPACITY_MAH,
  RADIO_BASELINE_MA,
  LINK_CURRENT_MA,
  TX_CURRENT_MA,
  RX_CURRENT_MA,
  AIR_SECONDS_PER_BYTE,
} from './battery.js'
export { VerifyCache, withVerifyCache, DEFAULT_VERIFY_CACHE_ENTRIES, type VerifyCacheStats } from './verify-cache.js'
export {
  scenarioSchema,
  parseScenario,
  parseScenarioJson,
  applyOverrides,
  ScenarioError,
  MAX_NODES,
  MAX_HOSTILE_NODES,
  type Scenario,
  type ScenarioInput,
  type ScenarioIssue,
  type ScenarioOverrides,
} from './scenario.js'
export { builtinScenario, BUILTIN_SCENARIOS } from './builtins.js'
export { percentile, latencyPercentiles, ratio, type Percentiles } from './stats.js'
export type { NodeStack, SimNode, SimNodeEvents, MediumContext, NodeContext } from './node-stack.js'
export { floodStack, FLOOD_LINK_CHECK_MS } from './flood-stack.js'
export { meshStack, RELAY_POLICIES } from './mesh-stack.js'
// Cluster mode (issue #6).
export { clusterProfile, ClusterTracker, ANDROID_SHARE, BATTERY_MIN_PERCENT, CHARGING_SHARE, EST_LIFE_MIN_PER_PERCENT, CLUSTER_WARMUP_MS, type ClusterMetrics } from './clusters.js'
export {
  createHostileNode,
  HOSTILE_BEHAVIOURS,
  DEFAULT_HOSTILE_RATES_PER_S,
  HOSTILE_REPLAY_BUFFER_FRAMES,
  HOSTILE_FRAGMENT_TOTAL,
  HOSTILE_FRAGMENT_DATA_BYTES,
  type HostileBehaviour,
  type HostileNode,
  type HostileNodeOptions,
  type HostileStats,
} from './hostile-node.js'
export {
  simulate,
  MOBILITY_STEP_MS,
  STOP_GRACE_MS,
  TIMELINE_BUCKET_MS,
  MAX_REPORT_SAMPLES,
  MEMORY_SAMPLE_EVERY_SECOND_MAX_NODES,
  type PeakIndicator,
  type SimulateOptions,
  type SimulationResult,
  type SimulationMetrics,
  type SimulationReportData,
  type SimulationProgress,
  type DeliveryMetrics,
  type TimelineBucket,
} from './simulate.js'
export { runScenario, type RunScenarioOptions } from './run.js'
export { renderHtmlReport } from './report-html.js'
export * from './routing-bench/index.js'
// Files across hops with upgraded links (issue #7).
export { meteredTransport, type FrameMeter } from './fast-links.js'
export { WifiEnergyModel, WIFI_IDLE_MA, WIFI_TX_MA, WIFI_RX_MA } from './wifi-energy.js'
export { runFileLine, type FileLineOptions, type FileLineResult } from './file-line.js'
