/** The shared compliance suite: simulated world (virtual time) and Node adapter (real loopback TCP/UDP). */
import { connectTransports, runTransportCompliance } from '@bitmesh/transport-compliance'
import { multipeerTransport, SimulatedMultipeerWorld } from '../src/index.js'
import { memoryDirectory, nodeMultipeerAdapter } from '../src/node/index.js'
import { RealClock } from '../../stream-link/test/helpers/real.js'
import { TestClock } from '../../stream-link/test/helpers/virtual.js'

runTransportCompliance({
  name: 'multipeer (simulated world, 3 ms, 50 Mbit/s, MTU 4096)',
  async setup() {
    const clock = new TestClock()
    const world = new SimulatedMultipeerWorld({ clock })
    const a = multipeerTransport({ adapter: world.adapter('alice'), clock, mtu: 4096, highWaterBytes: 64 * 1024 })
    const b = multipeerTransport({ adapter: world.adapter('bob'), clock, mtu: 4096, highWaterBytes: 64 * 1024 })
    await a.start()
    await b.start()
    return {
      a,
      b,
      connect: () => connectTransports(a, b, 'bob'),
      advance: (ms) => clock.advance(ms),
      pendingTimers: () => clock.pendingTimers(),
      teardown: async () => {
        await a.stop()
        await b.stop()
      },
    }
  },
})

runTransportCompliance({
  name: 'multipeer (Node adapter, loopback TCP + UDP)',
  async setup() {
    const clock = new RealClock()
    const directory = memoryDirectory()
    const a = multipeerTransport({ adapter: nodeMultipeerAdapter({ peerId: 'alice', directory, clock }), clock })
    const b = multipeerTransport({ adapter: nodeMultipeerAdapter({ peerId: 'bob', directory, clock }), clock })
    await a.start()
    await b.start()
    return {
      a,
      b,
      connect: () => connectTransports(a, b, 'bob'),
      pendingTimers: () => clock.pendingTimers(),
      teardown: async () => {
        await a.stop()
        await b.stop()
      },
    }
  },
})
