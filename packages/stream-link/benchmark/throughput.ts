/**
 * 10 MiB through a framed FastLink over loopback TCP (preface, `u32 length ‖ frame` records,
 * gather writes, link queue and backpressure; no transport lifecycle) versus raw TCP moving the
 * same bytes in 64 KiB writes, in the same run. Run: `pnpm --filter @bitmesh/stream-link bench`.
 */
import type { ByteStream } from '../src/index.js'
import { FastLink, FAST_LINK_HIGH_WATER_BYTES, FAST_LINK_MAX_QUEUE_BYTES, FAST_LINK_MTU_BYTES, openFramedStream } from '../src/index.js'
import { connectTcp, listenTcp } from '../src/node/index.js'
import { byteCounter, pushThroughLinkMs, runThroughputBench, wallClock } from './harness.js'

/** Frame `stream` and resolve with its link once the peer's preface arrived. */
function framedLink(stream: ByteStream, label: string, direction: 'inbound' | 'outbound'): Promise<FastLink> {
  return new Promise((resolve, reject) =>
    openFramedStream(stream, { clock: wallClock, maxFrameBytes: FAST_LINK_MTU_BYTES, label, datagramPort: 0, prefaceTimeoutMs: 5_000 }, {
      ready: (remote, sink, mtu) => {
        const link = new FastLink({ id: label, kind: 'lan', remoteAddress: remote.label, direction, mtu, sink, highWaterBytes: FAST_LINK_HIGH_WATER_BYTES, maxQueueBytes: FAST_LINK_MAX_QUEUE_BYTES })
        resolve(link)
        return link
      },
      failed: reject,
    }),
  )
}

async function framedTcpMs(): Promise<number> {
  const counter = byteCounter()
  let inbound: Promise<FastLink> | undefined
  const listener = await listenTcp('127.0.0.1', 0, (stream) => (inbound = framedLink(stream, 'server', 'inbound')))
  const outbound = await framedLink(await connectTcp('127.0.0.1', listener.port), 'client', 'outbound')
  const server = await inbound!
  server.on('frame', counter.count)
  const ms = await pushThroughLinkMs(outbound, counter.done)
  await outbound.close()
  await server.close()
  await listener.close()
  return ms
}

await runThroughputBench('stream-link FastLink over TCP (64 KiB MTU)', framedTcpMs)
