/**
 * `bitmesh sim`: run a crowd scenario on the deterministic simulator, with a progress bar on
 * stderr, a summary table (or one JSON object with `--json`) on stdout, and an optional
 * self-contained HTML report.
 * @module
 */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import {
  BUILTIN_SCENARIOS,
  applyOverrides,
  builtinScenario,
  parseScenarioJson,
  renderHtmlReport,
  runScenario,
  ScenarioError,
  type Scenario,
  type SimulationMetrics,
  type SimulationProgress,
  RELAY_POLICIES,
} from '@bitmesh/simulator'
import type { CliIo } from '../io.js'
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Command } from './types.js'

const USAGE = `Usage: bitmesh sim --scenario <file|builtin> [options]

Runs a deterministic virtual-time crowd of BitMesh nodes (real transport-ble, noise, wire-format
and mesh code on a simulated radio) and prints delivery, latency and cost figures.

Options:
  --scenario <file|name>  scenario JSON file, or a builtin: ${BUILTIN_SCENARIOS.join(', ')}
  --seed <n>              override the scenario's seed (same seed, same result)
  --nodes <n>             override the node count (the area scales to keep the density)
  --duration <s>          override the simulated duration, seconds
  --policy <name>         relay policy: ${Object.keys(RELAY_POLICIES).join(', ')}
  --clusters on|off       cluster mode: mixed iOS/Android crowd, heads, members in light sleep (default: the scenario's, off);
                          \`deep\`: members sleep with the radio off in 30 s cycles; \`awake\`: members never sleep
  --json                  print one JSON object with every metric on stdout
  --report <out.html>     write a self-contained HTML report (node map, deliveries, latency)
  --no-progress           no progress bar on stderr
  -h, --help              show this help

Examples:
  bitmesh sim --scenario room-25
  bitmesh sim --scenario festival-1k --nodes 300 --duration 120 --report festival.html
  bitmesh sim --scenario festival-300 --policy bitmesh --json
  bitmesh sim --scenario ./my-scenario.json --seed 7 --json
`

const BAR_WIDTH = 30

function progressLine(p: SimulationProgress): string {
  const f = p.durationS === 0 ? 1 : Math.min(1, p.elapsedS / p.durationS)
  const filled = Math.round(f * BAR_WIDTH)
  return `\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${p.elapsedS.toFixed(0)}/${p.durationS} s  public ${p.publicDelivered} delivered of ${p.publicSent} sent  ${p.frames} frames`
}

function ms(v: number | null): string {
  return v === null ? '–' : `${v} ms`
}

function table(m: SimulationMetrics): string {
  const rows: Array<[string, string]> = [
    ['scenario', `${m.scenario}  seed ${m.seed}  ${m.nodes} nodes  ${m.durationS} s  stack ${m.stack}  policy ${m.policy}`],
    ['public delivered', `${m.public.delivered} / ${m.public.expectedDeliveries} expected  ratio ${m.public.deliveryRatio ?? '–'}  (${m.public.sent} sent)`],
    ['public latency', `p50 ${ms(m.public.latencyMs.p50)}  p95 ${ms(m.public.latencyMs.p95)}  p99 ${ms(m.public.latencyMs.p99)}`],
    ['private delivered', `${m.private.delivered} / ${m.private.sent}  ratio ${m.private.deliveryRatio ?? '–'}  (${m.private.skipped} skipped: no reachable peer)`],
    ['private latency', `p50 ${ms(m.private.latencyMs.p50)}  p95 ${ms(m.private.latencyMs.p95)}  p99 ${ms(m.private.latencyMs.p99)}`],
    ['transmissions', `${m.transmissions.frames} frames  ${m.transmissions.bytes} bytes  ${m.transmissions.perDeliveredMessage ?? '–'} frames per delivered message`],
    ['drops', Object.entries(m.drops).map(([k, v]) => `${k} ${v}`).join('  ') || 'none'],
    ['links', `${m.links.opened} opened  mean degree ${m.links.meanDegreeAtEnd}  ${m.links.isolatedAtEnd} isolated at end`],
    ['battery', `mean ${m.battery.meanUsedMah} mAh  max ${m.battery.maxUsedMah} mAh (of ${m.battery.capacityMah})`],
    ...clusterRows(m),
    ['wall / memory', `${m.wallS} s  peak RSS ${m.peakRssMb} MB`],
  ]
  const width = Math.max(...rows.map(([k]) => k.length))
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n'
}

/** Cluster mode rows (issue #6): only when the run had it on. */
function clusterRows(m: SimulationMetrics): Array<[string, string]> {
  const c = m.clusters
  if (c === undefined || !c.enabled) return []
  const d = c.drainMahPerHour
  return [
    ['clusters', `with head ${c.shareWithHead}  heads ${c.shareHeads}  head changes ${c.headChangesPerNodeHour}/node-h  leadership ${c.leadershipChangesPerNodeHour}/node-h  members asleep ${c.memberSleepShare}`],
    ['drain model', `mAh/h head ${d.head ?? '–'}  member ${d.member ?? '–'}  none ${d.none ?? '–'}  bitchat ${c.baselineMahPerHour ?? '–'}  member saving ${c.memberSavingVsBaseline ?? '–'}`],
  ]
}

