/**
 * The mesh ↔ gossip-router seam: the BitMesh announce TLV, the neighbour table fed by announces,
 * the relay context the node builds, and per-link pruning of a scheduled relay.
 */
import { createRelayPolicy, type RelayContext, type RelayPolicy } from '@bitmesh/gossip-router'
import { describe, expect, it } from 'vitest'
import { BITMESH_ANNOUNCE_TLV, bitmeshFeatures, BitmeshFeature, bitmeshTlv } from '../src/bitmesh-tlv.js'
import { createWorld, run } from './helpers.js'

describe('BitMesh announce TLV', () => {
  it('round-trips the feature bits and ignores absent, short or version-0 records', () => {
    expect(bitmeshTlv(BitmeshFeature.MPR_RELAY)).toEqual({ type: 0xb0, value: Uint8Array.of(1, 1) })
    expect(bitmeshFeatures([bitmeshTlv(BitmeshFeature.MPR_RELAY)])).toBe(BitmeshFeature.MPR_RELAY)
    expect(bitmeshFeatures([bitmeshTlv(0)])).toBe(0)
    expect(bitmeshFeatures(undefined)).toBeNull()
    expect(bitmeshFeatures([{ type: BITMESH_ANNOUNCE_TLV, value: Uint8Array.of(1) }])).toBeNull()
    expect(bitmeshFeatures([{ type: BITMESH_ANNOUNCE_TLV, value: Uint8Array.of(0, 1) }])).toBeNull()
    expect(bitmeshFeatures([{ type: 0xb7, value: Uint8Array.of(1, 1) }])).toBeNull()
  })
})

/** Wraps a policy and keeps a copy of every context it was asked with. */
function recording(inner: RelayPolicy): { policy: RelayPolicy; contexts: RelayContext[] } {
  const contexts: RelayContext[] = []
  return {
    contexts,
    policy: {
      name: inner.name,
      decide(packet, context) {
        contexts.push({ ...context, links: context.links.map((l) => ({ ...l })) })
        return inner.decide(packet, context)
      },
    },
  }
}

describe('relay context from the node', () => {
  it('gives the policy our ID, time, the neighbourhood learned from announces and BitMesh flags per link', async () => {
    const world = createWorld({ canReach: (a, b) => !((a === 'a' && b === 'c') || (a === 'c' && b === 'a')) })
    const rec = recording(createRelayPolicy('bitmesh'))
    const a = await world.add('a', { relayPolicy: createRelayPolicy('bitmesh') })
    const b = await world.add('b', { relayPolicy: rec.policy })
    const c = await world.add('c', { relayPolicy: createRelayPolicy('bitchat-ios') })
    await world.connect(a, b)
    await world.connect(b, c)
    await run(world, 3_000)
    rec.contexts.length = 0
    await a.node.sendPublic('through b')
    await run(world, 500)
    expect(c.events.message.map((m) => m.text)).toEqual(['through b'])

    const context = rec.contexts.at(-1)!
    expect(context.selfId).toBe(b.node.peerId)
    expect(context.nowMs).toBeGreaterThanOrEqual(world.clock.now() - 500)
    expect(context.nowMs).toBeLessThanOrEqual(world.clock.now())
    expect(context.networkSize).toBe(3)
    const byPeer = new Map(context.links.map((l) => [l.peerId, l]))
    // a runs the bitmesh policy (MPR bit set), c the iOS rules (TLV present, bit clear).
    expect(byPeer.get(a.node.peerId)?.bitmesh).toBe(true)
    expect(byPeer.get(c.node.peerId)?.bitmesh).toBe(false)
    const now = context.nowMs!
    expect([...(context.neighborhood!.neighborsOf(a.node.peerId, now) ?? [])]).toEqual([b.node.peerId])
    expect(new Set(context.neighborhood!.neighborsOf(b.node.peerId, now) ?? [])).toEqual(new Set([a.node.peerId, c.node.peerId]))
    await world.stopAll()
  })

  it('bitmesh: nobody relays when the sender reaches every two-hop node itself (empty MPR set)', async () => {
    // A triangle: a sends; b and c hear it directly and are each other's only other neighbour.
    const world = createWorld()
    const options = (): { relayPolicy: RelayPolicy } => ({ relayPolicy: createRelayPolicy('bitmesh') })
    const a = await world.add('a', options())
    const b = await world.add('b', options())
    const c = await world.add('c', options())
    await world.connect(a, b)
    await world.connect(b, c)
    await world.connect(a, c)
    await run(world, 3_000)
    const before = b.node.stats.relayed + c.node.stats.relayed
    await a.node.sendPublic('triangle')
    await run(world, 500)
    expect(b.events.message.map((m) => m.text)).toEqual(['triangle'])
    expect(c.events.message.map((m) => m.text)).toEqual(['triangle'])
    // Every neighbour of a's neighbours is a's neighbour: the MPR set is empty, nobody relays.
    expect(b.node.stats.relayed + c.node.stats.relayed).toBe(before)
    await world.stopAll()
  })

  it('pruneOnDuplicate: duplicates arriving on every target link cancel the scheduled relay', async () => {
    // a reaches b, c and d; c and d flood at once to b; b's slow relay targets c and d and is
    // pruned by their copies until nothing is left.
    const world = createWorld({ canReach: () => true })
    const slowPruning: RelayPolicy = {
      name: 'slow-pruning',
      decide(packet, context) {
        const links = context.links.filter((l) => l.id !== context.ingressLinkId).map((l) => l.id)
        return { relay: packet.ttl > 1 && !context.forSelf, ttl: packet.ttl - 1, delayMs: 300, links, cancelOnDuplicate: false, pruneOnDuplicate: true }
      },
    }
    const a = await world.add('a', { relayPolicy: createRelayPolicy('flood') })
    const b = await world.add('b', { relayPolicy: slowPruning })
    const c = await world.add('c', { relayPolicy: createRelayPolicy('flood') })
    const d = await world.add('d', { relayPolicy: createRelayPolicy('flood') })
    await world.connect(a, b)
    await world.connect(a, c)
    await world.connect(a, d)
    await world.connect(c, b)
    await world.connect(d, b)
    await run(world, 3_000)
    const before = { relayed: b.node.stats.relayed, cancelled: b.node.stats.relaysCancelled }
    await a.node.sendPublic('pruned')
    await run(world, 1_000)
    expect(b.events.message.map((m) => m.text)).toEqual(['pruned'])
    expect(b.node.stats.relaysCancelled - before.cancelled).toBe(1)
    expect(b.node.stats.relayed - before.relayed).toBe(0)
    await world.stopAll()
  })
})
