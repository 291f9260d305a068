/** mDNS discovery state machine on an in-memory multicast bus, in virtual time. */
import { ManualClock } from '@bitmesh/transport-compliance'
import { describe, expect, it } from 'vitest'
import { LAN_SERVICE_TYPE, LanDiscovery, serviceRecords, type LanDiscoveryEvents } from '../src/index.js'
import { MdnsBus } from './helpers/bus.js'

function node(bus: MdnsBus, clock: ManualClock, id: string, port: number, extra: { ttlS?: number; maxPeers?: number; reannounceIntervalMs?: number } = {}) {
  const socket = bus.socket()
  const d = new LanDiscovery({ socket, clock, self: { id, host: '127.0.0.1', port }, service: LAN_SERVICE_TYPE, ...extra })
  const found: LanDiscoveryEvents['found'][] = []
  const lost: LanDiscoveryEvents['lost'][] = []
  d.on('found', (e) => found.push(e))
  d.on('lost', (e) => lost.push(e))
  return { d, found, lost, socket }
}

describe('LanDiscovery', () => {
  it('two nodes find each other from the start-up burst, never themselves', async () => {
    const bus = new MdnsBus()
    const clock = new ManualClock()
    const a = node(bus, clock, 'aaaa', 1001)
    const b = node(bus, clock, 'bbbb', 1002)
    a.d.start()
    b.d.start()
    await clock.advance(10)
    expect(a.d.table.list().map((p) => [p.id, p.port])).toEqual([['bbbb', 1002]])
    expect(b.d.table.list().map((p) => [p.id, p.port])).toEqual([['aaaa', 1001]])
    expect(a.found[0]).toMatchObject({ change: 'new', peer: { id: 'bbbb', host: '127.0.0.1' } })
    await a.d.stop()
    await b.d.stop()
    expect(clock.pendingTimers()).toBe(0)
  })

  it('a late joiner is found through its query being answered', async () => {
    const bus = new MdnsBus()
    const clock = new ManualClock()
    const a = node(bus, clock, 'aaaa', 1001)
    a.d.start()
    await clock.advance(10_000) // a's burst is over
    const announcesBefore = a.d.stats.announcesSent
    const c = node(bus, clock, 'cccc', 1003)
    c.d.start()
    await clock.advance(10)
    expect(a.d.stats.queriesAnswered).toBeGreaterThan(0)
    expect(a.d.stats.announcesSent).toBeGreaterThan(announcesBefore)
    expect(c.d.table.get('aaaa')?.port).toBe(1001)
    await a.d.stop()
    await c.d.stop()
  })

  it('stop sends a goodbye that removes the node at once', async () => {
    const bus = new MdnsBus()
    const clock = new ManualClock()
    const a = node(bus, clock, 'aaaa', 1001)
    const b = node(bus, clock, 'bbbb', 1002)
    a.d.start()
    b.d.start()
    await clock.advance(10)
    await a.d.stop()
    await clock.advance(1)
    expect(b.lost).toEqual([{ peer: expect.objectContaining({ id: 'aaaa' }), reason: 'goodbye' }])
    expect(b.d.table.size).toBe(0)
    expect(bus.sent.at(-1)?.answers?.every((r) => r.ttl === 0)).toBe(true)
    await b.d.stop()
  })

  it('re-announcing keeps a silent-but-alive node; a vanished one expires with its TTL', async () => {
    const bus = new MdnsBus()
    const clock = new ManualClock()
    const a = node(bus, clock, 'aaaa', 1001, { ttlS: 20, reannounceIntervalMs: 8_000 })
    const b = node(bus, clock, 'bbbb', 1002, { ttlS: 20, reannounceIntervalMs: 8_000 })
    a.d.start()
    b.d.start()
    await clock.advance(60_000)
    expect(b.d.table.get('aaaa')).toBeDefined()
    expect(b.lost).toEqual([])
    bus.cut(a.socket) // a crashes: no goodbye reaches anyone
    await a.d.stop()
    await clock.advance(15_000)
    expect(b.lost).toEqual([])
    await clock.advance(15_000)
    expect(b.lost.map((l) => [l.peer.id, l.reason])).toEqual([['aaaa', 'expired']])
    await b.d.stop()
  })

  it('bounds the peer table and reports evictions', async () => {
    const bus = new MdnsBus()
    const clock = new ManualClock()
    const a = node(bus, clock, 'aaaa', 1001, { maxPeers: 2 })
    a.d.start()
    await clock.advance(1)
    for (const [i, id] of ['b001', 'b002', 'b003'].entries()) {
      bus.inject({ type: 'response', answers: serviceRecords({ id, host: '10.0.0.9', port: 2000 + i }, LAN_SERVICE_TYPE, 120) })
    }
    expect(a.d.table.list().map((p) => p.id)).toEqual(['b002', 'b003'])
    expect(a.lost).toEqual([{ peer: expect.objectContaining({ id: 'b001' }), reason: 'evicted' }])
    await a.d.stop()
  })

  it('ignores junk packets', async () => {
    const bus = new MdnsBus()
    const clock = new ManualClock()
    const a = node(bus, clock, 'aaaa', 1001)
    a.d.start()
    for (const junk of [null, 5, 'x', { type: 'response', answers: 7 }, { type: 'query', questions: [null] }, { type: 'other' }]) bus.inject(junk as never)
    expect(a.d.table.size).toBe(0)
    expect(a.found).toEqual([])
    await a.d.stop()
  })

  it('refuses nonsensical periods', () => {
    const bus = new MdnsBus()
    expect(() => new LanDiscovery({ socket: bus.socket(), clock: new ManualClock(), self: { id: 'aaaa', host: 'h', port: 1 }, service: LAN_SERVICE_TYPE, ttlS: 0 })).toThrow(RangeError)
  })
})

