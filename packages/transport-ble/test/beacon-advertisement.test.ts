import type { ScannedAdvertisement } from '@bitmesh/interface'
import { describe, expect, it } from 'vitest'
import type { BlePropagationModel } from '../src/index.js'
import { makeWorld } from './helpers/world.js'

/** C is far from A (−97 dBm, below every dial gate); B is close (−55 dBm). */
const RSSI: Record<string, number> = { AB: -55, BA: -55, AC: -97, CA: -97, BC: -70, CB: -70 }
const propagation: BlePropagationModel = { sample: (from, to) => ({ rssiDbm: RSSI[from + to] ?? -60, lossRate: 0 }) }

describe('BitMesh beacon advertisement (issue #6)', () => {
  it('reports every scanned beacon with its RSSI, below the dial gate too, and only beacons', async () => {
    const w = makeWorld({ propagation, advertisingIntervalMs: 1_000 })
    const a = w.node('A', { powerMode: 'performance', autoConnect: false })
    const b = w.node('B', { autoConnect: false })
    const c = w.node('C', { autoConnect: false })
    const seen: ScannedAdvertisement[] = []
    a.transport.on('advertisement', (ad) => seen.push(ad))
    await b.transport.setBeacon(Uint8Array.of(1, 2, 3))
    await Promise.all([a.transport.start(), b.transport.start(), c.transport.start()])
    await c.transport.setBeacon(Uint8Array.of(9, 9))
    await w.clock.advance(3_500)
    const fromB = seen.filter((s) => s.address === 'B')
    const fromC = seen.filter((s) => s.address === 'C')
    expect(fromB.length).toBeGreaterThanOrEqual(3)
    expect(fromB[0]).toEqual({ address: 'B', rssiDbm: -55, serviceData: Uint8Array.of(1, 2, 3) })
    // −97 dBm is under the −95 dial gate of `performance`: no discovery counted, the beacon still reported.
    expect(fromC[0]).toEqual({ address: 'C', rssiDbm: -97, serviceData: Uint8Array.of(9, 9) })
    expect(a.transport.stats.belowRssiGate).toBeGreaterThan(0)
    // A beacon change is advertised; clearing it stops the reports.
    await b.transport.setBeacon(Uint8Array.of(4))
    await c.transport.setBeacon(undefined)
    seen.length = 0
    await w.clock.advance(2_000)
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.every((s) => s.address === 'B' && s.serviceData[0] === 4)).toBe(true)
    await w.stopAll()
  })

  it('refuses a beacon over the 13-byte legacy advertising budget', async () => {
    const w = makeWorld()
    const a = w.node('A')
    await expect(a.transport.setBeacon(new Uint8Array(14))).rejects.toThrow(RangeError)
    await expect(a.transport.setBeacon(new Uint8Array(13))).resolves.toBeUndefined()
  })
})
