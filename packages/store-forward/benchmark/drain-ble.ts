/**
 * Drain time of 1 000 queued items to a peer that has just come back, over a simulated BLE link
 * (transport-ble's simulated radio: 250 kbit/s per direction, ATT MTU 515, 5 ms latency) in
 * virtual time, with the memory and the durable SQLite backends. The figure is virtual seconds
 * until the last item is received and acknowledged (the radio's airtime dominates), plus the wall
 * time the run cost.
 *
 *   cd /work/main && pnpm turbo run build --filter=@bitmesh/store-forward...
 *   cd packages/store-forward && node --import tsx benchmark/drain-ble.ts
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Link, Transport } from '@bitmesh/interface'
import { ManualClock } from '@bitmesh/transport-compliance'
import { bleTransport, createSimulatedBleAdapter, SimulatedBleRadio } from '@bitmesh/transport-ble'
import { DrainDriver, memoryQueueBackend, OutboundQueue, type QueueBackend } from '../src/index.js'
import { SqliteStore } from '../src/sqlite/index.js'

const ITEMS = 1_000
const PACKET_BYTES = 300
const KBPS = 250

let seed = 1
const rng = {
  next: () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32),
  randomBytes: (n: number) => new Uint8Array(randomBytes(n)),
}

async function openLink(clock: ManualClock, a: Transport, b: Transport, address: string): Promise<Link> {
  let inbound: Link | undefined
  b.on('link:open', (link) => {
    if (link.direction === 'inbound') inbound = link
  })
  let outbound: Link | undefined
  void a.dial(address).then((link) => (outbound = link))
  for (let i = 0; i < 1_000 && (outbound === undefined || inbound === undefined); i++) await clock.advance(10)
  if (outbound === undefined) throw new Error('no BLE link')
  return outbound
}

async function run(name: string, backend: QueueBackend): Promise<void> {
  const clock = new ManualClock(1_760_000_000_000)
  const radio = new SimulatedBleRadio({ clock, rng, bandwidthBytesPerSecond: (KBPS * 1000) / 8, defaultMtu: 515 })
  const a = bleTransport({ adapter: createSimulatedBleAdapter(radio, { address: 'a' }), clock, rng, autoConnect: false })
  const b = bleTransport({ adapter: createSimulatedBleAdapter(radio, { address: 'b' }), clock, rng, autoConnect: false })
  await a.start()
  await b.start()

  const queue = await OutboundQueue.open({ backend, clock, rng })
  // Distinct packets (index in the first two bytes) so the receiver can count each once.
  const packetFor = (i: number): Uint8Array => {
    const p = new Uint8Array(randomBytes(PACKET_BYTES))
    p[0] = i >> 8
    p[1] = i & 0xff
    return p
  }
  for (let i = 0; i < ITEMS; i += 100) {
    await queue.enqueueBatch(Array.from({ length: 100 }, (_, k) => ({ packet: packetFor(i + k), recipient: 'b', messageId: `m${i + k}` })))
  }

  // The peer comes back: a link opens, then the transport is reported up.
  const link = await openLink(clock, a, b, 'b')
  let sends = 0
  const seen = new Set<number>()
  let frames = 0
  b.links.forEach((l) =>
    l.on('frame', (f) => {
      frames++
      seen.add((f[0]! << 8) | f[1]!)
    }),
  )
  const waitDrain = (): Promise<void> =>
    new Promise((resolve) => {
      const off = link.on('drain', () => {
        off()
        resolve()
      })
    })
  let errors = 0
  const driver = new DrainDriver({
    queue,
    clock,
    onError: () => errors++,
    send: async (_item, bytes) => {
      sends++
      if (!link.send(bytes)) await waitDrain()
      return true
    },
  })
  const wallStart = performance.now()
  const virtualStart = clock.now()
  driver.transportUp('ble')
  while ((seen.size < ITEMS || queue.size > 0) && clock.now() - virtualStart < 600_000) await clock.advance(5)
  const virtualS = (clock.now() - virtualStart) / 1000
  const wallMs = performance.now() - wallStart
  const airtimeS = (ITEMS * PACKET_BYTES * 8) / (KBPS * 1000)
  console.log(
    `${name.padEnd(26)} ${seen.size}/${ITEMS} received (${frames} frames, ${sends} sends, ${errors} send errors), queue ${queue.size} left: ${virtualS.toFixed(2)} s virtual ` +
      `(${(virtualS / airtimeS).toFixed(2)}× the bare airtime of ${airtimeS.toFixed(2)} s), ${wallMs.toFixed(0)} ms wall`,
  )
  driver.stop()
  await queue.close()
  await a.stop()
  await b.stop()
}

await run('memory backend', memoryQueueBackend())
const dir = mkdtempSync(join(tmpdir(), 'sf-drain-'))
const store = SqliteStore.open(join(dir, 'queue.db'))
try {
  await run('SQLite (synchronous=FULL)', store.queueBackend('bench'))
} finally {
  store.close()
  rmSync(dir, { recursive: true, force: true })
}
