import { ErrorCode, isBitMeshError } from '@bitmesh/interface'
import { describe, expect, it } from 'vitest'
import { bleTransport, type BlePlatformAdapter } from '../src/index.js'
import { makeWorld } from './helpers/world.js'

/** Wrap an adapter so `connect` to chosen addresses hangs until aborted (a silent device). */
function hangingConnects(inner: BlePlatformAdapter, hang: Set<string>, attempts: Array<{ address: string; at: number }>, now: () => number): BlePlatformAdapter {
  return {
    localAddress: inner.localAddress,
    startAdvertising: (a) => inner.startAdvertising(a),
    stopAdvertising: () => inner.stopAdvertising(),
    startScanning: (o, cb) => inner.startScanning(o, cb),
    stopScanning: () => inner.stopScanning(),
    startServer: (s, h) => inner.startServer(s, h),
    stopServer: () => inner.stopServer(),
    notify: (c, b) => inner.notify(c, b),
    disconnectCentral: (c) => inner.disconnectCentral(c),
    connect: (address, options) => {
      attempts.push({ address, at: now() })
      if (!hang.has(address)) return inner.connect(address, options)
      return new Promise((_, reject) => options.signal?.addEventListener('abort', () => reject(options.signal?.reason)))
    },
  }
}

describe('connect timeout, backoff and dial pacing', () => {
  it('times out a silent device after 8 s and backs off before retrying automatically', async () => {
    const w = makeWorld()
    const attempts: Array<{ address: string; at: number }> = []
    const inner = w.radio.createAdapter({ address: 'A' })
    const adapter = hangingConnects(inner, new Set(['B']), attempts, () => w.clock.now())
    const a = bleTransport({ adapter, clock: w.clock, rng: w.rng, powerMode: 'performance' })
    w.node('B', { autoConnect: false })
    await a.start()
    await w.nodes[0]!.transport.start()
    const explicit = a.dial('B').catch((e: unknown) => e)
    await w.clock.advance(7_999)
    expect(attempts).toHaveLength(1)
    await w.clock.advance(1)
    const error = await explicit
    expect(isBitMeshError(error) && error.code).toBe(ErrorCode.TIMEOUT)
    expect(a.stats.dialFailures).toBe(1)
    // Discovery keeps offering B; automatic retries wait 5 s ±20 % after the failure, then 10 s ±20 % …
    await w.clock.advance(60_000)
    const times = attempts.map((t) => t.at)
    expect(times[1]! - 8_000).toBeGreaterThanOrEqual(4_000)
    expect(times[1]! - 8_000).toBeLessThanOrEqual(6_000 + 1_000) // + one advertising interval to be heard again
    const gap2 = times[2]! - (times[1]! + 8_000)
    expect(gap2).toBeGreaterThanOrEqual(8_000)
    expect(gap2).toBeLessThanOrEqual(13_000)
    await a.stop()
    await w.stopAll()
    expect(w.clock.pendingTimers()).toBe(0)
  })

  it('aborting a dial through its signal rejects with ABORTED', async () => {
    const w = makeWorld()
    const attempts: Array<{ address: string; at: number }> = []
    const adapter = hangingConnects(w.radio.createAdapter({ address: 'A' }), new Set(['B']), attempts, () => w.clock.now())
    const a = bleTransport({ adapter, clock: w.clock, rng: w.rng, autoConnect: false })
    await a.start()
    const controller = new AbortController()
    const pending = a.dial('B', { signal: controller.signal }).catch((e: unknown) => e)
    await w.clock.advance(100)
    controller.abort()
    expect(await pending).toMatchObject({ code: ErrorCode.ABORTED })
    await a.stop()
  })

  it('dials discovered devices at most once per 500 ms, strongest first', async () => {
    const rssi: Record<string, number> = { B: -80, C: -60, D: -70 }
    const w = makeWorld({ propagation: { sample: (from, to) => ({ rssiDbm: rssi[from] ?? rssi[to] ?? -50, lossRate: 0 }) }, advertisingIntervalMs: 100 })
    const attempts: Array<{ address: string; at: number }> = []
    const adapter = hangingConnects(w.radio.createAdapter({ address: 'A' }), new Set(), attempts, () => w.clock.now())
    const a = bleTransport({ adapter, clock: w.clock, rng: w.rng, powerMode: 'performance' })
    for (const x of ['B', 'C', 'D']) await w.node(x, { autoConnect: false }).transport.start()
    await a.start()
    await w.clock.advance(3_000)
    expect(attempts.map((t) => t.address)).toEqual(['C', 'D', 'B'])
    const gaps = attempts.slice(1).map((t, i) => t.at - attempts[i]!.at)
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(500)
    expect(a.links).toHaveLength(3)
    await a.stop()
    await w.stopAll()
  })

  it('duty-cycles the scanner by power mode on the injected clock', async () => {
    const w = makeWorld()
    const a = w.node('A', { powerMode: 'power-saver' })
    await a.transport.start()
    const samples: boolean[] = []
    for (let t = 0; t < 6; t++) {
      samples.push(a.transport.scanning)
      await w.clock.advance(5_000)
    }
    // 2 s on / 28 s off: sampled every 5 s from t=0 → on, off ×5.
    expect(samples).toEqual([true, false, false, false, false, false])
    await w.clock.advance(1_000) // t = 31 s → on again
    expect(a.transport.scanning).toBe(true)
    expect(a.transport.rssiGateDbm).toBe(-75)
    a.transport.setPowerMode('performance')
    expect(a.transport.scanning).toBe(true)
    await w.clock.advance(120_000)
    expect(a.transport.scanning).toBe(true)
    expect(a.transport.rssiGateDbm).toBe(-95)
    // BitMesh's cluster-member mode: 3 s on / 12 s off, gate −75 dBm.
    a.transport.setPowerMode('cluster-member')
    const member: boolean[] = []
    for (let t = 0; t < 15; t++) {
      member.push(a.transport.scanning)
      await w.clock.advance(1_000)
    }
    expect(member.filter(Boolean)).toHaveLength(3)
    expect(a.transport.rssiGateDbm).toBe(-75)
    expect(() => a.transport.setPowerMode('nap' as never)).toThrow(RangeError)
    await w.stopAll()
  })

  it('adaptive mode cycles once more than 2 links are quiet, continuous again on traffic', async () => {
    const w = makeWorld()
    const hub = w.node('H')
    const spokes = ['S1', 'S2', 'S3'].map((s) => w.node(s, { autoConnect: false }))
    await hub.transport.start()
    for (const s of spokes) await s.transport.start()
    await w.clock.advance(5_000)
    expect(hub.transport.links).toHaveLength(3)
    await w.clock.advance(40_000)
    const seen = new Set<boolean>()
    for (let i = 0; i < 30; i++) {
      seen.add(hub.transport.scanning)
      await w.clock.advance(1_000)
    }
    expect(seen).toEqual(new Set([true, false]))
    // Traffic makes it continuous again at once (iOS: recent traffic within 10 s).
    while (hub.transport.scanning) await w.clock.advance(500)
    hub.transport.links[0]!.send(Uint8Array.of(1))
    expect(hub.transport.scanning).toBe(true)
    const during = new Set<boolean>()
    for (let i = 0; i < 9; i++) {
      during.add(hub.transport.scanning)
      await w.clock.advance(1_000)
    }
    expect(during).toEqual(new Set([true]))
    await w.stopAll()
  })

  it('without a local address, a double dial keeps both links (no disagreement, no teardown)', async () => {
    const w = makeWorld()
    const anonymous = (address: string): BlePlatformAdapter => {
      const inner = w.radio.createAdapter({ address })
      const { localAddress: _drop, ...rest } = hangingConnects(inner, new Set(), [], () => w.clock.now())
      return rest
    }
    const a = bleTransport({ adapter: anonymous('A'), clock: w.clock, rng: w.rng, autoConnect: false })
    const b = bleTransport({ adapter: anonymous('B'), clock: w.clock, rng: w.rng, autoConnect: false })
    await a.start()
    await b.start()
    const both = Promise.all([a.dial('B'), b.dial('A')])
    await w.clock.advance(500)
    await both
    expect(a.links.map((l) => l.direction).sort()).toEqual(['inbound', 'outbound'])
    expect(b.links.map((l) => l.direction).sort()).toEqual(['inbound', 'outbound'])
    expect(w.radio.connectionCount).toBe(2)
    expect(a.stats.duplicatesClosed + b.stats.duplicatesClosed).toBe(0)
    await a.stop()
    await b.stop()
    await w.clock.advance(100)
    expect(w.clock.pendingTimers()).toBe(0)
  })
})
