/**
 * Run one built-in scenario with progress lines (virtual s, wall s, frames) on stderr and the
 * metrics JSON on stdout — for profiling and scaling runs:
 *   node --import tsx benchmark/probe.ts <builtin> <durationS> [nodes]
 */
import { applyOverrides, builtinScenario, runScenario } from '../src/index.js'
const [name = 'festival-1k', d = '5', n] = process.argv.slice(2)
const s = applyOverrides(builtinScenario(name)!, { durationS: Number(d), nodes: n === undefined ? undefined : Number(n) })
const t0 = performance.now()
const r = await runScenario(s, { onProgress: (p) => process.stderr.write(`${p.elapsedS}s wall ${((performance.now() - t0) / 1000).toFixed(1)}s frames ${p.frames}\n`) })
// CPU seconds too: wall time on a shared machine says more about the neighbours than the run.
const cpu = process.cpuUsage()
console.log(JSON.stringify({ ...r.metrics, cpuS: Math.round((cpu.user + cpu.system) / 1e4) / 100 }))
