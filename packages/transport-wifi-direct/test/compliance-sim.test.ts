/** The shared compliance suite over the simulated Wi-Fi P2P world (virtual time). */
import { connectTransports, runTransportCompliance } from '@bitmesh/transport-compliance'
import { SimulatedWifiP2pWorld, wifiDirectTransport } from '../src/index.js'
import { TestClock } from '../../stream-link/test/helpers/virtual.js'

runTransportCompliance({
  name: 'wifi-direct (simulated world, 2 ms, 100 Mbit/s, MTU 4096)',
  async setup() {
    const clock = new TestClock()
    const world = new SimulatedWifiP2pWorld({ clock, groupFormationMs: 100 })
    const member = wifiDirectTransport({ adapter: world.adapter('member'), role: 'member', clock, mtu: 4096, highWaterBytes: 64 * 1024 })
    const owner = wifiDirectTransport({ adapter: world.adapter('owner'), role: 'owner', clock, mtu: 4096, highWaterBytes: 64 * 1024 })
    await member.start()
    await owner.start()
    return {
      a: member,
      b: owner,
      connect: () => connectTransports(member, owner, 'owner'),
      advance: (ms) => clock.advance(ms),
      pendingTimers: () => clock.pendingTimers(),
      teardown: async () => {
        await member.stop()
        await owner.stop()
      },
    }
  },
})
