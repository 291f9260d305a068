/**
 * Scenario files: JSON describing one simulated world, validated with zod. Unknown keys are
 * errors (a typo must not silently fall back to a default), and every error names the JSON path.
 * @module
 */
import { z } from 'zod'
import { WALKING_SPEED_MPS } from './world.js'
import { DEFAULT_HOSTILE_RATES_PER_S, HOSTILE_BEHAVIOURS } from './hostile-node.js'
import { partitionNodeCount } from './partition.js'

/** Largest number of hostile nodes a scenario may ask for. */
export const MAX_HOSTILE_NODES = 100

const rate = z.number().min(0).max(1_000)
const hostileSchema = z
  .object({
    /** Hostile devices, placed at random in the area (after the honest crowd is placed). */
    count: z.number().int().min(0).max(MAX_HOSTILE_NODES),
    /** What they do (default: everything). */
    behaviours: z
      .array(z.enum(HOSTILE_BEHAVIOURS))
      .min(1)
      .default([...HOSTILE_BEHAVIOURS]),
    /** Frames per second per behaviour and hostile node, each sent on every open link. */
    ratesPerS: z
      .object({
        malformed: rate.default(DEFAULT_HOSTILE_RATES_PER_S.malformed),
        'announce-flood': rate.default(DEFAULT_HOSTILE_RATES_PER_S['announce-flood']),
        'fragment-flood': rate.default(DEFAULT_HOSTILE_RATES_PER_S['fragment-flood']),
        replay: rate.default(DEFAULT_HOSTILE_RATES_PER_S.replay),
        'forged-signature': rate.default(DEFAULT_HOSTILE_RATES_PER_S['forged-signature']),
      })
      .strict()
      .default({}),
    /** The abuse starts this long after the run starts, s. */
    startS: z.number().min(0).default(5),
  })
  .strict()

/** Largest crowd a scenario may ask for. */
export const MAX_NODES = 20_000

/** Most crowds a partitioned scenario may have. */
export const MAX_PARTITION_CROWDS = 16

