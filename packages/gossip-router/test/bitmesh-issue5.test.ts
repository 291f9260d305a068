/**
 * Issue #5's frame cuts in the `bitmesh` policy: hop-by-hop routes for directed packets,
 * announce relays that give up on a duplicate in dense neighbourhoods, per-target responsibility
 * among a sender's multipoint relays, and the longer life of BitMesh peers' neighbour lists.
 */
import { describe, expect, it } from 'vitest'
import { MessageType, peerIdFromHex } from '@bitmesh/wire-format'
import {
  BITMESH_NEIGHBOR_LIST_MAX_AGE_MS,
  bitmeshPolicy,
  confirmedHopDistances,
  HopDistances,
  NeighborTable,
  NEIGHBOR_LIST_MAX_AGE_MS,
  type RelayLinkInfo,
} from '../src/index.js'
import { context, fixedRng, packet, pid, snapshot } from './helpers.js'

const NOW = 5_000_000
const [A, B, C, D, E, X] = [1, 2, 3, 4, 5, 100].map(pid) as [string, string, string, string, string, string]

function table(adj: Record<string, string[]>, plain: string[] = []): NeighborTable {
  const t = new NeighborTable()
  for (const [node, ns] of Object.entries(adj)) t.update(node, ns, NOW, !plain.includes(node))
  return t
}

function linksTo(peers: string[], bitmesh = true): RelayLinkInfo[] {
  return peers.map((p, i) => ({ id: `L${i}`, peerId: p, bitmesh }))
}

describe('NeighborTable: BitMesh lists live longer', () => {
  it('keeps a BitMesh list for BITMESH_NEIGHBOR_LIST_MAX_AGE_MS and a plain one for NEIGHBOR_LIST_MAX_AGE_MS', () => {
    const t = table({ [A]: [B], [C]: [D] }, [C])
    const later = NOW + NEIGHBOR_LIST_MAX_AGE_MS + 1
    expect(t.neighborsOf(A, later)).toBeDefined()
    expect(t.neighborsOf(C, later)).toBeUndefined()
    expect(t.neighborsOf(A, NOW + BITMESH_NEIGHBOR_LIST_MAX_AGE_MS + 1)).toBeUndefined()
  })

  it('says whether a plain bitchat peer is known (ourselves excluded)', () => {
    expect(table({ [A]: [B], [B]: [A] }).hasPlainPeer(A)).toBe(false)
    expect(table({ [A]: [B], [B]: [A] }, [B]).hasPlainPeer(A)).toBe(true)
    expect(table({ [A]: [B] }, [A]).hasPlainPeer(A)).toBe(false)
  })

  it('undirected adjacency joins edges either end announced', () => {
    const adj = table({ [A]: [B], [B]: [C] }).undirectedAdjacency(NOW)
    expect(adj.get(B)!.sort()).toEqual([A, C].sort())
    expect(adj.get(C)).toEqual([B])
  })
})

describe('HopDistances', () => {
  // A — B — C — D, and B — E — D (two ways from B to D), X hangs off A.
  const t = table({ [A]: [B, X], [B]: [A, C, E], [C]: [B, D], [D]: [C, E], [E]: [B, D], [X]: [A] })

  it('names the neighbours strictly closer to the recipient, closest first, at most fanOut', () => {
    const h = new HopDistances(t)
    expect(h.distance(D, A, NOW)).toBe(3)
    expect(h.nextHops(D, B, [A, C, E], 3, NOW)).toEqual([C, E])
    expect(h.nextHops(D, B, [A, C, E], 1, NOW)).toEqual([C])
    // Nobody closer: no route (the caller floods).
    expect(h.nextHops(D, X, [A], 2, NOW + 1)).toEqual([A])
    expect(h.nextHops(D, A, [X], 2, NOW)).toEqual([])
    expect(h.nextHops(pid(0x99), A, [B, X], 2, NOW)).toEqual([])
  })

  it('routes to a recipient whose own list was missed, through those who list it', () => {
    const partial = table({ [A]: [B], [B]: [A, C], [C]: [B, D] }) // D never announced
    expect(new HopDistances(partial).nextHops(D, A, [B], 2, NOW)).toEqual([B])
    // Confirmed-edge distances (§6.5 source routes) do not: C—D is one-sided.
    expect(confirmedHopDistances(partial, D, NOW, 8).size).toBe(1)
  })

  it('caches per recipient for maxAgeMs, then sees the new topology', () => {
    const live = table({ [A]: [B], [B]: [A, C], [C]: [B] })
    const h = new HopDistances(live, { maxAgeMs: 1_000 })
    expect(h.distance(C, A, NOW)).toBe(2)
    live.update(A, [B, C], NOW + 10, true)
    live.update(C, [B, A], NOW + 10, true)
    expect(h.distance(C, A, NOW + 500)).toBe(2)
    expect(h.distance(C, A, NOW + 1_500)).toBe(1)
  })

  it('rejects bad options', () => {
    expect(() => new HopDistances(t, { maxRecipients: 0 })).toThrow(RangeError)
  })
})

