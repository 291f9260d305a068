/** The shared compliance suite over real loopback TCP (mDNS off: the harness dials directly). */
import { connectTransports, runTransportCompliance } from '@bitmesh/transport-compliance'
import { lanTransport } from '../src/node/index.js'
import { RealClock } from '../../stream-link/test/helpers/real.js'

runTransportCompliance({
  name: 'lan (Node, loopback TCP)',
  async setup() {
    const clock = new RealClock()
    const make = (nodeId: string) => lanTransport({ clock, nodeId, host: '127.0.0.1', port: 0, discovery: { mdns: false } })
    const a = make('aaaa0001')
    const b = make('bbbb0002')
    await a.start()
    await b.start()
    return {
      a,
      b,
      connect: () => connectTransports(a, b, b.localAddress!),
      pendingTimers: () => clock.pendingTimers(),
      teardown: async () => {
        await a.stop()
        await b.stop()
      },
    }
  },
})
