/**
 * The shared transport compliance suite, run twice: over the simulated radio (virtual time) and
 * over the Node adapter on faithful noble/bleno fakes (there is no Bluetooth radio on CI).
 */
import type { Link, Transport } from '@bitmesh/interface'
import { runTransportCompliance } from '@bitmesh/transport-compliance'
import { bleTransport, createSimulatedBleAdapter, nodeBleAdapter, SimulatedBleRadio } from '../src/index.js'
import { FakeAir } from './fakes/noble-bleno.js'
import { seededRng, TestClock } from './helpers/virtual.js'

/** Dial b from a, driving virtual time until both ends exist. */
async function connectDriven(a: Transport, b: Transport, address: string, clock: TestClock, before?: () => void): Promise<[Link, Link]> {
  let inbound: Link | undefined
  const off = b.on('link:open', (link) => {
    if (link.direction === 'inbound') inbound = link
  })
  before?.()
  let outbound: Link | undefined
  let failure: unknown
  let settled = false
  a.dial(address).then(
    (link) => {
      outbound = link
      settled = true
    },
    (error: unknown) => {
      failure = error
      settled = true
    },
  )
  try {
    for (let step = 0; step < 1_000 && !(settled && (inbound !== undefined || failure !== undefined)); step++) await clock.advance(10)
    if (failure !== undefined) throw failure
    if (outbound === undefined || inbound === undefined) throw new Error('BLE link did not open')
    return [outbound, inbound]
  } finally {
    off()
  }
}

runTransportCompliance({
  name: 'ble (simulated radio)',
  async setup() {
    const clock = new TestClock()
    const rng = seededRng(11)
    const radio = new SimulatedBleRadio({ clock, rng })
    const make = (address: string) =>
      bleTransport({ adapter: createSimulatedBleAdapter(radio, { address }), clock, rng, autoConnect: false })
    const a = make('sim-a')
    const b = make('sim-b')
    await a.start()
    await b.start()
    return {
      a,
      b,
      connect: () => connectDriven(a, b, 'sim-b', clock),
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
  name: 'ble (Node adapter over noble/bleno fakes)',
  async setup() {
    const clock = new TestClock()
    const rng = seededRng(12)
    const air = new FakeAir()
    const da = air.device('aa:00:00:00:00:01')
    const db = air.device('bb:00:00:00:00:02')
    const a = bleTransport({ adapter: nodeBleAdapter({ load: da.load, localAddress: da.noble.address }), clock, rng, autoConnect: false })
    const b = bleTransport({ adapter: nodeBleAdapter({ load: db.load, localAddress: db.noble.address }), clock, rng, autoConnect: false })
    await a.start()
    await b.start()
    return {
      a,
      b,
      connect: () => connectDriven(a, b, db.bleno.address, clock, () => air.advertiseAll()),
      advance: (ms) => clock.advance(ms),
      pendingTimers: () => clock.pendingTimers(),
      teardown: async () => {
        await a.stop()
        await b.stop()
      },
    }
  },
})
