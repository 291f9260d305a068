import { describe, expect, it } from 'vitest'
import { peerIdFromHex } from '@bitmesh/wire-format'
import { computeSourceRoute, NeighborTable, RouteFailureTracker, RouteTable, routeNextHop, routeToHex } from '../src/index.js'
import { pid } from './helpers.js'

const ME = pid(100)
const [A, B, C, D, E, F] = [1, 2, 3, 4, 5, 6].map(pid) as [string, string, string, string, string, string]

describe('RouteTable (learned from links, relayed announces and neighbour lists)', () => {
  it('learns the originator of a relayed announce through the ingress neighbour, hops = 8 − TTL', () => {
    const t = new RouteTable()
    t.learnLink(A, 0)
    t.learnAnnounce(C, A, 5, 0, [D], ME)
    expect(t.route(A, 0)).toMatchObject({ nextHop: A, hops: 1 })
    expect(t.route(C, 0)).toMatchObject({ nextHop: A, hops: 3 })
    expect(t.route(D, 0)).toMatchObject({ nextHop: A, hops: 4 })
    expect(t.nextHop(ME, 0)).toBeNull()
    expect(t.hopHistogram(0)).toEqual([0, 1, 0, 1, 1])
  })

  it('prefers shorter routes; a longer one wins only once the old entry is over 60 s old', () => {
    const t = new RouteTable()
    t.learnAnnounce(C, A, 6, 0) // 2 hops via A
    t.learnAnnounce(C, B, 4, 1_000) // 4 hops via B: ignored
    expect(t.nextHop(C, 1_000)).toBe(A)
    t.learnAnnounce(C, B, 4, 61_001)
    expect(t.nextHop(C, 61_001)).toBe(B)
    t.learnAnnounce(C, A, 6, 62_000) // shorter again
    expect(t.nextHop(C, 62_000)).toBe(A)
  })

  it('expires entries after 5 minutes and drops routes through a lost link', () => {
    const t = new RouteTable()
    t.learnAnnounce(C, A, 6, 0)
    t.learnAnnounce(D, B, 6, 0)
    expect(t.nextHop(C, 299_999)).toBe(A)
    expect(t.nextHop(C, 300_000)).toBeNull()
    t.linkDown(B)
    expect(t.nextHop(D, 1)).toBeNull()
  })

  it('is bounded', () => {
    const t = new RouteTable({ maxRoutes: 3 })
    for (let i = 0; i < 10; i++) t.learnLink(pid(i + 1), i)
    expect(t.size).toBe(3)
    expect(t.nextHop(pid(10), 10)).toBe(pid(10))
  })
})

describe('source routing (wire §6.5)', () => {
  // ME — A — B — C — D — E, plus A — F (F lists A, A does not list F: unconfirmed)
  const nt = new NeighborTable()
  nt.update(ME, [A], 0)
  nt.update(A, [ME, B], 0)
  nt.update(B, [A, C], 0)
  nt.update(C, [B, D], 0)
  nt.update(D, [C, E], 0)
  nt.update(E, [D], 0)
  nt.update(F, [A], 0)
  const adj = nt.confirmedAdjacency(0)

  it('uses confirmed edges only (both ends list each other)', () => {
    expect(adj.get(A)).toEqual([ME, B])
    expect(adj.get(F)).toEqual([])
  })

  it('origination: intermediates only, ≤ 4, not for direct neighbours, not with TTL ≤ 1', () => {
    expect(computeSourceRoute(adj, ME, D)).toEqual([A, B, C])
    expect(computeSourceRoute(adj, ME, E)).toEqual([A, B, C, D])
    expect(computeSourceRoute(adj, ME, E, { maxHops: 3 })).toBeNull()
    expect(computeSourceRoute(adj, ME, A)).toBeNull()
    expect(computeSourceRoute(adj, ME, C, { isConnected: (p) => p === C })).toBeNull()
    expect(computeSourceRoute(adj, ME, D, { ttl: 1 })).toBeNull()
    expect(computeSourceRoute(adj, ME, F)).toBeNull()
    expect(computeSourceRoute(adj, ME, D, { usable: (p) => p !== B })).toBeNull()
  })

  it('relaying: next listed hop, the recipient after the last hop, hop 0 when not listed', () => {
    const route = [A, B, C]
    const all = () => true
    expect(routeNextHop(route, A, D, all)).toEqual({ action: 'forward', peerId: B })
    expect(routeNextHop(route, C, D, all)).toEqual({ action: 'forward', peerId: D })
    expect(routeNextHop(route, ME, D, all)).toEqual({ action: 'forward', peerId: A })
  })

  it('falls back to flooding when the next hop is not directly connected; drops repeated hops', () => {
    expect(routeNextHop([A, B, C], A, D, (p) => p !== B)).toEqual({ action: 'flood' })
    expect(routeNextHop([A, B, A], B, D, () => true)).toEqual({ action: 'drop', reason: 'duplicate-hops' })
    expect(routeNextHop([A], A, null, () => true)).toEqual({ action: 'drop', reason: 'no-recipient' })
  })

  it('reads a packet route as hex', () => {
    expect(routeToHex([peerIdFromHex(A), peerIdFromHex(B)])).toEqual([A, B])
    expect(routeToHex(null)).toEqual([])
  })

  it('route failure: no traffic within 10 s suppresses routing for 60 s; traffic clears it', () => {
    const f = new RouteFailureTracker()
    f.routed(D, 0)
    expect(f.suppressed(D, 9_999)).toBe(false)
    expect(f.suppressed(D, 10_000)).toBe(true)
    expect(f.suppressed(D, 69_999)).toBe(true)
    expect(f.suppressed(D, 70_000)).toBe(false)
    f.routed(E, 0)
    f.heardFrom(E)
    expect(f.suppressed(E, 20_000)).toBe(false)
  })
})
