/**
 * Throughput of the reference memory transport (zero latency, unlimited bandwidth: the overhead a
 * mesh test or simulator pays per frame), against the floor of copying each frame and emitting
 * it on a TypedEmitter, measured in the same run.
 *
 * Run: pnpm --filter @bitmesh/transport-compliance bench
 */
import { TypedEmitter, type LinkEvents } from '@bitmesh/interface'
import { Bench } from 'tinybench'
import { ManualClock, MemoryNetwork, memoryTransport, memoryTransportPair, connectTransports } from '../src/memory/index.js'

const FRAMES = 1_000
const FRAME_BYTES = 185
const frame = new Uint8Array(FRAME_BYTES).fill(7)

// Baseline: what any transport must at least do per frame.
const emitter = new TypedEmitter<LinkEvents>()
let baselineBytes = 0
emitter.on('frame', (f) => (baselineBytes += f.length))

// Memory transport, microtask delivery.
const pair = await memoryTransportPair({ mtu: FRAME_BYTES, highWaterMarkBytes: FRAMES * FRAME_BYTES + 1, maxQueueBytes: 2 * FRAMES * FRAME_BYTES })
const [sender, receiver] = await pair.connect()
let received = 0
let wake: (() => void) | undefined
receiver.on('frame', () => {
  if (++received % FRAMES === 0) wake?.()
})

// Memory transport on a ManualClock with latency and bandwidth (timers per frame).
const clock = new ManualClock()
const network = new MemoryNetwork({ clock, latencyMs: 5, bandwidthBytesPerSecond: 1_000_000 })
const ta = memoryTransport({ network, address: 'a', mtu: FRAME_BYTES, highWaterMarkBytes: FRAMES * FRAME_BYTES + 1, maxQueueBytes: 2 * FRAMES * FRAME_BYTES })
const tb = memoryTransport({ network, address: 'b', mtu: FRAME_BYTES })
await ta.start()
await tb.start()
const dialling = connectTransports(ta, tb, 'b')
await clock.advance(5)
const [timedSender, timedReceiver] = await dialling
let timedReceived = 0
timedReceiver.on('frame', () => timedReceived++)

const bench = new Bench({ time: 1_000 })
bench
  .add(`baseline: copy + emit ${FRAMES} frames`, () => {
    for (let i = 0; i < FRAMES; i++) emitter.emit('frame', frame.slice())
  })
  .add(`memory transport, zero latency: ${FRAMES} frames`, async () => {
    const target = received + FRAMES
    const done = new Promise<void>((resolve) => (wake = resolve))
    for (let i = 0; i < FRAMES; i++) sender.send(frame)
    if (received < target) await done
  })
  .add(`memory transport, ManualClock 5 ms + 1 MB/s: ${FRAMES} frames`, async () => {
    const target = timedReceived + FRAMES
    for (let i = 0; i < FRAMES; i++) timedSender.send(frame)
    while (timedReceived < target) await clock.advance(50)
  })

await bench.run()
const baseline = bench.tasks[0]
const baseHz = baseline?.result?.throughput?.mean ?? Number.NaN
for (const task of bench.tasks) {
  const hz = task.result?.throughput?.mean ?? Number.NaN
  const framesPerSecond = hz * FRAMES
  const ratio = task === baseline ? 1 : hz / baseHz
  console.log(`${task.name.padEnd(58)} ${Math.round(framesPerSecond).toLocaleString('en-US').padStart(12)} frames/s  ${ratio.toFixed(3)}× baseline`)
}
if (baselineBytes === 0) throw new Error('baseline did no work')
await pair.a.stop()
await pair.b.stop()
await ta.stop()
await tb.stop()
