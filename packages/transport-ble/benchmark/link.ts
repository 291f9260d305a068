/**
 * Frame throughput through the simulated BLE stack, in wall-clock frames per second of host CPU
 * (virtual time runs as fast as the host allows).
 *   baseline: raw simulated-adapter writes (`BleCentralConnection.write`, no transport, no queue)
 *   measured: the same frames through `bleTransport` links (`Link.send`, bounded queue, drain)
 * Run: pnpm --filter @bitmesh/transport-ble bench   (builds nothing: imports the package's src)
 */
import type { Clock, Link, Rng, TimerHandle } from '@bitmesh/interface'
import { bleTransport, createSimulatedBleAdapter, SimulatedBleRadio, BITCHAT_CHARACTERISTIC_UUID, BITCHAT_SERVICE_UUID } from '../src/index.js'

const FRAMES = 20_000
const FRAME_BYTES = 200
const ROUNDS = 5

/** Virtual clock with a binary heap of timers; `run()` fires everything in order. */
class HeapClock implements Clock {
  #now = 0
  #seq = 0
  #heap: Array<{ at: number; id: number; fn: () => void }> = []
  #cancelled = new Set<number>()
  now(): number {
    return this.#now
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const t = { at: this.#now + Math.max(0, ms), id: ++this.#seq, fn }
    const h = this.#heap
    h.push(t)
    let i = h.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (less(h[p]!, h[i]!)) break
      ;[h[p], h[i]] = [h[i]!, h[p]!]
      i = p
    }
    return t.id
  }
  clearTimeout(handle: TimerHandle): void {
    this.#cancelled.add(handle as number)
  }
  /** Fire timers until none is left before `untilMs`, yielding to promise callbacks between them. */
  async run(untilMs: number): Promise<void> {
    const h = this.#heap
    for (;;) {
      if (h.length === 0 || h[0]!.at > untilMs) {
        // Let every pending promise chain settle; it may schedule more timers before untilMs.
        await new Promise<void>((resolve) => setImmediate(resolve))
        if (h.length === 0 || h[0]!.at > untilMs) break
      }
      const top = h[0]!
      const last = h.pop()!
      if (h.length > 0) {
        h[0] = last
        let i = 0
        for (;;) {
          const l = 2 * i + 1
          const r = l + 1
          let m = i
          if (l < h.length && less(h[l]!, h[m]!)) m = l
          if (r < h.length && less(h[r]!, h[m]!)) m = r
          if (m === i) break
          ;[h[m], h[i]] = [h[i]!, h[m]!]
          i = m
        }
      }
      if (this.#cancelled.delete(top.id)) continue
      this.#now = top.at
      top.fn()
      for (let i = 0; i < 8; i++) await Promise.resolve()
    }
    this.#now = Math.max(this.#now, untilMs)
  }
}
const less = (a: { at: number; id: number }, b: { at: number; id: number }): boolean => a.at < b.at || (a.at === b.at && a.id < b.id)

const rng: Rng = (() => {
  let s = 1
  const next = (): number => ((s = (s * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32)
  return { next, randomBytes: (n: number) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256)) }
})()

const frame = new Uint8Array(FRAME_BYTES).fill(7)

async function rawAdapter(): Promise<number> {
  const clock = new HeapClock()
  const radio = new SimulatedBleRadio({ clock, rng, bandwidthBytesPerSecond: 1e9, latencyMs: 1 })
  const a = createSimulatedBleAdapter(radio, { address: 'a' })
  const b = createSimulatedBleAdapter(radio, { address: 'b' })
  let got = 0
  const spec = { serviceUuid: BITCHAT_SERVICE_UUID, characteristicUuid: BITCHAT_CHARACTERISTIC_UUID }
  await b.startServer(spec, { onSubscribe() {}, onMtu() {}, onWrite: () => void got++, onDisconnect() {} })
  await b.startAdvertising({ serviceUuid: BITCHAT_SERVICE_UUID })
  const connecting = a.connect('b', { server: spec })
  await clock.run(clock.now() + 100)
  const conn = await connecting
  const mtu = conn.requestMtu(517)
  await clock.run(clock.now() + 100)
  await mtu
  const t0 = performance.now()
  // Back to back: the next write goes when the radio took the previous one.
  let written = 0
  const pump = (): void => {
    if (written++ < FRAMES) void conn.write(frame).then(pump)
  }
  pump()
  await clock.run(clock.now() + 60_000)
  const wall = performance.now() - t0
  if (got !== FRAMES) throw new Error(`raw: ${got} of ${FRAMES}`)
  return FRAMES / (wall / 1000)
}

async function transportLinks(): Promise<number> {
  const clock = new HeapClock()
  const radio = new SimulatedBleRadio({ clock, rng, bandwidthBytesPerSecond: 1e9, latencyMs: 1 })
  const make = (address: string) => bleTransport({ adapter: createSimulatedBleAdapter(radio, { address }), clock, rng, autoConnect: false })
  const a = make('a')
  const b = make('b')
  let got = 0
  b.on('link:open', (l) => l.on('frame', () => void got++))
  await a.start()
  await b.start()
  const dialling = a.dial('b')
  await clock.run(clock.now() + 200)
  const link: Link = await dialling
  const t0 = performance.now()
  let sent = 0
  // Fill to the high-water mark, continue on drain: the way the mesh feeds a link.
  const fill = (): void => {
    while (sent < FRAMES) {
      sent++
      if (!link.send(frame)) return
    }
  }
  link.on('drain', fill)
  fill()
  await clock.run(clock.now() + 60_000)
  const wall = performance.now() - t0
  if (got !== FRAMES) throw new Error(`transport: ${got} of ${FRAMES}`)
  await a.stop()
  await b.stop()
  return FRAMES / (wall / 1000)
}

async function best(fn: () => Promise<number>): Promise<number> {
  let top = 0
  for (let i = 0; i < ROUNDS; i++) top = Math.max(top, await fn())
  return top
}

const base = await best(rawAdapter)
const measured = await best(transportLinks)
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')
console.log(`simulated BLE, ${FRAME_BYTES}-byte frames, best of ${ROUNDS} × ${FRAMES} frames`)
console.log(`  baseline raw adapter writes    ${fmt(base)} frames/s`)
console.log(`  bleTransport Link.send         ${fmt(measured)} frames/s  (${(measured / base).toFixed(2)}× baseline)`)