describe('bitmesh: directed packets along the braid', () => {
  const recipient = D
  const dm = packet({ type: MessageType.NOISE_ENCRYPTED, recipientId: peerIdFromHex(recipient) })
  const base = (ls: RelayLinkInfo[], extra = {}) => context(ls, { selfId: X, nowMs: NOW, rng: fixedRng(0.5), ...extra })

  it('forwards to the named next hops only, BitMesh peers first, never cancelled', () => {
    const ls = [...linksTo([A, B]), { id: 'P', peerId: C, bitmesh: false }, { id: 'Q', peerId: E, bitmesh: true }]
    const d = snapshot(bitmeshPolicy().decide(dm, base(ls, { nextHopsFor: () => [C, E] })))
    expect(d).toMatchObject({ relay: true, ttl: 6, cancelOnDuplicate: false, pruneOnDuplicate: false })
    expect(d.links).toEqual(['Q', 'P'])
  })

  it('goes straight to the recipient when it is a neighbour', () => {
    const d = snapshot(bitmeshPolicy().decide(dm, base(linksTo([A, B, D]), { nextHopsFor: () => [B] })))
    expect(d.links).toEqual(['L2'])
  })

  it('with dropOffRoute, stays silent off the braid: not closer to the recipient than the peer that sent it', () => {
    const dist: Record<string, number> = { [A]: 2, [X]: 3, [B]: 1 }
    const routeDistance = (_r: string, p: string): number | undefined => dist[p]
    const ctx = base(linksTo([A, B]), { nextHopsFor: () => [B], routeDistance })
    expect(bitmeshPolicy({ dropOffRoute: true }).decide(dm, ctx).relay).toBe(false)
    // By default it still carries it along its own route (a second braid).
    expect(snapshot(bitmeshPolicy().decide(dm, ctx)).links).toEqual(['L1'])
    // Closer than the sender: carries it on either way.
    dist[X] = 1
    dist[A] = 2
    expect(snapshot(bitmeshPolicy({ dropOffRoute: true }).decide(dm, ctx)).links).toEqual(['L1'])
  })

  it('floods (bitchat iOS rules, every link) when no route is known', () => {
    const d = snapshot(bitmeshPolicy().decide(dm, base(linksTo([A, B, C, E]), { nextHopsFor: () => [] })))
    expect(d.relay).toBe(true)
    expect(d.links).toEqual(['L1', 'L2', 'L3'])
  })
})

describe('bitmesh: broadcast frame cuts', () => {
  // S (= A) lists X, B, C; X and B both reach E; C reaches nothing new.
  const adj = { [A]: [X, B, C], [X]: [A, E, D], [B]: [A, E, D], [C]: [A], [E]: [X, B], [D]: [X, B] }

  it('only the first `coverage` MPRs (by ID) that list a two-hop node send to it', () => {
    const t = table(adj)
    // Coverage 1: B (smaller ID than X) is responsible for D and E; X, also an MPR, sends nothing.
    const asX = bitmeshPolicy({ coverage: 1 }).decide(packet(), context(linksTo([A, E, D]), { selfId: X, nowMs: NOW, neighborhood: t, rng: fixedRng(0.5) }))
    const asB = snapshot(bitmeshPolicy({ coverage: 1 }).decide(packet(), context(linksTo([A, E, D]), { selfId: B, nowMs: NOW, neighborhood: t, rng: fixedRng(0.5) })))
    expect(asB.links).toEqual(['L1', 'L2'])
    expect(asX.relay).toBe(false)
    // Coverage 2: both send.
    const asX2 = snapshot(bitmeshPolicy({ coverage: 2 }).decide(packet(), context(linksTo([A, E, D]), { selfId: X, nowMs: NOW, neighborhood: t, rng: fixedRng(0.5) })))
    expect(asX2.links).toEqual(['L1', 'L2'])
  })

  it('announces wait longer and give up on a duplicate with many links; messages prune per link', () => {
    const t = table(adj)
    const many = [A, E, D, pid(6), pid(7), pid(8)]
    const ctx = context(linksTo(many), { selfId: B, nowMs: NOW, neighborhood: t, rng: fixedRng(0.5) })
    const msg = snapshot(bitmeshPolicy({ coverage: 2 }).decide(packet(), ctx))
    const ann = snapshot(bitmeshPolicy({ coverage: 2 }).decide(packet({ type: MessageType.ANNOUNCE }), ctx))
    expect(msg).toMatchObject({ cancelOnDuplicate: false, pruneOnDuplicate: true })
    expect(ann).toMatchObject({ cancelOnDuplicate: true })
    expect(ann.delayMs).toBe(6 * msg.delayMs)
    // Few links: an announce relay prunes like a message.
    const few = context(linksTo([A, E, D]), { selfId: B, nowMs: NOW, neighborhood: t, rng: fixedRng(0.5) })
    expect(snapshot(bitmeshPolicy({ coverage: 2 }).decide(packet({ type: MessageType.ANNOUNCE }), few))).toMatchObject({ cancelOnDuplicate: false, pruneOnDuplicate: true })
    expect(snapshot(bitmeshPolicy({ cancelAnnouncesOnDuplicate: false, coverage: 2 }).decide(packet({ type: MessageType.ANNOUNCE }), ctx)).cancelOnDuplicate).toBe(false)
  })

  it('rejects bad options', () => {
    expect(() => bitmeshPolicy({ announceCoverage: 0 })).toThrow(RangeError)
    expect(() => bitmeshPolicy({ announceDelayFactor: -1 })).toThrow(RangeError)
  })
})
