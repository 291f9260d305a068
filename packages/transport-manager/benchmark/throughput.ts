/**
 * 10 MiB through the transport manager over the Wi-Fi Direct Node data plane on loopback (manager
 * envelope, pieces, acknowledgements and window on top of the framed TCP link) versus raw TCP
 * moving the same bytes in 64 KiB writes, in the same run. Both ends live in this process.
 * Run: `pnpm turbo run build --filter=@bitmesh/transport-manager... && pnpm --filter @bitmesh/transport-manager bench`.
 */
import type { Rng } from '@bitmesh/interface'
import { wifiDirectTransport } from '@bitmesh/transport-wifi-direct'
import { memoryDirectory, nodeWifiP2pAdapter } from '@bitmesh/transport-wifi-direct/node'
import { byteCounter, pushThroughLinkMs, runThroughputBench, wallClock as clock } from '../../stream-link/benchmark/harness.js'
import { createTransportManager } from '../src/index.js'

const rng: Rng = { next: () => 0.5, randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)) }

async function managed(): Promise<number> {
  const directory = memoryDirectory()
  const owner = wifiDirectTransport({ adapter: nodeWifiP2pAdapter({ deviceAddress: 'o', directory, clock }), role: 'owner', clock, port: 0, datagrams: false })
  const member = wifiDirectTransport({ adapter: nodeWifiP2pAdapter({ deviceAddress: 'm', directory, clock }), role: 'member', clock, datagrams: false })
  const a = createTransportManager({ transports: [member], clock, rng, localId: 'a' })
  const b = createTransportManager({ transports: [owner], clock, rng, localId: 'b' })
  const counter = byteCounter()
  b.on('link:open', (l) => l.on('frame', counter.count))
  await b.start()
  await a.start()
  const ms = await pushThroughLinkMs(await a.dial('wifi-direct:o'), counter.done)
  await a.stop()
  await b.stop()
  return ms
}

await runThroughputBench('transport manager over wifi-direct (64 KiB frames)', managed)
