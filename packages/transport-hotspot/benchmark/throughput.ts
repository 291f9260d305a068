/**
 * 10 MB through the hotspot Node data plane on loopback (framing, preface, link queue and
 * backpressure included) versus raw TCP moving the same bytes in 64 KiB writes, in the same run.
 * Both ends live in this process. Run: `pnpm --filter @bitmesh/transport-hotspot bench`.
 */
import { createConnection, createServer } from 'node:net'
import type { Clock } from '@bitmesh/interface'
import { hotspotTransport } from '../src/index.js'
import { memoryDirectory, nodeHotspotAdapter } from '../src/node/index.js'

const TOTAL_BYTES = 10 * 1024 * 1024
const CHUNK_BYTES = 65_536
const ROUNDS = 5

const clock: Clock = { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) }

async function rawTcp(): Promise<number> {
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

async function framed(): Promise<number> {
  const directory = memoryDirectory()
  const rng = { next: () => 0.5, randomBytes: (n: number) => new Uint8Array(n) }
  const owner = hotspotTransport({ adapter: nodeHotspotAdapter({ label: 'o', directory, rng }), role: 'head', clock, port: 0, datagrams: false })
  const member = hotspotTransport({ adapter: nodeHotspotAdapter({ label: 'm', directory, rng }), role: 'member', clock, datagrams: false })
  let received = 0
  let done!: () => void
  const finished = new Promise<void>((r) => (done = r))
  owner.on('link:open', (l) => l.on('frame', (f) => (received += f.length) >= TOTAL_BYTES && done()))
  await owner.start()
  await member.start()
  // Credentials handed over directly here (the BLE exchange is not part of the data plane).
  member.useCredentials(owner.credentials!)
  const link = await member.dial(owner.credentials!.ssid)
  const start = performance.now()
  for (let sent = 0; sent < TOTAL_BYTES; sent += link.mtu) {
    if (!link.send(new Uint8Array(link.mtu))) await new Promise<void>((r) => { const off = link.on('drain', () => { off(); r() }) })
  }
  await finished
  const ms = performance.now() - start
  await member.stop()
  await owner.stop()
  return ms
}

const mbps = (ms: number): number => (TOTAL_BYTES * 8) / (ms / 1000) / 1e6
const raw: number[] = []
const ours: number[] = []
for (let i = 0; i < ROUNDS; i++) {
  raw.push(await rawTcp())
  ours.push(await framed())
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const r = median(raw)
const o = median(ours)
console.log(`10 MiB over loopback, median of ${ROUNDS} runs (Node ${process.version})`)
console.log(`baseline raw TCP (64 KiB writes)        ${mbps(r).toFixed(0).padStart(6)} Mbit/s  ${(1000 / r).toFixed(2)} transfers/s  1.00x`)
console.log(`hotspot Node data plane (64 KiB MTU)     ${mbps(o).toFixed(0).padStart(6)} Mbit/s  ${(1000 / o).toFixed(2)} transfers/s  ${(r / o).toFixed(2)}x`)
