/**
 * Wake on advertisement (issue #6): a member in deep sleep ignores every frame while its radio
 * is off, tells its head so (register wake bit), the head holds its private traffic in a bounded
 * 2-minute queue and sets its beacon's wake bit, and the member gets the traffic within one sleep
 * cycle by polling — on the scanned wake bit, or in each listen window without a scan source.
 */
import { decodeBeacon } from '@bitmesh/cluster-election'
import { MessageType, tryDecodePacket } from '@bitmesh/wire-format'
import { describe, expect, it } from 'vitest'
import type { MeshClusterOptions } from '../src/index.js'
import { android, capable, ios } from './cluster-helpers.js'
import { createWorld, run, type TestNode, type World } from './helpers.js'



/** Frames a node receives, decoded, with the time. */
function tap(world: World, t: TestNode): Array<{ at: number; type: number; recipient: string | null }> {
  const seen: Array<{ at: number; type: number; recipient: string | null }> = []
  for (const link of t.transport.links) {
    link.on('frame', (f) => {
      const r = tryDecodePacket(f)
      if (r.ok) seen.push({ at: world.clock.now(), type: r.packet.type, recipient: r.packet.recipientId === null ? null : Buffer.from(r.packet.recipientId).toString('hex') })
    })
  }
  return seen
}

/**
 * c — a — b in a line: a (Android) heads, b (deep sleep) and c join it. b and c first talk while
 * b is awake (so the Noise session exists), then b falls asleep.
 */
async function line(bSleep: MeshClusterOptions['sleep'] = 'deep') {
  const world = createWorld()
  const a = await world.add('a', { clusters: android() })
  const b = await world.add('b', { clusters: ios({ sleep: bSleep }) })
  const c = await world.add('c', { clusters: ios({ sleep: false }) })
  await world.connect(a, b)
  await world.connect(a, c)
  await run(world, 60_000, 100)
  expect(a.node.cluster!.role).toBe('head')
  expect(b.node.cluster!.headId).toBe(a.node.peerId)
  await b.node.sendPrivate(c.node.peerId, 'hello from b')
  await run(world, 3_000, 10)
  expect(c.events['private-message'].map((m) => m.text)).toEqual(['hello from b'])
  return { world, a, b, c }
}

async function untilAsleep(world: World, t: TestNode): Promise<void> {
  for (let i = 0; i < 800 && t.node.cluster!.phase !== 'sleep'; i++) await run(world, 100, 100)
  expect(t.node.cluster!.phase).toBe('sleep')
}

const texts = (t: TestNode) => t.events['private-message'].map((m) => m.text)

