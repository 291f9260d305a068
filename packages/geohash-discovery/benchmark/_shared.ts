/**
 * Shared benchmark plumbing: run tinybench tasks in interleaved rounds, report each task's
 * median ops/s and its ratio to a named baseline measured in the same run.
 */
import { Bench } from 'tinybench'
import os from 'node:os'

/** Per-task time budget (ms), split over ROUNDS interleaved rounds. */
export const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 2000)
/** Rounds per task. */
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)

/** A benchmark row: `fn` does `ops` operations per call. */
export interface Task {
  name: string
  fn: () => unknown
  ops?: number
  /** Name of the task this row is compared with. */
  baseline?: string
}

/** Print the machine line. */
export function header(title: string): void {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  console.log(`\n${title}\n${cpu}, ${os.cpus().length} cores, node ${process.version}, ${TIME_MS} ms × ${ROUNDS} rounds per task\n`)
}

/** Run tasks, print ops/s (median round) and ratios. */
export async function run(tasks: Task[]): Promise<Map<string, number>> {
  const perRound = new Map<string, number[]>()
  for (let r = 0; r < ROUNDS; r++) {
    const bench = new Bench({ time: TIME_MS / ROUNDS, warmupTime: 50 })
    for (const t of tasks) bench.add(t.name, t.fn)
    await bench.run()
    for (const t of bench.tasks) {
      const res = t.result as { throughput?: { mean?: number }; hz?: number } | undefined
      const hz = res?.throughput?.mean ?? res?.hz ?? 0
      const ops = tasks.find((x) => x.name === t.name)?.ops ?? 1
      const list = perRound.get(t.name) ?? []
      list.push(hz * ops)
      perRound.set(t.name, list)
    }
  }
  const median = new Map<string, number>()
  for (const [name, list] of perRound) {
    const s = [...list].sort((a, b) => a - b)
    median.set(name, s[Math.floor(s.length / 2)]!)
  }
  const width = Math.max(...tasks.map((t) => t.name.length))
  for (const t of tasks) {
    const hz = median.get(t.name)!
    const base = t.baseline === undefined ? undefined : median.get(t.baseline)
    const ratio = base === undefined ? '' : `  ${(hz / base).toFixed(2)}× ${t.baseline}`
    console.log(`${t.name.padEnd(width)}  ${Math.round(hz).toLocaleString('en-US').padStart(12)} ops/s${ratio}`)
  }
  return median
}
