/**
 * The two Node globals the simulator touches at run time, for the worker (import this module
 * before the simulator):
 *
 * - `setImmediate`: `VirtualClock` yields one macrotask turn between virtual instants through
 *   it. Browsers have no `setImmediate`, and `setTimeout(0)` is clamped to 4 ms once nested, so
 *   the stand-in posts to a `MessageChannel`, which runs at the next macrotask with no clamp.
 *   Because every yield of the virtual clock passes through it, it is also where the visualizer
 *   paces the run ({@link setYieldGate}) and takes snapshots without touching the simulator.
 * - `process.resourceUsage()` / `process.memoryUsage.rss()`: read for `peakRssMb`. The stand-in
 *   reports the JS heap where Chromium exposes it (`performance.memory`), else 0.
 *
 * Nothing is replaced when a real one exists (Node, in the unit tests).
 * @module
 */

/**
 * Decides, at each yield of the virtual clock, how long to hold the simulation back.
 * @returns Wall ms to wait before resuming (0: resume at the next macrotask).
 */
export type YieldGate = () => number

let gate: YieldGate | null = null

/**
 * Install (or remove, with `null`) the function consulted at every yield.
 * @param next - The gate.
 */
export function setYieldGate(next: YieldGate | null): void {
  gate = next
}

type Callback = () => void

/** Installs the stand-ins on `globalThis` when missing; idempotent. */
export function installNodeGlobals(): void {
  const g = globalThis as Record<string, unknown>
  if (typeof g.setImmediate !== 'function') {
    const queue: Callback[] = []
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      const cb = queue.shift()
      cb?.()
    }
    g.setImmediate = (callback: Callback, ...args: unknown[]): number => {
      const run: Callback = args.length === 0 ? callback : () => (callback as (...a: unknown[]) => void)(...args)
      const wait = gate?.() ?? 0
      if (wait > 0) return setTimeout(run, wait) as unknown as number
      queue.push(run)
      channel.port2.postMessage(null)
      return 0
    }
  }
  if (typeof g.process !== 'object' || g.process === null) {
    const heapBytes = (): number => {
      const memory = (performance as Performance & { memory?: { usedJSHeapSize?: number } }).memory
      return typeof memory?.usedJSHeapSize === 'number' ? memory.usedJSHeapSize : 0
    }
    const memoryUsage = Object.assign(() => ({ rss: heapBytes(), heapUsed: heapBytes() }), { rss: heapBytes })
    // maxRSS is in KiB in Node.
    g.process = { env: {}, resourceUsage: () => ({ maxRSS: heapBytes() / 1024 }), memoryUsage }
  }
}
