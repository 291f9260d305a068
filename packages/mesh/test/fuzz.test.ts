import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createWorld, run } from './helpers.js'

describe('hostile frames', () => {
  it('random and mutated frames never crash a node; every one is counted or handled, and state stays bounded', async () => {
    const world = createWorld()
    const victim = await world.add('victim')
    const mallory = await world.add('mallory')
    await world.connect(victim, mallory)
    await run(world, 2_000)
    // Genuine frames to mutate: whatever mallory's node sends during a chat.
    const genuine: Uint8Array[] = []
    victim.transport.links[0]!.on('frame', (f) => genuine.push(f.slice()))
    await mallory.node.sendPublic('a genuine message with some length to it')
    await mallory.node.sendPrivate(victim.node.peerId, 'secret')
    await run(world, 500)
    expect(genuine.length).toBeGreaterThan(2)
    const link = mallory.transport.links[0]!
    const framesBefore = victim.node.stats.framesReceived

    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ minLength: 0, maxLength: 400 }),
          fc.tuple(fc.nat(genuine.length - 1), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })).map(([i, edits]) => {
            const f = genuine[i]!.slice()
            for (const [pos, value] of edits) f[pos % f.length] = value
            return f
          }),
        ),
        async (frame) => {
          if (frame.length === 0 || frame.length > link.mtu) return
          link.send(frame)
          await world.advance(1)
        },
      ),
      { numRuns: 300, seed: 42 },
    )
    await run(world, 200)
    const stats = victim.node.stats
    expect(stats.framesReceived - framesBefore).toBeGreaterThan(100)
    expect(Object.values(stats.drops).reduce((a, b) => a + b, 0)).toBeGreaterThan(100)
    // Still healthy: a fresh message gets through.
    await mallory.node.sendPublic('still alive?')
    await run(world, 200)
    expect(victim.events.message.map((m) => m.text)).toContain('still alive?')
    expect(victim.node.peers().length).toBeLessThanOrEqual(2)
    await world.stopAll()
    expect(world.clock.pendingTimers()).toBe(0)
  })
})
