/**
 * Shared benchmark harness: tinybench rounds (task order rotated per round), the median round per
 * task, ops/s scaled by the operations one call performs, and the ratio to the first task of the
 * group (the named baseline, measured in the same run).
 * Env: BENCH_TIME_MS (default 1000) per task and round, BENCH_ROUNDS (default 3).
 */
import os from 'node:os'
import { Bench } from 'tinybench'

const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 1000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

/** One result row. */
export interface Row {
  name: string
  opsPerSec: number
  rmePercent: number
}

/** Print the machine once. */
export function printMachine(): void {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  console.log(`node ${process.version}, ${cpu} ×${os.cpus().length}, ${process.platform}/${process.arch}; ${TIME_MS} ms × ${ROUNDS} rounds per task`)
}

/**
 * Run a group; the first task is the baseline.
 * @param title - Heading.
 * @param tasks - Name → function performing `opsPerCall` operations.
 * @param opsPerCall - Operations per function call (batched to keep harness overhead out).
 */
export async function group(title: string, tasks: Record<string, () => unknown>, opsPerCall = 1): Promise<Row[]> {
  const names = Object.keys(tasks)
  const samples = new Map<string, Array<{ ops: number; rme: number }>>(names.map((n) => [n, []]))
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: TIME_MS, warmupTime: 200 })
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length]!
      bench.add(name, tasks[name]!)
    }
    await bench.run()
    for (const task of bench.tasks) {
      const result = task.result
      if (result === undefined || result.error !== undefined) throw result?.error ?? new Error(`${task.name} did not run`)
      samples.get(task.name)!.push({ ops: (1000 * opsPerCall) / result.latency.mean, rme: result.latency.rme })
    }
  }
  const rows = names.map((name) => {
    const sorted = samples.get(name)!.sort((x, y) => x.ops - y.ops)
    const median = sorted[Math.floor(sorted.length / 2)]!
    return { name, opsPerSec: median.ops, rmePercent: median.rme }
  })
  console.log(`\n${title}`)
  const base = rows[0]!.opsPerSec
  for (const r of rows) {
    const ratio = r === rows[0] ? 'baseline' : `${(r.opsPerSec / base).toFixed(2)}× baseline`
    console.log(`  ${r.name.padEnd(56)} ${r.opsPerSec.toFixed(0).padStart(11)} ops/s  ±${r.rmePercent.toFixed(1)}%  ${ratio}`)
  }
  return rows
}

/** Deterministic pseudo-random bytes (mulberry32) for keys. */
export function keyStream(seed: number): (length: number) => Uint8Array {
  let a = seed >>> 0
  return (length) => {
    const out = new Uint8Array(length)
    for (let i = 0; i < length; i++) {
      a = (a + 0x6d2b79f5) >>> 0
      let t = a
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      out[i] = (t ^ (t >>> 14)) & 0xff
    }
    return out
  }
}
