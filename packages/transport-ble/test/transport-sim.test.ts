import { ErrorCode, isBitMeshError, isTransport, type Link } from '@bitmesh/interface'
import { describe, expect, it } from 'vitest'
import { BITCHAT_SERVICE_UUID, type BlePropagationModel } from '../src/index.js'
import { makeWorld, pattern } from './helpers/world.js'

describe('bleTransport over the simulated radio', () => {
  it('is a v1 ble transport', () => {
    const w = makeWorld()
    const a = w.node('A')
    expect(isTransport(a.transport)).toBe(true)
    expect(a.transport.kind).toBe('ble')
    expect(a.transport.specificationVersion).toBe('v1')
  })

  it('discovers, auto-connects and carries whole frames both ways at MTU 517 − 3', async () => {
    const w = makeWorld()
    const a = w.node('A')
    const b = w.node('B')
    await a.transport.start()
    await b.transport.start()
    await w.clock.advance(3_000)
    expect(a.transport.links).toHaveLength(1)
    expect(b.transport.links).toHaveLength(1)
    const la = a.transport.links[0]!
    const lb = b.transport.links[0]!
    // Dual role: exactly one GATT connection survives between the two, one side central.
    expect(new Set([la.direction, lb.direction])).toEqual(new Set(['inbound', 'outbound']))
    expect(la.remoteAddress).toBe('B')
    expect(lb.remoteAddress).toBe('A')
    expect(la.mtu).toBe(514)
    expect(lb.mtu).toBe(514)
    // Quality starts from the advertisement RSSI where this side heard one (the default −60 dBm).
    expect([la.quality.rssiDbm, lb.quality.rssiDbm]).toContain(-60)
    la.send(pattern(514, 1))
    lb.send(pattern(300, 2))
    await w.clock.advance(200)
    expect(b.received.map((r) => r.frame)).toEqual([pattern(514, 1)])
    expect(a.received.map((r) => r.frame)).toEqual([pattern(300, 2)])
    // One frame per write: the radio saw exactly these two data frames.
    expect(w.transmissions.map((t) => t.bytes).sort((x, y) => x - y)).toEqual([300, 514])
    await w.stopAll()
  })

  it('the higher address yields to the lower one, so mutual discovery makes one connection, not two', async () => {
    const w = makeWorld({ advertisingIntervalMs: 100 })
    const a = w.node('A', { powerMode: 'performance' })
    const b = w.node('B', { powerMode: 'performance' })
    await b.transport.start()
    await a.transport.start()
    await w.clock.advance(5_000)
    expect(a.transport.links.map((l) => l.direction)).toEqual(['outbound'])
    expect(b.transport.links.map((l) => l.direction)).toEqual(['inbound'])
    expect(a.transport.stats.duplicatesClosed + b.transport.stats.duplicatesClosed).toBe(0)
    expect(a.transport.stats.linksOpened + b.transport.stats.linksOpened).toBe(2)
    // Without the head start, both dial and one connection is torn down again.
    const w2 = makeWorld({ advertisingIntervalMs: 100 })
    const c = w2.node('A', { powerMode: 'performance', yieldToLowerAddressMs: 0, minConnectIntervalMs: 0 })
    const d = w2.node('B', { powerMode: 'performance', yieldToLowerAddressMs: 0, minConnectIntervalMs: 0 })
    await d.transport.start()
    await c.transport.start()
    await w2.clock.advance(5_000)
    expect(c.transport.links).toHaveLength(1)
    expect(d.transport.links).toHaveLength(1)
    expect(c.transport.stats.duplicatesClosed + d.transport.stats.duplicatesClosed).toBeGreaterThan(0)
    await w.stopAll()
    await w2.stopAll()
  })

  it('negotiates min(requested, central max, peripheral max) and refuses frames over the link MTU', async () => {
    const w = makeWorld()
    const a = w.node('A', { autoConnect: false })
    const b = w.node('B', { autoConnect: false }, { maxAttMtu: 185 })
    await a.transport.start()
    await b.transport.start()
    const opened = new Promise<Link>((resolve) => b.transport.on('link:open', resolve))
    const link = await dial(w, a, 'B')
    const inbound = await opened
    expect(link.mtu).toBe(182)
    expect(inbound.mtu).toBe(182)
    let error: unknown
    try {
      link.send(new Uint8Array(183))
    } catch (e) {
      error = e
    }
    expect(isBitMeshError(error) && error.code).toBe(ErrorCode.FRAME_TOO_LARGE)
    expect(link.send(new Uint8Array(182))).toBe(true)
    await w.stopAll()
  })

  it('honours a smaller requested ATT MTU', async () => {
    const w = makeWorld()
    const a = w.node('A', { autoConnect: false, requestedAttMtu: 247 })
    const b = w.node('B', { autoConnect: false })
    await a.transport.start()
    await b.transport.start()
    const link = await dial(w, a, 'B')
    expect(link.mtu).toBe(244)
    await w.stopAll()
  })

  it('reports the Android scan-response peer ID and RSSI in peer:discovered', async () => {
    const w = makeWorld({ propagation: { sample: () => ({ rssiDbm: -71, lossRate: 0 }) } })
    const peerId = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)
    const a = w.node('A', { autoConnect: false })
    const b = w.node('B', { autoConnect: false, advertisedPeerId: peerId })
    const seen: Array<{ address: string; rssiDbm?: number; advertisement?: Uint8Array }> = []
    a.transport.on('peer:discovered', (d) => seen.push(d))
    await a.transport.start()
    await b.transport.start()
    await w.clock.advance(1_000)
    expect(seen[0]).toEqual({ address: 'B', rssiDbm: -71, advertisement: peerId })
    await b.transport.setAdvertisedPeerId(undefined)
    seen.length = 0
    await w.clock.advance(1_000)
    expect(seen[0]).toEqual({ address: 'B', rssiDbm: -71 })
    await w.stopAll()
  })

  it('does not dial devices below the RSSI gate', async () => {
    const rssi = new Map([['B', -95], ['C', -80]])
    const propagation: BlePropagationModel = {
      sample: (from, to) => ({ rssiDbm: rssi.get(from) ?? rssi.get(to) ?? -60, lossRate: 0 }),
    }
    const w = makeWorld({ propagation })
    const a = w.node('A')
    const b = w.node('B', { autoConnect: false })
    const c = w.node('C', { autoConnect: false })
    for (const n of [a, b, c]) await n.transport.start()
    await w.clock.advance(5_000)
    expect(a.transport.rssiGateDbm).toBe(-90)
    expect(a.transport.links.map((l) => l.remoteAddress)).toEqual(['C'])
    expect(a.transport.stats.belowRssiGate).toBeGreaterThan(0)
    await w.stopAll()
  })

  it('enforces the overall and outbound link limits, and the radio refuses a full peripheral', async () => {
    const w = makeWorld()
    const hub = w.node('H', { maxLinks: 3, maxOutboundLinks: 2 })
    const spokes = ['S1', 'S2', 'S3', 'S4', 'S5'].map((s) => w.node(s, { autoConnect: false }))
    await hub.transport.start()
    for (const s of spokes) await s.transport.start()
    await w.clock.advance(10_000)
    expect(hub.transport.links).toHaveLength(2)
    expect(hub.transport.links.every((l) => l.direction === 'outbound')).toBe(true)
    // Inbound fills the last slot; beyond it the transport refuses.
    const free = spokes.filter((s) => s.transport.links.length === 0)
    const third = await dial(w, free[0]!, 'H')
    expect(third.status).toBe('open')
    expect(hub.transport.links).toHaveLength(3)
    // The hub drops the central when it subscribes: the dial fails, no link appears anywhere.
    const refused = free[1]!.transport.dial('H').then(
      () => 'opened',
      (e: unknown) => (isBitMeshError(e) ? e.code : String(e)),
    )
    await w.clock.advance(200)
    expect(await refused).toBe(ErrorCode.CLOSED)
    expect(free[1]!.transport.links).toHaveLength(0)
    expect(hub.transport.stats.linksRefused).toBe(1)
    expect(hub.transport.links).toHaveLength(3)
    await w.stopAll()
  })

  it('radio enforces each adapter maxConnections on both ends', async () => {
    const w = makeWorld()
    const a = w.node('A', { autoConnect: false }, { maxConnections: 1 })
    const b = w.node('B', { autoConnect: false })
    const c = w.node('C', { autoConnect: false })
    for (const n of [a, b, c]) await n.transport.start()
    await dial(w, a, 'B')
    const failed = a.transport.dial('C').catch((e: unknown) => e)
    await w.clock.advance(200)
    expect(isBitMeshError(await failed) && ((await failed) as { code: string }).code).toBe(ErrorCode.CAPACITY_EXCEEDED)
    const failedIn = c.transport.dial('A').catch((e: unknown) => e)
    await w.clock.advance(200)
    expect(isBitMeshError(await failedIn) && ((await failedIn) as { code: string }).code).toBe(ErrorCode.CAPACITY_EXCEEDED)
    await w.stopAll()
  })

  it('collapses simultaneous dials into one link, the same one on both sides', async () => {
    const w = makeWorld()
    const a = w.node('A', { autoConnect: false })
    const b = w.node('B', { autoConnect: false })
    await a.transport.start()
    await b.transport.start()
    const closes: string[] = []
    a.transport.on('link:close', ({ reason }) => closes.push(`A:${reason}`))
    b.transport.on('link:close', ({ reason }) => closes.push(`B:${reason}`))
    const pa = a.transport.dial('B')
    const pb = b.transport.dial('A')
    await w.clock.advance(500)
    const [la, lb] = await Promise.all([pa, pb])
    expect(a.transport.links).toHaveLength(1)
    expect(b.transport.links).toHaveLength(1)
    expect(w.radio.connectionCount).toBe(1)
    // Rule: keep the connection whose central has the lower address (A).
    expect(la.direction).toBe('outbound')
    expect(lb.direction).toBe('inbound')
    expect(a.transport.links[0]).toBe(la)
    la.send(Uint8Array.of(9))
    await w.clock.advance(50)
    expect(b.received.map((r) => [...r.frame])).toEqual([[9]])
    // A second dial to a linked address returns the existing link.
    expect(await a.transport.dial('B')).toBe(la)
    await w.stopAll()
  })

  it('drops a link whose ends drift out of range with reason out-of-range', async () => {
    let inRange = true
    const w = makeWorld({ propagation: { sample: () => (inRange ? { rssiDbm: -60, lossRate: 0 } : null) } })
    const a = w.node('A', { autoConnect: false })
    const b = w.node('B', { autoConnect: false })
    await a.transport.start()
    await b.transport.start()
    const link = await dial(w, a, 'B')
    const reasons: string[] = []
    link.on('close', ({ reason }) => reasons.push(reason))
    b.transport.on('link:close', ({ reason }) => reasons.push(`B:${reason}`))
    inRange = false
    await w.clock.advance(1_500)
    expect(reasons.sort()).toEqual(['B:out-of-range', 'out-of-range'])
    expect(a.transport.links).toHaveLength(0)
    await w.stopAll()
  })

  it('loses frames at the propagation loss rate and reports every transmission', async () => {
    const w = makeWorld({ propagation: { sample: () => ({ rssiDbm: -60, lossRate: 0.3 }) } }, 42)
    const a = w.node('A', { autoConnect: false })
    const b = w.node('B', { autoConnect: false })
    await a.transport.start()
    await b.transport.start()
    let link: Link | undefined
    // Discovery may be lossy too; dial until the connect lands.
    link = await dial(w, a, 'B')
    w.transmissions.length = 0
    for (let i = 0; i < 1000; i++) {
      link.send(Uint8Array.of(i & 0xff, i >> 8))
      if (i % 100 === 99) await w.clock.advance(100)
    }
    await w.clock.advance(1_000)
    expect(w.transmissions).toHaveLength(1000)
    expect(w.transmissions.every((t) => t.from === 'A' && t.to === 'B' && t.bytes === 2)).toBe(true)
    const got = b.received.length
    expect(got).toBeGreaterThan(620)
    expect(got).toBeLessThan(780)
    await w.stopAll()
  })

  it('delivers after airtime (bytes / bandwidth) plus latency', async () => {
    const w = makeWorld({ bandwidthBytesPerSecond: 10_000, latencyMs: 5 })
    const a = w.node('A', { autoConnect: false })
    const b = w.node('B', { autoConnect: false })
    await a.transport.start()
    await b.transport.start()
    const link = await dial(w, a, 'B')
    const t0 = w.clock.now()
    const arrivals: number[] = []
    b.transport.links[0]!.on('frame', () => arrivals.push(w.clock.now() - t0))
    link.send(new Uint8Array(500)) // 50 ms airtime
    link.send(new Uint8Array(500)) // queued behind it
    await w.clock.advance(200)
    expect(arrivals).toEqual([55, 105])
    await w.stopAll()
  })

  it('paces consecutive writes by writeSpacingMs', async () => {
    const w = makeWorld({ bandwidthBytesPerSecond: 1_000_000, latencyMs: 1 })
    const a = w.node('A', { autoConnect: false, writeSpacingMs: 20 })
    const b = w.node('B', { autoConnect: false })
    await a.transport.start()
    await b.transport.start()
    const link = await dial(w, a, 'B')
    const t0 = w.clock.now()
    const arrivals: number[] = []
    b.transport.links[0]!.on('frame', () => arrivals.push(w.clock.now() - t0))
    for (let i = 0; i < 4; i++) link.send(new Uint8Array(100))
    await w.clock.advance(500)
    expect(arrivals).toHaveLength(4)
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!)
    for (const gap of gaps) expect(gap).toBeCloseTo(20.1, 5)
    await w.stopAll()
  })

  it('prunes links that hear nothing for staleLinkTimeoutMs', async () => {
    const w = makeWorld()
    const a = w.node('A', { autoConnect: false, staleLinkTimeoutMs: 60_000 })
    const b = w.node('B', { autoConnect: false, staleLinkTimeoutMs: 0 })
    await a.transport.start()
    await b.transport.start()
    const link = await dial(w, a, 'B')
    const reasons: string[] = []
    link.on('close', ({ reason }) => reasons.push(reason))
    // Traffic from B keeps it alive.
    for (let i = 0; i < 5; i++) {
      b.transport.links[0]!.send(Uint8Array.of(i))
      await w.clock.advance(20_000)
    }
    expect(link.status).toBe('open')
    await w.clock.advance(80_000)
    expect(reasons).toEqual(['timeout'])
    expect(a.transport.stats.staleLinksPruned).toBe(1)
    await w.stopAll()
  })

  it('stop closes links with transport-stopped and leaves no timers behind', async () => {
    const w = makeWorld()
    const a = w.node('A')
    const b = w.node('B')
    await a.transport.start()
    await b.transport.start()
    await w.clock.advance(3_000)
    const link = a.transport.links[0]!
    const reasons: string[] = []
    link.on('close', ({ reason }) => reasons.push(reason))
    link.send(new Uint8Array(100))
    await a.transport.stop()
    expect(reasons).toEqual(['transport-stopped'])
    await b.transport.stop()
    await w.clock.advance(100)
    expect(w.clock.pendingTimers()).toBe(0)
    expect(w.radio.connectionCount).toBe(0)
    await expect(a.transport.dial('B')).rejects.toMatchObject({ code: ErrorCode.CLOSED })
  })

  it('uses the bitchat service UUID unless told otherwise', async () => {
    const w = makeWorld()
    const a = w.node('A')
    const debug = w.node('D', { serviceUuid: 'F47B5E2D-4A9E-4C5A-9B3F-8E1D2C3A4B5A' })
    const found: string[] = []
    a.transport.on('peer:discovered', (d) => found.push(d.address))
    await a.transport.start()
    await debug.transport.start()
    await w.clock.advance(3_000)
    expect(found).toEqual([])
    expect(BITCHAT_SERVICE_UUID).toBe('F47B5E2D-4A9E-4C5A-9B3F-8E1D2C3A4B5C')
    await w.stopAll()
  })
})

async function dial(w: ReturnType<typeof makeWorld>, from: { transport: { dial(a: string): Promise<Link> } }, to: string): Promise<Link> {
  const pending = from.transport.dial(to)
  await w.clock.advance(500)
  return pending
}
