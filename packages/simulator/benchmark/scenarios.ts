/**
 * Simulator benchmark (not a test): delivery, latency and frames per delivered message of
 * room-25 and festival-1k, and how wall time grows with the crowd. Each row also runs the
 * stand-in `flood` stack (idealised link layer + naive flooding) on the same scenario as the
 * named baseline, and prints the ratio.
 *
 *   node --import tsx benchmark/scenarios.ts                 # room-25; festival-1k density at 100 and 300 nodes, 60 s
 *   BENCH_FULL=1 node --import tsx benchmark/scenarios.ts    # + 1 000 nodes 30 s and 300 s, 10 000 nodes 60 s (hours today)
 *   BENCH_ONLY=festival-1k:300:1000 node --import tsx benchmark/scenarios.ts   # one row: name:durationS:nodes
 *
 * Workspace packages resolve to their built dist/: `pnpm turbo run build --filter=@bitmesh/simulator...` first.
 */
import { applyOverrides, builtinScenario, floodStack, runScenario, type SimulationMetrics } from '../src/index.js'

interface Row {
  name: string
  durationS: number
  nodes: number
}

function rows(): Row[] {
  const only = process.env['BENCH_ONLY']
  if (only !== undefined) {
    return only.split(',').map((spec) => {
      const [name, d, n] = spec.split(':')
      const base = builtinScenario(name!)!
      return { name: name!, durationS: d === undefined ? base.durationS : Number(d), nodes: n === undefined ? base.nodes.count : Number(n) }
    })
  }
  const out: Row[] = [
    { name: 'room-25', durationS: 120, nodes: 25 },
    { name: 'festival-1k', durationS: 60, nodes: 100 },
    { name: 'festival-1k', durationS: 60, nodes: 300 },
  ]
  if (process.env['BENCH_FULL'] === '1') {
    out.push({ name: 'festival-1k', durationS: 30, nodes: 1000 })
    out.push({ name: 'festival-1k', durationS: 300, nodes: 1000 })
    out.push({ name: 'festival-10k', durationS: 60, nodes: 10000 })
  }
  return out
}

function line(label: string, m: SimulationMetrics): string {
  const simPerWall = m.durationS / Math.max(m.wallS, 0.001)
  return [
    label.padEnd(30),
    `wall ${m.wallS.toFixed(1).padStart(7)} s`,
    `(${simPerWall.toFixed(2).padStart(7)} sim-s/s)`,
    `pub ${String(m.public.deliveryRatio ?? '–').padEnd(6)} p50 ${String(m.public.latencyMs.p50 ?? '–').padStart(7)} p95 ${String(m.public.latencyMs.p95 ?? '–').padStart(8)} ms`,
    `priv ${String(m.private.deliveryRatio ?? '–').padEnd(6)} p50 ${String(m.private.latencyMs.p50 ?? '–').padStart(7)} p95 ${String(m.private.latencyMs.p95 ?? '–').padStart(8)} ms`,
    `frames/msg ${String(m.transmissions.perDeliveredMessage ?? '–').padStart(7)}`,
    `rss ${m.peakRssMb} MB`,
  ].join('  ')
}

for (const row of rows()) {
  const scenario = applyOverrides(builtinScenario(row.name)!, { durationS: row.durationS, nodes: row.nodes })
  const label = `${row.name} n=${row.nodes} ${row.durationS}s`
  const mesh = (await runScenario(scenario)).metrics
  console.log(line(`${label} mesh`, mesh))
  const flood = (await runScenario(scenario, { stack: floodStack() })).metrics
  console.log(line(`${label} flood (baseline)`, flood))
  console.log(`${''.padEnd(30)}  mesh/flood: wall ×${(mesh.wallS / Math.max(flood.wallS, 0.001)).toFixed(1)}, frames/msg ×${((mesh.transmissions.perDeliveredMessage ?? 0) / (flood.transmissions.perDeliveredMessage ?? 1)).toFixed(1)}`)
}
