/**
 * Minimal benchmark harness: times batches of calls (per-call timers would dominate sub-µs
 * operations), warms up, and reports the median of several rounds.
 */

/** Result of one measurement. */
export interface Measurement {
  name: string
  opsPerSecond: number
}

/** Keeps results observable so the JIT cannot drop the measured work. */
export let sink = 0

/** Record a value in {@link sink}. */
export function consume(value: unknown): void {
  if (value === null || value === undefined) sink++
  else sink ^= typeof value === 'object' ? 1 : 2
}

/**
 * Measure `fn` in batches: calibrate a batch to ~`roundMs`, then run `rounds` rounds and take
 * the median throughput.
 */
export function measure(name: string, fn: () => unknown, options: { roundMs?: number; rounds?: number } = {}): Measurement {
  const roundMs = options.roundMs ?? 200
  const rounds = options.rounds ?? 7
  // warm-up and calibration
  let batch = 16
  for (;;) {
    const start = performance.now()
    for (let i = 0; i < batch; i++) consume(fn())
    const elapsed = performance.now() - start
    if (elapsed >= roundMs / 4) {
      batch = Math.max(1, Math.round((batch * roundMs) / elapsed))
      break
    }
    batch *= 4
  }
  const rates: number[] = []
  for (let r = 0; r < rounds; r++) {
    const start = performance.now()
    for (let i = 0; i < batch; i++) consume(fn())
    const elapsed = performance.now() - start
    rates.push((batch / elapsed) * 1000)
  }
  rates.sort((a, b) => a - b)
  return { name, opsPerSecond: rates[Math.floor(rates.length / 2)]! }
}

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** Print one line: name, ops/s and, when given, the ratio to a baseline. */
export function report(m: Measurement, baseline?: { name: string; opsPerSecond: number }): void {
  const ratio = baseline ? `  ${(m.opsPerSecond / baseline.opsPerSecond).toFixed(2)}× ${baseline.name}` : ''
  console.log(`${m.name.padEnd(58)} ${fmt.format(m.opsPerSecond).padStart(12)} ops/s${ratio}`)
}