const partitionSchema = z
  .object({
    /** Crowds standing in discs; their members are the first nodes, in crowd order. */
    crowds: z
      .array(
        z
          .object({
            xM: z.number().min(0).max(100_000),
            yM: z.number().min(0).max(100_000),
            radiusM: z.number().min(0).max(10_000),
            count: z.number().int().min(1).max(MAX_NODES),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_PARTITION_CROWDS),
    /** Couriers (the last nodes) walking the crowd centres in order and back. */
    couriers: z
      .object({
        count: z.number().int().min(0).max(1_000).default(1),
        speedMps: z.number().positive().max(50).default(WALKING_SPEED_MPS),
        /** Pause at each crowd centre, s. */
        pauseS: z.number().min(0).max(86_400).default(0),
      })
      .strict()
      .default({}),
  })
  .strict()

const mobilitySchema = z.union([
  z.literal('static').transform(() => ({ model: 'static' as const })),
  z.literal('random-waypoint').transform(() => ({ model: 'random-waypoint' as const, speedMps: WALKING_SPEED_MPS, pauseS: 0 })),
  z.object({ model: z.literal('static') }).strict(),
  z
    .object({
      model: z.literal('random-waypoint'),
      speedMps: z.number().positive().max(50).default(WALKING_SPEED_MPS),
      pauseS: z.number().min(0).default(0),
    })
    .strict(),
])

const pathLossSchema = z
  .object({
    txPowerDbm: z.number().min(-40).max(20),
    referenceLossDb: z.number().min(0).max(100),
    exponent: z.number().min(1).max(6),
    shadowingSigmaDb: z.number().min(0).max(20),
    sensitivityDbm: z.number().min(-120).max(-30),
  })
  .strict()
  .partial()

/** The zod schema of a scenario file. */
export const scenarioSchema = z
  .object({
    name: z.string().min(1).max(100),
    description: z.string().max(1000).optional(),
    seed: z.number().int().min(0).max(0xffff_ffff),
    durationS: z.number().positive().max(86_400),
    area: z.object({ widthM: z.number().positive().max(100_000), heightM: z.number().positive().max(100_000) }).strict(),
    nodes: z
      .object({
        count: z.number().int().min(1).max(MAX_NODES),
        placement: z.enum(['grid', 'random']).default('random'),
        mobility: mobilitySchema.default('static'),
        /** Nodes switch on at uniform random times in [0, bootSpreadS) (real crowds do not boot in lockstep), s. */
        bootSpreadS: z.number().min(0).max(3_600).default(0),
      })
      .strict(),
    radio: z
      .object({
        ble: z
          .object({
            /** Hard range cut-off, m. */
            rangeM: z.number().positive().max(1_000),
            /** Per-frame loss probability on every link. */
            lossRate: z.number().min(0).max(1).default(0),
            /** Connection limit per node (transport-ble `maxLinks`). */
            maxLinks: z.number().int().min(1).max(64).default(8),
            /** Link MTU, bytes (payload per write/notify; ATT MTU − 3). */
            mtu: z.number().int().min(20).max(514).default(512),
            /** Air bandwidth of one link, kbit/s. */
            kbps: z.number().positive().max(2_000).default(250),
            pathLoss: pathLossSchema.optional(),
          })
          .strict(),
      })
      .strict(),
    traffic: z
      .object({
        /** Public messages per simulated second across the whole crowd (Poisson). */
        publicMessagesPerSecond: z.number().min(0).max(10_000),
        /** Private messages per simulated second across the whole crowd (Poisson). */
        privateMessagesPerSecond: z.number().min(0).max(10_000).default(0),
        /** UTF-8 bytes of each message body. */
        payloadBytes: z.number().int().min(16).max(4_096).default(64),
        /** Traffic starts after this warm-up (links form, announces spread), s. */
        startS: z.number().min(0).default(10),
        /** Traffic stops this long before the end so the last messages can arrive, s. */
        quietS: z.number().min(0).default(10),
        /**
         * Recipients of private messages: `reachable` — a verified peer of the sender reachable
         * over the link graph now; `other-crowd` — any started member of another crowd of
         * `partition` (senders are crowd members), reachable or not: the store-and-forward case.
         */
        privateRecipients: z.enum(['reachable', 'other-crowd']).default('reachable'),
      })
      .strict(),
    policy: z
      .object({
        /** Relay policy: `default` is the mesh's default (bitchat iOS rules, wire spec §6.3). */
        relay: z.string().min(1).default('default'),
      })
      .strict()
      .default({}),
    /** Hostile devices among the crowd (never senders or recipients of measured traffic). */
    hostile: hostileSchema.optional(),
    /** Crowds out of range of each other and couriers between them (replaces placement and mobility). */
    partition: partitionSchema.optional(),
    /** Run the mesh with store-and-forward (outbox, relay spool and cache; `@bitmesh/store-forward`). */
    storeForward: z.boolean().default(true),
    /** Cluster mode (issue #6): mixed iOS/Android crowd, heads, sleeping members (`clusters.ts`). */
    clusters: z.boolean().default(false),
    /**
     * With `clusters`: how members save power. `light` (default, `true`): links kept, cluster-member
     * scanning; `deep`: 30 s cycles with the radio off; `false`: fully awake.
     */
    clusterSleep: z.union([z.boolean(), z.enum(['light', 'deep'])]).default('light'),
  })
  .strict()

/** Checks across fields that the schema cannot express. */
function crossFieldIssues(scenario: z.output<typeof scenarioSchema>): ScenarioIssue[] {
  const issues: ScenarioIssue[] = []
  const partition = scenario.partition
  if (partition !== undefined && partitionNodeCount(partition) !== scenario.nodes.count) {
    issues.push({
      path: 'nodes.count',
      message: `must equal the partition's crowd members plus couriers (${partitionNodeCount(partition)})`,
    })
  }
  if (scenario.traffic.privateRecipients === 'other-crowd' && (partition === undefined || partition.crowds.length < 2)) {
    issues.push({ path: 'traffic.privateRecipients', message: '"other-crowd" needs a partition with at least two crowds' })
  }
  return issues
}

/** A scenario as written in a file (defaults optional). */
export type ScenarioInput = z.input<typeof scenarioSchema>
/** A validated scenario with defaults filled. */
export type Scenario = z.output<typeof scenarioSchema>

/** One problem found in a scenario. */
export interface ScenarioIssue {
  /** JSON path such as `radio.ble.lossRate` (`<root>` for the whole document). */
  path: string
  message: string
}

/** A scenario file failed to parse or validate. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError'
  /** Every problem, each with its JSON path. */
  readonly issues: readonly ScenarioIssue[]

  /**
   * @param source - What was being read (file name or builtin name).
   * @param issues - The problems.
   */
  constructor(source: string, issues: readonly ScenarioIssue[]) {
    super(`invalid scenario ${source}:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`)
    this.issues = issues
  }
}

function formatPath(path: ReadonlyArray<string | number>): string {
  if (path.length === 0) return '<root>'
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')
}

/**
 * Validate a parsed scenario object.
 * @param value - Parsed JSON.
 * @param source - Name used in error messages.
 * @returns The scenario with defaults filled.
 * @throws {ScenarioError} Listing every problem with its path.
 */
export function parseScenario(value: unknown, source = 'scenario'): Scenario {
  const result = scenarioSchema.safeParse(value)
  if (result.success) {
    const issues = crossFieldIssues(result.data)
    if (issues.length === 0) return result.data
    throw new ScenarioError(source, issues)
  }
  const issues = result.error.issues.map((issue) => {
    let message = issue.message
    if (issue.code === 'unrecognized_keys') message = `unknown key(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`
    return { path: formatPath(issue.path), message }
  })
  throw new ScenarioError(source, issues)
}

/**
 * Parse and validate scenario JSON text.
 * @param text - File contents.
 * @param source - Name used in error messages.
 * @returns The scenario.
 * @throws {ScenarioError} On invalid JSON (path `<root>`) or an invalid scenario.
 */
export function parseScenarioJson(text: string, source = 'scenario'): Scenario {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new ScenarioError(source, [{ path: '<root>', message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` }])
  }
  return parseScenario(value, source)
}

/** Command-line style overrides of a scenario. */
export interface ScenarioOverrides {
  seed?: number
  nodes?: number
  durationS?: number
  /** Relay policy name (`policy.relay`). */
  policy?: string
  /** Store-and-forward on or off (`storeForward`). */
  storeForward?: boolean
  /** Cluster mode on or off (`clusters`, issue #6). */
  clusters?: boolean
  /** How members sleep (`clusterSleep`: `light`/`true`, `deep`, or `false` for awake). */
  clusterSleep?: boolean | 'light' | 'deep'
}

/**
 * Apply overrides and re-validate. When the node count changes, the area is scaled to keep the
 * crowd density (nodes per m²) of the original scenario.
 * @param scenario - A valid scenario.
 * @param overrides - Values to replace.
 * @returns A new validated scenario.
 * @throws {ScenarioError} When an override is out of range.
 */
export function applyOverrides(scenario: Scenario, overrides: ScenarioOverrides): Scenario {
  const next = structuredClone(scenario) as Scenario
  if (overrides.seed !== undefined) next.seed = overrides.seed
  if (overrides.durationS !== undefined) next.durationS = overrides.durationS
  if (overrides.policy !== undefined) next.policy = { ...next.policy, relay: overrides.policy }
  if (overrides.storeForward !== undefined) next.storeForward = overrides.storeForward
  if (overrides.clusters !== undefined) next.clusters = overrides.clusters
  if (overrides.clusterSleep !== undefined) next.clusterSleep = overrides.clusterSleep
  if (overrides.nodes !== undefined && overrides.nodes !== scenario.nodes.count) {
    const scale = Math.sqrt(overrides.nodes / scenario.nodes.count)
    next.nodes.count = overrides.nodes
    next.area = { widthM: scenario.area.widthM * scale, heightM: scenario.area.heightM * scale }
  }
  return parseScenario(next, `${scenario.name} (with overrides)`)
}
