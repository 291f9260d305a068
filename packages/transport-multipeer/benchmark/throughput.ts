/**
 * 10 MiB through the Multipeer Node data plane (emulated MCSession) on loopback (framing, preface,
 * link queue and backpressure included) versus raw TCP moving the same bytes in 64 KiB writes, in
 * the same run. Both ends live in this process. Run: `pnpm --filter @bitmesh/transport-multipeer bench`.
 */
import { byteCounter, pushThroughLinkMs, runThroughputBench, wallClock as clock } from '../../stream-link/benchmark/harness.js'
import { multipeerTransport } from '../src/index.js'
import { memoryDirectory, nodeMultipeerAdapter } from '../src/node/index.js'

async function framed(): Promise<number> {
  const directory = memoryDirectory()
  const owner = multipeerTransport({ adapter: nodeMultipeerAdapter({ peerId: 'o', directory, clock }), clock })
  const member = multipeerTransport({ adapter: nodeMultipeerAdapter({ peerId: 'm', directory, clock }), clock })
  const counter = byteCounter()
  owner.on('link:open', (l) => l.on('frame', counter.count))
  await owner.start()
  await member.start()
  const ms = await pushThroughLinkMs(await member.dial('o'), counter.done)
  await member.stop()
  await owner.stop()
  return ms
}

await runThroughputBench('multipeer Node data plane (64 KiB MTU)', framed)
