/** The shared compliance suite over the Node adapter: real TCP/UDP sockets on loopback. */
import { connectTransports, runTransportCompliance } from '@bitmesh/transport-compliance'
import { wifiDirectTransport } from '../src/index.js'
import { memoryDirectory, nodeWifiP2pAdapter } from '../src/node/index.js'
import { RealClock } from '../../stream-link/test/helpers/real.js'

runTransportCompliance({
  name: 'wifi-direct (Node adapter, loopback TCP)',
  async setup() {
    const clock = new RealClock()
    const directory = memoryDirectory()
    const member = wifiDirectTransport({ adapter: nodeWifiP2pAdapter({ deviceAddress: 'member', directory, clock }), role: 'member', clock, port: 0 })
    const owner = wifiDirectTransport({ adapter: nodeWifiP2pAdapter({ deviceAddress: 'owner', directory, clock }), role: 'owner', clock, port: 0 })
    await member.start()
    await owner.start()
    return {
      a: member,
      b: owner,
      connect: () => connectTransports(member, owner, 'owner'),
      pendingTimers: () => clock.pendingTimers(),
      teardown: async () => {
        await member.stop()
        await owner.stop()
      },
    }
  },
})
