/**
 * The shared compliance suite: simulated world (virtual time) and Node adapter (real loopback
 * TCP). In both, the member got the head's credentials through the real BLE credential exchange.
 */
import { defaultCryptoProvider as crypto } from '@bitmesh/crypto'
import type { Clock, Rng } from '@bitmesh/interface'
import { connectTransports, runTransportCompliance } from '@bitmesh/transport-compliance'
import { hotspotTransport, HotspotCredentialIssuer, HotspotCredentialRequester, SimulatedHotspotWorld, type HotspotTransport } from '../src/index.js'
import { memoryDirectory, nodeHotspotAdapter } from '../src/node/index.js'
import { RealClock } from '../../stream-link/test/helpers/real.js'
import { seededRng, TestClock } from '../../stream-link/test/helpers/virtual.js'

/** Run the BLE credential exchange between head and member; returns the SSID to dial. */
function exchange(head: HotspotTransport, member: HotspotTransport, clock: Clock, rng: Rng): string {
  const issuer = new HotspotCredentialIssuer({ crypto, clock, rng, identitySeed: rng.randomBytes(32), credentials: () => head.credentials })
  const requester = new HotspotCredentialRequester({ crypto, clock, rng })
  const credentials = requester.acceptOffer(issuer.respond(requester.createRequest()), issuer.fingerprint.subarray(0, 8))
  member.useCredentials(credentials)
  return credentials.ssid
}

runTransportCompliance({
  name: 'hotspot (simulated world, 3 ms, 50 Mbit/s, MTU 4096)',
  async setup() {
    const clock = new TestClock()
    const rng = seededRng(5)
    const world = new SimulatedHotspotWorld({ clock, rng, joinMs: 200 })
    const member = hotspotTransport({ adapter: world.adapter('member'), role: 'member', clock, mtu: 4096, highWaterBytes: 64 * 1024 })
    const head = hotspotTransport({ adapter: world.adapter('head'), role: 'head', clock, mtu: 4096, highWaterBytes: 64 * 1024 })
    await member.start()
    await head.start()
    const ssid = exchange(head, member, clock, rng)
    return {
      a: member,
      b: head,
      connect: () => connectTransports(member, head, ssid),
      advance: (ms) => clock.advance(ms),
      pendingTimers: () => clock.pendingTimers(),
      teardown: async () => {
        await member.stop()
        await head.stop()
      },
    }
  },
})

runTransportCompliance({
  name: 'hotspot (Node adapter, loopback TCP)',
  async setup() {
    const clock = new RealClock()
    const rng = seededRng(6)
    const directory = memoryDirectory()
    const member = hotspotTransport({ adapter: nodeHotspotAdapter({ label: 'member', directory, rng }), role: 'member', clock })
    const head = hotspotTransport({ adapter: nodeHotspotAdapter({ label: 'head', directory, rng }), role: 'head', clock, port: 0 })
    await member.start()
    await head.start()
    const ssid = exchange(head, member, clock, rng)
    return {
      a: member,
      b: head,
      connect: () => connectTransports(member, head, ssid),
      pendingTimers: () => clock.pendingTimers(),
      teardown: async () => {
        await member.stop()
        await head.stop()
      },
    }
  },
})
