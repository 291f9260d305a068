/**
 * 10 MiB through the hotspot Node data plane on loopback (framing, preface, link queue and
 * backpressure included) versus raw TCP moving the same bytes in 64 KiB writes, in the same run.
 * Both ends live in this process. Run: `pnpm --filter @bitmesh/transport-hotspot bench`.
 */
import { byteCounter, pushThroughLinkMs, runThroughputBench, wallClock as clock } from '../../stream-link/benchmark/harness.js'
import { hotspotTransport } from '../src/index.js'
import { memoryDirectory, nodeHotspotAdapter } from '../src/node/index.js'

async function framed(): Promise<number> {
  const directory = memoryDirectory()
  const rng = { next: () => 0.5, randomBytes: (n: number) => new Uint8Array(n) }
  const owner = hotspotTransport({ adapter: nodeHotspotAdapter({ label: 'o', directory, rng }), role: 'head', clock, port: 0, datagrams: false })
  const member = hotspotTransport({ adapter: nodeHotspotAdapter({ label: 'm', directory, rng }), role: 'member', clock, datagrams: false })
  const counter = byteCounter()
  owner.on('link:open', (l) => l.on('frame', counter.count))
  await owner.start()
  await member.start()
  // Credentials handed over directly here (the BLE exchange is not part of the data plane).
  member.useCredentials(owner.credentials!)
  const ms = await pushThroughLinkMs(await member.dial(owner.credentials!.ssid), counter.done)
  await member.stop()
  await owner.stop()
  return ms
}

await runThroughputBench('hotspot Node data plane (64 KiB MTU)', framed)
