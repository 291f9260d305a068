/**
 * 10 MiB through the Wi-Fi Direct Node data plane on loopback (framing, preface, link queue and
 * backpressure included) versus raw TCP moving the same bytes in 64 KiB writes, in the same run.
 * Both ends live in this process. Run: `pnpm --filter @bitmesh/transport-wifi-direct bench`.
 */
import { byteCounter, pushThroughLinkMs, runThroughputBench, wallClock as clock } from '../../stream-link/benchmark/harness.js'
import { wifiDirectTransport } from '../src/index.js'
import { memoryDirectory, nodeWifiP2pAdapter } from '../src/node/index.js'

async function framed(): Promise<number> {
  const directory = memoryDirectory()
  const owner = wifiDirectTransport({ adapter: nodeWifiP2pAdapter({ deviceAddress: 'o', directory, clock }), role: 'owner', clock, port: 0, datagrams: false })
  const member = wifiDirectTransport({ adapter: nodeWifiP2pAdapter({ deviceAddress: 'm', directory, clock }), role: 'member', clock, datagrams: false })
  const counter = byteCounter()
  owner.on('link:open', (l) => l.on('frame', counter.count))
  await owner.start()
  await member.start()
  const ms = await pushThroughLinkMs(await member.dial('o'), counter.done)
  await member.stop()
  await owner.stop()
  return ms
}

await runThroughputBench('wifi-direct Node data plane (64 KiB MTU)', framed)
