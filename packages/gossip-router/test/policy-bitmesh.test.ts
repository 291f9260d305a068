import { describe, expect, it } from 'vitest'
import type { BitchatPacket } from '@bitmesh/wire-format'
import { MessageType, peerIdFromHex } from '@bitmesh/wire-format'
import {
  bitchatIosPolicy,
  bitmeshPolicy,
  BITMESH_SOS_PACKET_TYPE,
  floodPolicy,
  NeighborTable,
  selectMultipointRelays,
  type RelayLinkInfo,
  type RelayPolicy,
} from '../src/index.js'
import { context, fixedRng, packet, pid, seededRng, snapshot } from './helpers.js'

const NOW = 1_000_000
const X = pid(100)

/** Build a neighbour table from adjacency; every listed node advertises BitMesh unless excluded. */
function table(adj: Record<string, string[]>, plain: string[] = []): NeighborTable {
  const t = new NeighborTable()
  for (const [node, ns] of Object.entries(adj)) t.update(node, ns, NOW, !plain.includes(node))
  return t
}

function linksTo(peers: string[], bitmesh = true, rssi?: number): RelayLinkInfo[] {
  return peers.map((p, i) => ({ id: `L${i}`, peerId: p, bitmesh, rssi }))
}

const S = pid(1)
const A = pid(2)
const B = pid(3)
const C = pid(4)
const D = pid(5)

describe('selectMultipointRelays (RFC 3626 §8.3.1, RFC 7181 coverage)', () => {
  it('takes the sole coverers of two-hop nodes, then the greedy best', () => {
    const t = table({ [S]: [X, A, B], [X]: [S, A, C], [A]: [S, X, D], [B]: [S] })
    expect([...selectMultipointRelays(t, S, NOW)!].sort()).toEqual([A, X].sort())
    // Nothing two hops away: no relay needed.
    const star = table({ [S]: [A, B], [A]: [S], [B]: [S] })
    expect(selectMultipointRelays(star, S, NOW)!.size).toBe(0)
  })

  it('picks fewer relays than neighbours when coverage overlaps, more with coverage 2', () => {
    // A and B both reach C and D; X reaches only C.
    const t = table({ [S]: [A, B, X], [A]: [S, C, D], [B]: [S, C, D], [X]: [S, C] })
    const one = selectMultipointRelays(t, S, NOW)!
    expect(one.size).toBe(1)
    expect(one.has(A) || one.has(B)).toBe(true)
    const two = selectMultipointRelays(t, S, NOW, { coverage: 2 })!
    expect(two.size).toBe(2)
  })

  it('ignores unconfirmed edges, stale lists and ineligible peers', () => {
    const t = table({ [S]: [A, B], [A]: [C], [B]: [S, C] }) // A does not list S
    expect([...selectMultipointRelays(t, S, NOW)!]).toEqual([B])
    // BitMesh peers' lists live BITMESH_NEIGHBOR_LIST_MAX_AGE_MS (180 s), not 45 s.
    expect(selectMultipointRelays(t, S, NOW + 60_000)).toBeDefined()
    expect(selectMultipointRelays(t, S, NOW + 181_000)).toBeUndefined()
    expect(selectMultipointRelays(t, S, NOW, { eligible: (p) => p !== B })!.size).toBe(0)
  })
})

