/**
 * Panic-wipe latency with 50 MB of secrets on SQLite + sealed files (the proposal's targets:
 * all data unreadable < 50 ms, all files gone < 1 s).
 *
 *   pnpm turbo run build --filter=@bitmesh/panic-wipe...   # builds crypto and store-forward dist/
 *   cd packages/panic-wipe && pnpm bench                    # BENCH_MB / BENCH_ITERATIONS to change
 *
 * Variants, each on a freshly filled data directory:
 *   wipe (overwrite)    the default: keys shredded, stores closed, every file zeroed + unlinked
 *   wipe (unlink only)  directoryScrubber({ overwrite: false }): sealed data needs no overwrite
 *   baseline: fs.rm     `rm -rf` of the same directory, no keys destroyed, no fsync (what an app
 *                       without this package would do)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Clock } from '@bitmesh/interface'
import { fill, openNode } from '../test/fixtures/node-fixture.js'

const MB = Number(process.env.BENCH_MB ?? 50)
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 3)

/** A high-resolution clock for timing (benchmarks are outside the ambient-time rule). */
const clock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
}

interface Sample {
  keysMs: number
  filesMs: number
}

async function wipeOnce(overwrite: boolean): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), 'bitmesh-bench-'))
  try {
    const node = await openNode(dir, clock, { overwrite })
    await fill(node, MB * 1024 * 1024)
    const report = await node.panic.wipe('bench')
    if (!report.ok) throw new Error(`wipe failed: ${JSON.stringify(report.components)}`)
    return { keysMs: report.keysDestroyedAfterMs, filesMs: report.componentsDoneAfterMs }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function baselineOnce(): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), 'bitmesh-bench-'))
  try {
    const node = await openNode(dir, clock)
    await fill(node, MB * 1024 * 1024)
    const started = clock.now()
    node.queueStore.close()
    await node.kvInner.close()
    await rm(dir, { recursive: true, force: true })
    return { keysMs: Number.NaN, filesMs: clock.now() - started }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

const results: Record<string, Sample[]> = { 'wipe (overwrite)': [], 'wipe (unlink only)': [], 'baseline: fs.rm': [] }
for (let i = 0; i < ITERATIONS; i++) {
  results['wipe (overwrite)']!.push(await wipeOnce(true))
  results['wipe (unlink only)']!.push(await wipeOnce(false))
  results['baseline: fs.rm']!.push(await baselineOnce())
}

const baseline = median(results['baseline: fs.rm']!.map((s) => s.filesMs))
console.log(`panic wipe, ${MB} MB of secrets (SQLite queue + encrypted KV + sealed media), ${ITERATIONS} runs, medians`)
console.log('variant'.padEnd(22), 'data unreadable (ms)'.padStart(22), 'files gone (ms)'.padStart(17), 'wipes/s'.padStart(9), 'vs fs.rm'.padStart(10))
for (const [name, samples] of Object.entries(results)) {
  const keys = median(samples.map((s) => s.keysMs))
  const files = median(samples.map((s) => s.filesMs))
  console.log(
    name.padEnd(22),
    (Number.isNaN(keys) ? 'never' : keys.toFixed(2)).padStart(22),
    files.toFixed(1).padStart(17),
    (1000 / files).toFixed(1).padStart(9),
    (files / baseline).toFixed(2).padStart(10),
  )
}
console.log('targets: data unreadable < 50 ms, files gone < 1000 ms')
