/** The `roles` capability of the adapter contract: central-only adapters never serve or advertise. */
import { describe, expect, it } from 'vitest'
import { bleTransport, createSimulatedBleAdapter, SimulatedBleRadio, type BleAdapterRoles, type BlePlatformAdapter } from '../src/index.js'
import { seededRng, TestClock } from './helpers/virtual.js'

/** Wrap a simulated adapter, record peripheral-side calls, optionally declare roles. */
function recording(roles: BleAdapterRoles | undefined) {
  const clock = new TestClock()
  const rng = seededRng(5)
  const radio = new SimulatedBleRadio({ clock, rng, advertisingIntervalMs: 100 })
  const sim = createSimulatedBleAdapter(radio, { address: 'me' })
  const calls: string[] = []
  const adapter: BlePlatformAdapter = {
    ...(roles && { roles }),
    localAddress: sim.localAddress,
    startAdvertising: (ad) => (calls.push('startAdvertising'), sim.startAdvertising(ad)),
    stopAdvertising: () => sim.stopAdvertising(),
    startScanning: (o, d) => sim.startScanning(o, d),
    stopScanning: () => sim.stopScanning(),
    connect: (a, o) => sim.connect(a, o),
    startServer: (s, h) => (calls.push('startServer'), sim.startServer(s, h)),
    stopServer: () => sim.stopServer(),
    notify: (c, b) => sim.notify(c, b),
    disconnectCentral: (c) => sim.disconnectCentral(c),
  }
  const transport = bleTransport({ adapter, clock, rng })
  const peer = bleTransport({ adapter: createSimulatedBleAdapter(radio, { address: 'peer' }), clock, rng })
  return { clock, transport, peer, calls }
}

describe('adapter roles', () => {
  it('a central-only adapter is never asked to serve or advertise, yet still dials', async () => {
    const { clock, transport, peer, calls } = recording({ central: true, peripheral: false })
    await peer.start()
    await transport.start()
    await transport.setAdvertisedPeerId(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8))
    await transport.setBeacon(Uint8Array.of(1))
    await clock.advance(3_000)
    expect(calls).toEqual([])
    expect(transport.links.map((l) => l.direction)).toEqual(['outbound'])
    expect(peer.stats.discoveries).toBe(0) // nothing on the air to discover
    await transport.stop()
    await peer.stop()
  })

  it('an adapter without roles plays both, as before', async () => {
    const { transport, calls } = recording(undefined)
    await transport.start()
    await transport.setAdvertisedPeerId(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8))
    expect(calls).toEqual(['startServer', 'startAdvertising', 'startAdvertising'])
    await transport.stop()
  })
})