describe('bitmesh policy', () => {
  const base = (t: NeighborTable, ls: RelayLinkInfo[], extra = {}) =>
    context(ls, { selfId: X, nowMs: NOW, neighborhood: t, rng: fixedRng(0.5), ...extra })

  it('an MPR of the sender relays only to neighbours the sender does not list', () => {
    const t = table({ [S]: [X, A, B], [X]: [S, A, C], [A]: [S, X, D], [B]: [S] })
    const d = snapshot(bitmeshPolicy().decide(packet(), base(t, linksTo([S, A, C]))))
    expect(d).toMatchObject({ relay: true, ttl: 6, links: ['L2'], pruneOnDuplicate: true, cancelOnDuplicate: false })
  })

  it('a non-MPR stays silent', () => {
    const t = table({ [S]: [X, A], [X]: [S, A], [A]: [S, X, D] })
    expect(bitmeshPolicy().decide(packet(), base(t, linksTo([S, A]))).relay).toBe(false)
  })

  it('a node the sender does not list relays (unknown means uncovered)', () => {
    const t = table({ [S]: [A], [X]: [S, C], [A]: [S] })
    expect(snapshot(bitmeshPolicy().decide(packet(), base(t, linksTo([S, A, C])))).links).toEqual(['L2'])
  })

  it('falls back to bitchat iOS (TTL caps, jitter, cancel) but to every link when the sender is plain bitchat or the neighbourhood is unknown', () => {
    const t = table({ [S]: [X, A], [X]: [S, A, C], [A]: [S, X] }, [S])
    const ls = [...linksTo([S], false), ...linksTo([A, C, D, B]).map((l, i) => ({ ...l, id: `M${i}` }))]
    for (const ctx of [base(t, ls), context(ls)]) {
      const ios = snapshot(bitchatIosPolicy().decide(packet(), { ...ctx, rng: seededRng(4) }))
      expect(ios.links).toHaveLength(3) // iOS subsets 4 candidates to ⌈log₂ 4⌉ + 1 = 3
      expect(snapshot(bitmeshPolicy().decide(packet(), { ...ctx, rng: seededRng(4) }))).toEqual({ ...ios, links: ['M0', 'M1', 'M2', 'M3'] })
      // Announces and directed packets: identical to iOS.
      const ann = packet({ type: MessageType.ANNOUNCE })
      expect(snapshot(bitmeshPolicy().decide(ann, { ...ctx, rng: seededRng(5) }))).toEqual(snapshot(bitchatIosPolicy().decide(ann, { ...ctx, rng: seededRng(5) })))
    }
  })

  it('keeps coverage when plain bitchat relays (log₂ subsets) sit in the mesh', () => {
    // Mixed crowd: every third node is plain bitchat iOS.
    let graphs = 0
    for (let seed = 40; graphs < 5 && seed < 200; seed++) {
      const adj = geometricGraph(60, 0.3, seed)
      const origin = pid(1)
      if (Math.max(...hopDistances(adj, origin).values()) > 4) continue
      graphs++
      const plain = new Set([...adj.keys()].filter((_, i) => i % 3 === 2))
      const flood = broadcast(adj, origin, floodPolicy)
      const ours = broadcast(adj, origin, () => bitmeshPolicy({ coverage: 1 }), 1000, plain)
      expect([...flood.reached].filter((n) => !ours.reached.has(n))).toEqual([])
    }
    expect(graphs).toBe(5)
  })

  it('SOS always goes out at once to every link, one hop past TTL, lane 0, never cancelled', () => {
    const t = table({ [S]: [X, A], [X]: [S, A], [A]: [S, X] }) // a non-MPR position
    const d = snapshot(bitmeshPolicy().decide(packet({ type: BITMESH_SOS_PACKET_TYPE, ttl: 1 }), base(t, linksTo([S, A]))))
    expect(d).toMatchObject({ relay: true, ttl: 0, delayMs: 0, links: ['L1'], lane: 0, cancelOnDuplicate: false, pruneOnDuplicate: false })
  })

  it('directed packets take the next hop; REQUEST_SYNC, own packets and packets for us are not relayed', () => {
    const t = table({})
    const recipient = pid(0x42)
    const dm = packet({ type: MessageType.NOISE_ENCRYPTED, recipientId: peerIdFromHex(recipient) })
    expect(snapshot(bitmeshPolicy().decide(dm, base(t, linksTo([S, A, C]), { nextHopFor: () => C }))).links).toEqual(['L2'])
    expect(bitmeshPolicy().decide(packet({ type: MessageType.REQUEST_SYNC }), base(t, linksTo([S, A]))).relay).toBe(false)
    expect(bitmeshPolicy().decide(packet(), base(t, linksTo([S, A]), { forSelf: true })).relay).toBe(false)
    expect(bitmeshPolicy().decide(packet(), base(t, linksTo([S, A]), { fromSelf: true })).relay).toBe(false)
  })

  it('delay: shorter on a weak ingress link, stretched by congestion', () => {
    const t = table({ [S]: [X], [X]: [S, C] })
    const delay = (rssi: number, congestion = 0) => bitmeshPolicy().decide(packet(), base(t, linksTo([S, C], true, rssi), { congestion })).delayMs
    expect(delay(-95)).toBeLessThan(delay(-45))
    expect(delay(-70, 1)).toBe(3 * delay(-70, 0))
  })
})

/** Random geometric graph: n nodes in a unit square, edges under `radius`. */
function geometricGraph(n: number, radius: number, seed: number): Map<string, string[]> {
  const rng = seededRng(seed)
  const pts = Array.from({ length: n }, () => [rng.next(), rng.next()] as const)
  const adj = new Map<string, string[]>()
  for (let i = 0; i < n; i++) adj.set(pid(i + 1), [])
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      if (Math.hypot(pts[i]![0] - pts[j]![0], pts[i]![1] - pts[j]![1]) < radius) {
        adj.get(pid(i + 1))!.push(pid(j + 1))
        adj.get(pid(j + 1))!.push(pid(i + 1))
      }
    }
  return adj
}

