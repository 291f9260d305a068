/**
 * Issue #5 in the node: frames counted by class, directed packets routed hop by hop between
 * BitMesh nodes (not flooded), and the slow announce cadence that only BitMesh-only
 * neighbourhoods use.
 */
import { createRelayPolicy } from '@bitmesh/gossip-router'
import { encodePacket, MessageType, PacketFlag } from '@bitmesh/wire-format'
import { describe, expect, it } from 'vitest'
import { classifyFrame } from '../src/frame-class.js'
import { createWorld, run, settle, type TestNode, type World } from './helpers.js'

function frame(type: number, flags = 0, payload = new Uint8Array(16)): Uint8Array {
  const f = encodePacket({ version: 1, type, ttl: 7, timestamp: 1n, senderId: new Uint8Array(8), recipientId: null, route: null, payload, signature: null, isRsr: false })
  f[11] = f[11]! | flags
  return f
}

describe('classifyFrame', () => {
  it('sorts frames into message, handshake, announce, sync and other', () => {
    expect(classifyFrame(frame(MessageType.MESSAGE))).toBe('public')
    expect(classifyFrame(frame(MessageType.NOISE_ENCRYPTED))).toBe('private')
    expect(classifyFrame(frame(MessageType.NOISE_HANDSHAKE))).toBe('handshake')
    expect(classifyFrame(frame(MessageType.ANNOUNCE))).toBe('announce')
    expect(classifyFrame(frame(MessageType.LEAVE))).toBe('announce')
    expect(classifyFrame(frame(MessageType.REQUEST_SYNC))).toBe('sync')
    // A sync answer is sync whatever it carries.
    expect(classifyFrame(frame(MessageType.MESSAGE, PacketFlag.IS_RSR))).toBe('sync')
    expect(classifyFrame(frame(0x77))).toBe('other')
    expect(classifyFrame(new Uint8Array(3))).toBe('other')
  })

  it('classifies a fragment by its original type', () => {
    const body = new Uint8Array(20)
    body[12] = MessageType.NOISE_ENCRYPTED
    expect(classifyFrame(frame(MessageType.FRAGMENT, 0, body))).toBe('private')
    body[12] = MessageType.MESSAGE
    expect(classifyFrame(frame(MessageType.FRAGMENT, 0, body))).toBe('public')
    expect(classifyFrame(frame(MessageType.FRAGMENT, 0, new Uint8Array(4)))).toBe('other')
  })
})

/** a — b — c — d in a line, plus side nodes s1…s3 hanging off b and c (dead ends for d). */
async function ladder(policy: string): Promise<{ world: World; n: Record<string, TestNode> }> {
  const world = createWorld()
  const n: Record<string, TestNode> = {}
  for (const name of ['a', 'b', 'c', 'd', 's1', 's2', 's3']) n[name] = await world.add(name, { relayPolicy: createRelayPolicy(policy) })
  for (const [x, y] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['b', 's1'], ['b', 's2'], ['c', 's3'], ['a', 's1']] as const) await world.connect(n[x]!, n[y]!)
  // Announces carry the neighbour lists the routes are computed from.
  await run(world, 40_000, 50)
  return { world, n }
}

describe('directed packets between BitMesh nodes', () => {
  it('follow the route: the dead ends never relay them, and the message arrives', async () => {
    const { world, n } = await ladder('bitmesh')
    const before = Object.fromEntries(Object.entries(n).map(([k, v]) => [k, v.node.stats.privateFramesSent + v.node.stats.handshakeFramesSent]))
    await settle(world, n.a!.node.sendPrivate(n.d!.node.peerId, 'along the line'))
    await run(world, 3_000)
    expect(n.d!.events['private-message'].map((m) => m.text)).toEqual(['along the line'])
    const sent = (k: string): number => n[k]!.node.stats.privateFramesSent + n[k]!.node.stats.handshakeFramesSent - before[k]!
    // Side nodes are never on a shortest path to d or back to a.
    expect(sent('s2')).toBe(0)
    expect(sent('s3')).toBe(0)
    expect(sent('b')).toBeGreaterThan(0)
    expect(sent('c')).toBeGreaterThan(0)
  })

  it('flooding the same exchange costs more frames (the baseline the issue compares with)', async () => {
    const cost = async (policy: string): Promise<number> => {
      const { world, n } = await ladder(policy)
      const total = (): number => Object.values(n).reduce((s, v) => s + v.node.stats.privateFramesSent + v.node.stats.handshakeFramesSent, 0)
      const before = total()
      await settle(world, n.a!.node.sendPrivate(n.d!.node.peerId, 'x'))
      await run(world, 3_000)
      expect(n.d!.events['private-message']).toHaveLength(1)
      return total() - before
    }
    expect(await cost('bitmesh')).toBeLessThan(await cost('flood'))
  })
})

describe('BitMesh announce cadence', () => {
  async function pair(policyB: string): Promise<{ world: World; a: TestNode; b: TestNode }> {
    const world = createWorld()
    const a = await world.add('a', { relayPolicy: createRelayPolicy('bitmesh') })
    const b = await world.add('b', { relayPolicy: createRelayPolicy(policyB) })
    await world.connect(a, b)
    return { world, a, b }
  }

  it('slows to 60 s ± 10 s once the neighbourhood is stable and all BitMesh', async () => {
    const { world, a } = await pair('bitmesh')
    await run(world, 60_000, 50)
    const settled = a.node.stats.announcesSent
    await run(world, 180_000, 100)
    // bitchat's 15 s ± 4 s with one link would be ≥ 9 in 180 s; 50…70 s periods give at most 4.
    const extra = a.node.stats.announcesSent - settled
    expect(extra).toBeGreaterThanOrEqual(2)
    expect(extra).toBeLessThanOrEqual(4)
    // The peers stay known to each other across the longer gaps.
    expect(a.node.peers().length).toBe(1)
  })

  it('keeps bitchat cadence when a plain bitchat peer is around', async () => {
    const { world, a } = await pair('bitchat-ios')
    await run(world, 60_000, 50)
    const settled = a.node.stats.announcesSent
    await run(world, 180_000, 100)
    expect(a.node.stats.announcesSent - settled).toBeGreaterThanOrEqual(9)
  })

  it('announces soon after its neighbours change (fast path)', async () => {
    const { world, a } = await pair('bitmesh')
    await run(world, 90_000, 50)
    const settled = a.node.stats.announcesSent
    const c = await world.add('c', { relayPolicy: createRelayPolicy('bitmesh') })
    await world.connect(a, c)
    // Well before the 50…70 s period: within the 20 s spacing plus a few seconds.
    await run(world, 25_000, 50)
    expect(a.node.stats.announcesSent).toBeGreaterThan(settled)
  })
})