function parsePositiveInt(value: string | undefined, name: string, min: number): number | undefined | Error {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < min) return new Error(`--${name} must be an integer ≥ ${min}`)
  return n
}

function loadScenario(spec: string, io: CliIo): Scenario | Error {
  const builtin = builtinScenario(spec)
  if (builtin !== undefined) return builtin
  let bytes: Uint8Array | null
  try {
    bytes = io.readFile(spec)
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err))
  }
  if (bytes === null) return new Error(`${spec} is neither a readable file nor a builtin scenario (${BUILTIN_SCENARIOS.join(', ')})`)
  try {
    return parseScenarioJson(new TextDecoder().decode(bytes), spec)
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err))
  }
}

async function run(args: string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args,
      options: {
        scenario: { type: 'string' },
        seed: { type: 'string' },
        nodes: { type: 'string' },
        duration: { type: 'string' },
        policy: { type: 'string' },
        clusters: { type: 'string' },
        json: { type: 'boolean', default: false },
        report: { type: 'string' },
        'no-progress': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
  } catch (err) {
    io.stderr(`bitmesh sim: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`)
    return EXIT_USAGE
  }
  const v = parsed.values
  if (v.help) {
    io.stdout(USAGE)
    return EXIT_OK
  }
  if (v.scenario === undefined) {
    io.stderr(`bitmesh sim: --scenario <file|builtin> is required\n\n${USAGE}`)
    return EXIT_USAGE
  }
  const seed = parsePositiveInt(v.seed, 'seed', 0)
  const nodes = parsePositiveInt(v.nodes, 'nodes', 1)
  const duration = v.duration === undefined ? undefined : Number(v.duration)
  for (const e of [seed, nodes]) {
    if (e instanceof Error) {
      io.stderr(`bitmesh sim: ${e.message}\n`)
      return EXIT_USAGE
    }
  }
  if (v.policy !== undefined && RELAY_POLICIES[v.policy] === undefined) {
    io.stderr(`bitmesh sim: unknown --policy ${JSON.stringify(v.policy)} (have ${Object.keys(RELAY_POLICIES).join(', ')})\n`)
    return EXIT_USAGE
  }
  if (v.clusters !== undefined && v.clusters !== 'on' && v.clusters !== 'off' && v.clusters !== 'awake' && v.clusters !== 'deep') {
    io.stderr('bitmesh sim: --clusters must be on, off, deep or awake\n')
    return EXIT_USAGE
  }
  if (duration !== undefined && !(duration > 0)) {
    io.stderr('bitmesh sim: --duration must be a positive number of seconds\n')
    return EXIT_USAGE
  }
  let scenario = loadScenario(v.scenario, io)
  if (!(scenario instanceof Error)) {
    try {
      scenario = applyOverrides(scenario, { seed: seed as number | undefined, nodes: nodes as number | undefined, durationS: duration, policy: v.policy, clusters: v.clusters === undefined ? undefined : v.clusters !== 'off',
        ...(v.clusters === 'awake' ? { clusterSleep: false } : v.clusters === 'deep' ? { clusterSleep: 'deep' as const } : {}) })
    } catch (err) {
      scenario = err instanceof Error ? err : new Error(String(err))
    }
  }
  if (scenario instanceof Error) {
    io.stderr(`bitmesh sim: ${scenario.message}\n`)
    return scenario instanceof ScenarioError ? EXIT_USAGE : EXIT_FAILURE
  }
  const showProgress = v['no-progress'] !== true
  let result
  try {
    result = await runScenario(scenario, { onProgress: showProgress ? (p) => io.stderr(progressLine(p)) : undefined })
  } catch (err) {
    if (showProgress) io.stderr('\n')
    io.stderr(`bitmesh sim: the simulation failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    return EXIT_FAILURE
  }
  if (showProgress) io.stderr('\n')
  // The report is written before stdout output so a closed pipe (`| head`) cannot lose it.
  let reportPath: string | undefined
  if (v.report !== undefined) {
    reportPath = resolve(io.cwd, v.report)
    try {
      writeFileSync(reportPath, renderHtmlReport(result.metrics, result.report))
    } catch (err) {
      io.stderr(`bitmesh sim: cannot write ${reportPath}: ${err instanceof Error ? err.message : String(err)}\n`)
      return EXIT_FAILURE
    }
  }
  if (v.json) io.stdout(JSON.stringify(result.metrics) + '\n')
  else {
    io.stdout(table(result.metrics))
    if (reportPath !== undefined) io.stdout(`report written to ${reportPath}\n`)
  }
  return EXIT_OK
}

/** The `sim` command. */
export const simCommand: Command = {
  name: 'sim',
  summary: 'run a deterministic crowd simulation (delivery, latency, cost) with an HTML report',
  usage: USAGE,
  run,
}
