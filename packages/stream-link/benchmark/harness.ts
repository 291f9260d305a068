/**
 * The loopback throughput harness shared by the benchmarks of stream-link and the socket-based
 * transports: a wall clock, the raw-TCP baseline, a sender honouring a link's backpressure, and
 * the report (median of the rounds, ratio to the baseline measured in the same run). Benchmarks
 * only: the packages themselves never read the wall clock.
 */
import { createConnection, createServer } from 'node:net'
import type { Clock, Link } from '@bitmesh/interface'

/** Bytes moved per transfer (10 MiB). */
export const TOTAL_BYTES = 10 * 1024 * 1024
/** Write size of the raw-TCP baseline in bytes. */
export const CHUNK_BYTES = 65_536
/** Transfers per side; the report takes the median. */
export const ROUNDS = 5

/** Wall-clock {@link Clock} for benchmarks over real sockets. */
export const wallClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

/**
 * The baseline: {@link TOTAL_BYTES} over one loopback TCP connection in {@link CHUNK_BYTES} writes.
 * @returns milliseconds from the first write to the last byte received
 */
export async function rawTcpMs(): Promise<number> {
  let received = 0
  let done!: () => void
  const finished = new Promise<void>((r) => (done = r))
  const server = createServer((s) => s.on('data', (d: Buffer) => (received += d.length) >= TOTAL_BYTES && done()))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  const socket = createConnection({ host: '127.0.0.1', port, noDelay: true })
  await new Promise((r) => socket.once('connect', r))
  const start = performance.now()
  for (let sent = 0; sent < TOTAL_BYTES; sent += CHUNK_BYTES) {
    if (!socket.write(new Uint8Array(CHUNK_BYTES))) await new Promise((r) => socket.once('drain', r))
  }
  await finished
  const ms = performance.now() - start
  socket.destroy()
  await new Promise((r) => server.close(r))
  return ms
}

/**
 * Send {@link TOTAL_BYTES} in MTU-sized frames on `link`, waiting for `drain` whenever `send`
 * returns `false`, and resolve when `received` has seen them all.
 * @param link - an open link
 * @param received - resolves once the far end counted every byte
 * @returns milliseconds from the first send to the last byte received
 */
export async function pushThroughLinkMs(link: Link, received: Promise<void>): Promise<number> {
  const start = performance.now()
  for (let sent = 0; sent < TOTAL_BYTES; sent += link.mtu) {
    if (!link.send(new Uint8Array(link.mtu))) {
      await new Promise<void>((r) => {
        const off = link.on('drain', () => {
          off()
          r()
        })
      })
    }
  }
  await received
  return performance.now() - start
}

/**
 * A promise that resolves once `count` has been called with {@link TOTAL_BYTES} in total.
 * @returns the counter to hang on a `frame` listener, and the promise
 */
export function byteCounter(): { count: (frame: Uint8Array) => void; done: Promise<void> } {
  let received = 0
  let done!: () => void
  const finished = new Promise<void>((r) => (done = r))
  return { count: (frame) => void ((received += frame.length) >= TOTAL_BYTES && done()), done: finished }
}

/**
 * Alternate the baseline and `subject` for {@link ROUNDS} rounds and print both medians.
 * @param label - what `subject` measures, e.g. `wifi-direct Node data plane (64 KiB MTU)`
 * @param subject - one transfer of {@link TOTAL_BYTES}, returning its milliseconds
 */
export async function runThroughputBench(label: string, subject: () => Promise<number>): Promise<void> {
  const raw: number[] = []
  const ours: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    raw.push(await rawTcpMs())
    ours.push(await subject())
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const mbps = (ms: number): number => (TOTAL_BYTES * 8) / (ms / 1000) / 1e6
  const r = median(raw)
  const o = median(ours)
  const width = Math.max(label.length, 32)
  console.log(`10 MiB over loopback, median of ${ROUNDS} runs (Node ${process.version})`)
  console.log(`${'baseline raw TCP (64 KiB writes)'.padEnd(width)} ${mbps(r).toFixed(0).padStart(6)} Mbit/s  ${(1000 / r).toFixed(2)} transfers/s  1.00x`)
  console.log(`${label.padEnd(width)} ${mbps(o).toFixed(0).padStart(6)} Mbit/s  ${(1000 / o).toFixed(2)} transfers/s  ${(r / o).toFixed(2)}x`)
}
