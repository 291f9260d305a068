import { describe, expect, it } from 'vitest'
import { nodeCryptoProvider as crypto } from '@bitmesh/crypto/node'
import { ManualClock, MemoryNetwork, memoryTransport } from '@bitmesh/transport-compliance'
import { createMeshNode } from '../src/index.js'
import { createWorld, run, seededRng, T0_MS } from './helpers.js'

describe('lifecycle and failures', () => {
  it('resends an unacknowledged private message until the receipt arrives (lossy link)', async () => {
    const world = createWorld()
    const alice = await world.add('alice')
    const bob = await world.add('bob')
    const [aliceEnd] = await world.connect(alice, bob)
    await run(world, 2_000)
    // Establish the session, then lose every Noise transport frame alice sends for a while.
    await alice.node.sendPrivate(bob.node.peerId, 'warm-up')
    await run(world, 500)
    const send = aliceEnd.send.bind(aliceEnd)
    let lost = 0
    aliceEnd.send = (frame: Uint8Array) => {
      if (frame[1] === 0x11 && lost < 2) {
        lost++
        return true // swallowed by the "radio"
      }
      return send(frame)
    }
    const id = await alice.node.sendPrivate(bob.node.peerId, 'second try')
    await run(world, 4_000)
    expect(bob.events['private-message'].map((m) => m.text)).toEqual(['warm-up'])
    // First resend after 5 s (lost too), second 10 s later gets through.
    await run(world, 12_000)
    expect(lost).toBe(2)
    expect(bob.events['private-message'].map((m) => m.text)).toEqual(['warm-up', 'second try'])
    expect(alice.events.delivery.filter((d) => d.messageId === id).map((d) => d.status)).toEqual(['sent', 'delivered'])
    await run(world, 60_000, 1_000)
    // No more resends once delivered, and nothing reported as failed.
    expect(bob.events['private-message']).toHaveLength(2)
    expect(alice.node.stats.drops['send-failed']).toBe(0)
    await world.stopAll()
    expect(world.clock.pendingTimers()).toBe(0)
  })

  it('retries a private message through failing handshakes, then reports send-failed', async () => {
    const world = createWorld()
    const alice = await world.add('alice')
    const bob = await world.add('bob')
    await world.connect(alice, bob)
    await run(world, 2_000)
    const ghost = '0123456789abcdef'
    const id = await alice.node.sendPrivate(ghost, 'anyone there?')
    // 5 attempts, each a handshake that times out after 10 s, 5/10/20/40 s apart: ≈ 125 s.
    await run(world, 100_000, 1_000)
    expect(alice.events.drop.filter((d) => d.reason === 'send-failed')).toEqual([])
    await run(world, 40_000, 1_000)
    const failed = alice.events.drop.filter((d) => d.reason === 'send-failed')
    expect(failed).toEqual([{ reason: 'send-failed', peerId: ghost, messageId: id, detail: 'TIMEOUT' }])
    expect(alice.node.stats.drops['send-failed']).toBe(1)
    await world.stopAll()
    expect(world.clock.pendingTimers()).toBe(0)
  })

  it('autoDial: nodes on a discovery-only transport connect by themselves', async () => {
    const world = createWorld()
    const a = await world.add('a', { autoDial: true })
    const b = await world.add('b', { autoDial: true })
    await run(world, 2_000)
    expect(a.node.peers().map((p) => p.nickname)).toEqual(['b'])
    expect(b.node.peers().map((p) => p.nickname)).toEqual(['a'])
    expect(a.events['link:open'].length).toBeGreaterThanOrEqual(1)
    await world.stopAll()
    expect(world.clock.pendingTimers()).toBe(0)
  })

  it('a failing transport start leaves nothing behind and rejects', async () => {
    const clock = new ManualClock(T0_MS)
    const transport = memoryTransport({ network: new MemoryNetwork(), address: 'x' })
    transport.start = async () => {
      throw new Error('radio off')
    }
    const node = createMeshNode({ transports: [transport], clock, rng: seededRng(1), crypto, nickname: 'x' })
    await expect(node.start()).rejects.toThrow('radio off')
    expect(clock.pendingTimers()).toBe(0)
    expect(transport.listenerCount()).toBe(0)
    await expect(node.sendPublic('x')).rejects.toThrow(TypeError)
  })

  it('rejects misuse with TypeError / RangeError', async () => {
    const clock = new ManualClock(T0_MS)
    expect(() => createMeshNode({ transports: [], clock, rng: seededRng(1), nickname: 'x'.repeat(256) })).toThrow(RangeError)
    expect(() => createMeshNode({ transports: 'no' as never, clock, rng: seededRng(1), nickname: 'x' })).toThrow(TypeError)
    const node = createMeshNode({ transports: [], clock, rng: seededRng(1), crypto, nickname: 'x' })
    await expect(node.sendPublic('early')).rejects.toThrow(TypeError)
    await node.start()
    await expect(node.sendPrivate('not-hex', 'x')).rejects.toThrow(TypeError)
    await expect(node.sendPrivate(node.peerId, 'x')).rejects.toThrow(RangeError)
    expect(() => node.markRead('0123456789abcdef', '')).toThrow(TypeError)
    await node.stop()
    await node.stop() // idempotent
    expect(clock.pendingTimers()).toBe(0)
  })

  it('a node in a star cancels its scheduled relay when a neighbour relays first (degree > 2)', async () => {
    // The hub links a, b, c and d (degree 4); the leaves also form a chain a–b–c–d, so copies of
    // a's message reach the hub by other paths during its 60–150 ms relay jitter.
    const world = createWorld()
    const hub = await world.add('hub')
    const leaves = [await world.add('a'), await world.add('b'), await world.add('c'), await world.add('d')]
    for (const leaf of leaves) await world.connect(hub, leaf)
    await world.connect(leaves[1]!, leaves[2]!)
    await world.connect(leaves[2]!, leaves[3]!)
    await world.connect(leaves[0]!, leaves[1]!)
    await run(world, 3_000)
    const before = hub.node.stats
    for (let i = 0; i < 10; i++) {
      await leaves[0]!.node.sendPublic(`burst ${i}`)
      await run(world, 400)
    }
    const after = hub.node.stats
    // Every message reached every node exactly once.
    for (const n of [hub, ...leaves.slice(1)]) expect(n.events.message.filter((m) => m.text.startsWith('burst'))).toHaveLength(10)
    expect(after.relaysCancelled - before.relaysCancelled).toBeGreaterThan(0)
    await world.stopAll()
  })
})