describe('wake on advertisement (deep sleep)', () => {
  it('a directed frame reaching a sleeper on a direct link is ignored (radio off): the old leak is gone', async () => {
    // Triangle: c reaches b directly, so a never sees (or holds) the message.
    const world = createWorld()
    const a = await world.add('a', { clusters: android() })
    const b = await world.add('b', { clusters: ios({ sleep: 'deep' }) })
    const c = await world.add('c', { clusters: ios({ sleep: false }) })
    await world.connect(a, b)
    await world.connect(a, c)
    await world.connect(b, c)
    await run(world, 60_000, 100)
    await b.node.sendPrivate(c.node.peerId, 'hello from b')
    await run(world, 3_000, 10)
    await untilAsleep(world, b)
    const ignored = b.node.cluster!.asleepIgnored
    await c.node.sendPrivate(b.node.peerId, 'while you slept')
    await run(world, 300, 10)
    expect(b.node.cluster!.phase).toBe('sleep') // still asleep: nothing woke it
    expect(texts(b)).not.toContain('while you slept')
    expect(b.node.cluster!.asleepIgnored).toBeGreaterThan(ignored)
    expect(a.node.cluster!.held).toBe(0)
    await world.stopAll()
  })

  it('the head holds, raises its wake bit, the member polls on the scanned bit and gets the message within one cycle; the bit clears', async () => {
    const { world, a, b, c } = await line()
    const ca = capable(a)
    const cb = capable(b)
    // b scans a's advertised beacon twice a second whenever its radio is on (the helper below).
    const scanStep = async (ms: number) => {
      for (let t = 0; t < ms; t += 500) {
        const latest = ca.beacons.at(-1)
        if (latest !== undefined && b.node.cluster!.phase !== 'sleep') cb.scan(latest, -60)
        await run(world, 500, 50)
      }
    }
    await scanStep(1_000)
    await untilAsleep(world, b)
    expect(a.node.cluster!.wake).toBe(false)
    const sentAt = world.clock.now()
    await c.node.sendPrivate(b.node.peerId, 'while you slept')
    await run(world, 200, 10)
    expect(texts(b)).toEqual([])
    expect(a.node.cluster!.held).toBeGreaterThan(0)
    expect(a.node.cluster!.wake).toBe(true)
    expect(decodeBeacon(ca.beacons.at(-1)!).wake).toBe(true) // republished at once
    // Within one sleep cycle (30 s) plus the listen window.
    let gotAt: number | null = null
    for (let t = 0; t < 32_000 && gotAt === null; t += 500) {
      await scanStep(500)
      if (texts(b).includes('while you slept')) gotAt = world.clock.now()
    }
    expect(gotAt).not.toBeNull()
    expect(gotAt! - sentAt).toBeLessThanOrEqual(32_000)
    expect(b.node.cluster!.pollsSent).toBeGreaterThan(0)
    expect(b.node.cluster!.wakeUps).toBeGreaterThan(0)
    expect(a.node.cluster!.holdFlushed).toBeGreaterThan(0)
    // Handed over: nothing held, the wake bit is off again on air.
    await scanStep(1_000)
    expect(a.node.cluster).toMatchObject({ holding: 0, wake: false })
    expect(decodeBeacon(ca.beacons.at(-1)!).wake).toBe(false)
    // b is awake for the conversation: its reply does not wait.
    expect(b.node.cluster!.phase).toBe('awake')
    await world.stopAll()
  })

  it('without a scan source the sleeper polls in each listen window and still gets it within one cycle', async () => {
    const { world, a, b, c } = await line()
    await untilAsleep(world, b)
    const framesB = tap(world, b)
    const sentAt = world.clock.now()
    await c.node.sendPrivate(b.node.peerId, 'while you slept')
    let gotAt: number | null = null
    for (let t = 0; t < 32_000 && gotAt === null; t += 100) {
      await run(world, 100, 10)
      if (texts(b).includes('while you slept')) gotAt = world.clock.now()
    }
    expect(gotAt).not.toBeNull()
    expect(gotAt! - sentAt).toBeLessThanOrEqual(32_000)
    expect(b.node.cluster!.pollsSent).toBeGreaterThan(0)
    expect(a.node.cluster).toMatchObject({ holding: 0, wake: false })
    expect(a.node.cluster!.holdFlushed).toBeGreaterThan(0)
    // The held copy came from a on b's link while b listened.
    expect(framesB.some((f) => f.recipient === b.node.peerId && (f.type === MessageType.NOISE_ENCRYPTED || f.type === MessageType.NOISE_HANDSHAKE))).toBe(true)
    await world.stopAll()
  })

  it('a member that is awake is never held for (in conversation, or not in deep sleep)', async () => {
    for (const sleep of ['deep', 'light', false] as const) {
      const { world, a, b, c } = await line(sleep)
      // Right after its own message b is in a conversation: awake for 30 s.
      expect(b.node.cluster!.phase).toBe('awake')
      await c.node.sendPrivate(b.node.peerId, 'you are awake')
      await run(world, 1_000, 10)
      expect(texts(b)).toContain('you are awake')
      expect(a.node.cluster).toMatchObject({ held: 0, wake: false })
      await world.stopAll()
    }
  })

  it('held frames expire after 2 minutes and clear the wake bit when the sleeper never asks', async () => {
    const { world, a, b, c } = await line()
    await untilAsleep(world, b)
    // b loses its link to a: it cannot poll any more (and the head cannot hand anything over).
    for (const link of [...a.transport.links]) if (link.remoteAddress === 'b') await link.close()
    await run(world, 100, 10)
    // a still counts b as a sleeping member (lease 90 s) and c reaches b only through a.
    await c.node.sendPrivate(b.node.peerId, 'lost in the night')
    await run(world, 500, 10)
    expect(a.node.cluster!.held).toBeGreaterThan(0)
    expect(a.node.cluster!.wake).toBe(true)
    await run(world, 60_000, 500)
    expect(a.node.cluster!.holding).toBeGreaterThan(0) // still held after a minute
    expect(a.node.cluster!.holdExpired).toBe(0)
    // c resends up to 75 s after sending (new packets, held again); the last copy expires at 195 s.
    await run(world, 140_000, 500)
    expect(texts(b)).toEqual([])
    expect(a.node.cluster!.holdExpired).toBe(a.node.cluster!.held)
    expect(a.node.cluster).toMatchObject({ holding: 0, wake: false })
    await world.stopAll()
  })
})