function hopDistances(adj: Map<string, string[]>, from: string): Map<string, number> {
  const dist = new Map([[from, 0]])
  let frontier = [from]
  while (frontier.length > 0) {
    const next: string[] = []
    for (const a of frontier) for (const b of adj.get(a)!) if (!dist.has(b)) (dist.set(b, dist.get(a)! + 1), next.push(b))
    frontier = next
  }
  return dist
}

/** Event-driven broadcast of one packet; returns who received it and how many frames were sent. */
function broadcast(
  adj: Map<string, string[]>,
  origin: string,
  makePolicy: () => RelayPolicy,
  neighborCap = 10,
  plain: ReadonlySet<string> = new Set(),
): { reached: Set<string>; frames: number } {
  const t = new NeighborTable()
  for (const [node, ns] of adj) t.update(node, ns.slice(0, neighborCap), NOW, !plain.has(node))
  const policies = new Map([...adj.keys()].map((n) => [n, plain.has(n) ? bitchatIosPolicy() : makePolicy()]))
  const reached = new Set([origin])
  const queue: { at: number; seq: number; to: string; from: string; ttl: number }[] = []
  let seq = 0
  let frames = 0
  for (const n of adj.get(origin)!) (queue.push({ at: 0, seq: seq++, to: n, from: origin, ttl: 7 }), frames++)
  const rng = seededRng(99)
  while (queue.length > 0) {
    queue.sort((a, b) => a.at - b.at || a.seq - b.seq)
    const ev = queue.shift()!
    if (reached.has(ev.to)) continue
    reached.add(ev.to)
    const ls: RelayLinkInfo[] = adj.get(ev.to)!.map((p) => ({ id: p, peerId: p, bitmesh: !plain.has(p) }))
    const pkt: BitchatPacket = packet({ ttl: ev.ttl, type: plain.size > 0 ? MessageType.MESSAGE : MessageType.ANNOUNCE })
    const d = policies.get(ev.to)!.decide(pkt, context(ls, { ingressLinkId: ev.from, selfId: ev.to, nowMs: NOW, neighborhood: t, rng, messageId: 'm1' }))
    if (!d.relay) continue
    for (const target of d.links) (queue.push({ at: ev.at + d.delayMs + 1, seq: seq++, to: target, from: ev.to, ttl: d.ttl }), frames++)
  }
  return { reached, frames }
}

describe('bitmesh coverage on random topologies (perfect knowledge, no loss)', () => {
  // Relay paths are not always shortest paths (delays reorder arrivals), so at the TTL horizon a
  // packet can run out of hops earlier than a flood's; graphs here stay within 5 hops of the origin.
  it('reaches every node flooding reaches, with far fewer frames', () => {
    let floodFrames = 0
    let bitmeshFrames = 0
    let graphs = 0
    for (let seed = 1; graphs < 10 && seed < 100; seed++) {
      const adj = geometricGraph(60, 0.3, seed)
      const origin = pid(1)
      const dist = hopDistances(adj, origin)
      if (Math.max(...dist.values()) > 5) continue
      graphs++
      const flood = broadcast(adj, origin, floodPolicy)
      const ours = broadcast(adj, origin, () => bitmeshPolicy({ coverage: 1 }), 1000)
      expect(flood.reached.size).toBe(dist.size)
      expect([...flood.reached].filter((n) => !ours.reached.has(n))).toEqual([])
      floodFrames += flood.frames
      bitmeshFrames += ours.frames
    }
    expect(graphs).toBe(10)
    expect(bitmeshFrames).toBeLessThan(0.5 * floodFrames)
  })

  it('stays complete when announces truncate neighbour lists to 10 (unknown edges count as uncovered)', () => {
    let graphs = 0
    for (let seed = 20; graphs < 5 && seed < 100; seed++) {
      const adj = geometricGraph(80, 0.35, seed) // dense: many degrees above 10
      const origin = pid(1)
      if (Math.max(...hopDistances(adj, origin).values()) > 5) continue
      if (Math.max(...[...adj.values()].map((n) => n.length)) <= 10) continue
      graphs++
      const flood = broadcast(adj, origin, floodPolicy)
      const ours = broadcast(adj, origin, () => bitmeshPolicy(), 10)
      expect([...flood.reached].filter((n) => !ours.reached.has(n))).toEqual([])
    }
    expect(graphs).toBe(5)
  })
})
