/**
 * Cluster mode of the mesh node (issue #6): announce TLV 0xB1, signed control packets of outer
 * type 0xB1, the election on the node's clock, events, sleep with catch-up, low-battery
 * re-election, flat mode, and plain bitchat peers relaying the extension untouched.
 */
import { CLUSTER_ANNOUNCE_TLV, CLUSTER_CONTROL_PACKET_TYPE, clusterAnnounceFrom, decodeClusterControl } from '@bitmesh/cluster-election'
import { decodeAnnounce, MessageType, tryDecodePacket } from '@bitmesh/wire-format'
import { describe, expect, it } from 'vitest'
import type { RelayPolicy } from '@bitmesh/gossip-router'
import type { MeshClusterOptions } from '../src/index.js'
import { clusterRelayPolicy, type MeshCluster } from '../src/cluster.js'
import { createWorld, run, type TestNode, type World } from './helpers.js'

function android(level = 90, extra: Partial<MeshClusterOptions> = {}): MeshClusterOptions {
  return { os: 'android', hotspotSupport: true, battery: () => ({ level, charging: false, estLifeMin: 600 }), ...extra }
}
function ios(extra: Partial<MeshClusterOptions> = {}): MeshClusterOptions {
  return { os: 'ios', hotspotSupport: false, battery: () => ({ level: 80, charging: false, estLifeMin: 500 }), ...extra }
}

/** Every frame a node's transport receives, decoded. */
function tap(t: TestNode): Array<ReturnType<typeof tryDecodePacket>> {
  const seen: Array<ReturnType<typeof tryDecodePacket>> = []
  t.transport.on('link:open', (link) => {
    link.on('frame', (f) => seen.push(tryDecodePacket(f)))
  })
  return seen
}

async function triangle(world: World, opts: [MeshClusterOptions | false, MeshClusterOptions | false, MeshClusterOptions | false]): Promise<[TestNode, TestNode, TestNode]> {
  const a = await world.add('a', { clusters: opts[0] })
  const b = await world.add('b', { clusters: opts[1] })
  const c = await world.add('c', { clusters: opts[2] })
  await world.connect(a, b)
  await world.connect(a, c)
  await world.connect(b, c)
  return [a, b, c]
}

describe('cluster mode in the mesh', () => {
  it('elects the Android hotspot node head; the iPhones join it and say so in announce TLV 0xB1', async () => {
    const world = createWorld()
    const seenByB: Array<ReturnType<typeof tryDecodePacket>> = []
    const [a, b, c] = await triangle(world, [android(90), ios({ sleep: false }), ios({ sleep: false })])
    for (const link of b.transport.links) link.on('frame', (f) => seenByB.push(tryDecodePacket(f)))
    const roles: string[] = []
    a.node.on('cluster:role', (e) => roles.push(e.role))
    const heads: Array<string | null> = []
    b.node.on('cluster:head', (e) => heads.push(e.headId))
    await run(world, 60_000, 100)

    expect(a.node.cluster?.role).toBe('head')
    expect(roles).toEqual(['head'])
    expect(b.node.cluster).toMatchObject({ role: 'member', headId: a.node.peerId, mode: 'clustered', forwarding: 'bleHop' })
    expect(c.node.cluster).toMatchObject({ role: 'member', headId: a.node.peerId })
    expect(heads).toEqual([a.node.peerId])
    expect(a.node.cluster!.members).toBe(2)
    // b registered with a: signed control packets sent and accepted.
    expect(b.node.cluster!.controlSent).toBeGreaterThanOrEqual(1)
    expect(a.node.cluster!.controlReceived).toBeGreaterThanOrEqual(2)

    // The latest announce of b carries its member beacon and a's ID.
    const announces = seenByB.flatMap((r) => (r.ok && r.packet.type === MessageType.ANNOUNCE ? [r.packet] : []))
    const fromA = announces.filter((p) => Buffer.from(p.senderId).toString('hex') === a.node.peerId).at(-1)!
    const state = clusterAnnounceFrom(decodeAnnounce(fromA.payload).unknownTlvs)
    expect(state?.beacon).toMatchObject({ os: 'android', role: 'head', hotspotSupport: true, batteryLevel: 90 })
    expect(decodeAnnounce(fromA.payload).unknownTlvs?.some((t) => t.type === CLUSTER_ANNOUNCE_TLV)).toBe(true)
    // Control packets on the air decode and are signed.
    const control = seenByB.flatMap((r) => (r.ok && r.packet.type === CLUSTER_CONTROL_PACKET_TYPE ? [r.packet] : []))
    expect(control.length).toBeGreaterThan(0)
    for (const p of control) {
      expect(p.signature).not.toBeNull()
      expect(() => decodeClusterControl(p.payload)).not.toThrow()
    }
    expect(a.node.stats.drops['bad-signature']).toBe(0)
    await world.stopAll()
  })

  it('stays flat in an all-iOS room: no head, no control traffic', async () => {
    const world = createWorld()
    const nodes = await triangle(world, [ios(), ios(), ios()])
    await run(world, 60_000, 100)
    for (const t of nodes) {
      expect(t.node.cluster).toMatchObject({ role: 'none', headId: null, mode: 'flat', forwarding: 'flat', controlSent: 0, phase: 'awake' })
    }
    await world.stopAll()
  })

  it('is off by default: no TLV 0xB1, cluster is null', async () => {
    const world = createWorld()
    const a = await world.add('a')
    const b = await world.add('b')
    const frames = tap(b)
    await world.connect(a, b)
    await run(world, 20_000, 100)
    expect(a.node.cluster).toBeNull()
    const announces = frames.flatMap((r) => (r.ok && r.packet.type === MessageType.ANNOUNCE ? [r.packet] : []))
    expect(announces.length).toBeGreaterThan(0)
    for (const p of announces) expect(decodeAnnounce(p.payload).unknownTlvs?.some((t) => t.type === CLUSTER_ANNOUNCE_TLV) ?? false).toBe(false)
    await world.stopAll()
  })

  it('a plain peer accepts cluster announces and relays control packets without dropping them', async () => {
    // h (cluster) — p (plain) — m (cluster iPhone): h and m hear each other only through p.
    const world = createWorld()
    const h = await world.add('h', { clusters: android(90) })
    const p = await world.add('p')
    const m = await world.add('m', { clusters: ios({ sleep: false }) })
    await world.connect(h, p)
    await world.connect(p, m)
    await run(world, 60_000, 100)
    expect(h.node.cluster!.role).toBe('head')
    expect(p.node.peers().map((x) => x.peerId).sort()).toEqual([h.node.peerId, m.node.peerId].sort())
    // The resign/register traffic p saw was neither refused nor mistaken for garbage.
    expect(p.node.stats.drops['decode-error']).toBe(0)
    expect(p.node.stats.drops.protocol).toBe(0)
    // m never hears h's beacon directly (no link): it stays flat.
    expect(m.node.cluster!.role).toBe('none')
    await world.stopAll()
  })

  it('a head whose battery falls below 20 % resigns and its members lose it', async () => {
    const world = createWorld()
    let level = 90
    const [a, b] = await triangle(world, [android(0, { battery: () => ({ level, charging: false, estLifeMin: 300 }) }), ios({ sleep: false }), ios({ sleep: false })])
    await run(world, 60_000, 100)
    expect(a.node.cluster!.role).toBe('head')
    expect(b.node.cluster!.headId).toBe(a.node.peerId)
    const lost: Array<string | null> = []
    b.node.on('cluster:head', (e) => lost.push(e.headId))
    level = 15
    await run(world, 20_000, 100)
    expect(a.node.cluster!.role).toBe('none')
    expect(a.node.cluster!.roleChanges).toBe(2)
    expect(b.node.cluster!.role).toBe('none')
    expect(lost[0]).toBeNull()
    await world.stopAll()
  })

  it('an idle member sleeps, misses live broadcasts, and catches up by sync in its listen window', async () => {
    const world = createWorld()
    const [a, b, c] = await triangle(world, [android(90), ios({ sleep: 'deep' }), ios({ sleep: false })])
    await run(world, 120_000, 100)
    expect(b.node.cluster!.role).toBe('member')
    // Wait until b sleeps (30 s idle after its last conversation, then 28 s of each 30 s cycle).
    for (let i = 0; i < 400 && b.node.cluster!.phase !== 'sleep'; i++) await run(world, 100, 100)
    expect(b.node.cluster!.phase).toBe('sleep')
    await c.node.sendPublic('while you slept')
    await run(world, 500, 10)
    expect(b.events.message.map((m) => m.text)).not.toContain('while you slept')
    expect(b.node.cluster!.asleepIgnored).toBeGreaterThan(0)
    // The next listen window asks the head for what it missed.
    await run(world, 32_000, 100)
    expect(b.events.message.map((m) => m.text)).toContain('while you slept')
    await world.stopAll()
  })

  it('a member that sends wakes up and relays again', async () => {
    const world = createWorld()
    const [, b] = await triangle(world, [android(90), ios({ sleep: 'deep' }), ios({ sleep: false })])
    await run(world, 120_000, 100)
    for (let i = 0; i < 400 && b.node.cluster!.phase !== 'sleep'; i++) await run(world, 100, 100)
    expect(b.node.cluster!.phase).toBe('sleep')
    await b.node.sendPublic('awake now')
    expect(b.node.cluster!.phase).toBe('awake')
    await world.stopAll()
  })
})

describe('fallback buffer', () => {
  it('holds an own broadcast sent with no link and sends it on the first bound link', async () => {
    const world = createWorld()
    const a = await world.add('a', { clusters: ios({ sleep: false }), syncIntervalMs: 0 })
    const b = await world.add('b', { clusters: ios({ sleep: false }), syncIntervalMs: 0 })
    await a.node.sendPublic('held for later')
    expect(a.node.cluster).toMatchObject({ buffered: 1, bufferFlushed: 0 })
    await world.connect(a, b)
    await run(world, 5_000, 10)
    expect(a.node.cluster!.bufferFlushed).toBe(1)
    expect(b.events.message.map((m) => m.text)).toEqual(['held for later'])
    await world.stopAll()
  })
})

describe('clusterRelayPolicy', () => {
  const inner: RelayPolicy = {
    name: 'bitmesh',
    decide: () => ({ relay: true, ttl: 6, delayMs: 10, links: ['0:x', '0:head', '1:head-wifi'], cancelOnDuplicate: false }),
  }
  const fake = (asleep: boolean, role: string, mode: string) =>
    ({ asleep, election: { role }, forwarding: () => ({ mode }), headLinks: () => ['1:head-wifi'] }) as unknown as MeshCluster
  const decide = (c: MeshCluster | undefined) => clusterRelayPolicy(inner, () => c).decide({} as never, {} as never)

  it('keeps the name and the decision when there is no cluster, or for heads, flat and BLE-hop members', () => {
    expect(clusterRelayPolicy(inner, () => undefined).name).toBe('bitmesh')
    expect(decide(undefined).links).toHaveLength(3)
    expect(decide(fake(false, 'head', 'bridge')).links).toHaveLength(3)
    expect(decide(fake(false, 'member', 'bleHop')).links).toHaveLength(3)
    expect(decide(fake(false, 'none', 'flat')).links).toHaveLength(3)
  })

  it('sends private traffic for a peer in deep sleep to the head that holds it', () => {
    const sleeper = { asleep: false, knowsSleepers: true, election: { role: 'head' }, forwarding: () => ({ mode: 'bridge' }), headLinks: () => [], sleeperHeadLinks: (r: string) => (r === '0102030405060708' ? ['0:head'] : null) } as unknown as MeshCluster
    const noise = (to: number[]) => ({ type: MessageType.NOISE_ENCRYPTED, recipientId: Uint8Array.from(to) }) as never
    expect(clusterRelayPolicy(inner, () => sleeper).decide(noise([1, 2, 3, 4, 5, 6, 7, 8]), {} as never).links).toEqual(['0:head'])
    // With no deep sleeper known the lookup is skipped (the relay path stays allocation-free).
    const none = { ...sleeper, knowsSleepers: false, sleeperHeadLinks: () => { throw new Error('looked up') } } as unknown as MeshCluster
    expect(clusterRelayPolicy(inner, () => none).decide(noise([1, 2, 3, 4, 5, 6, 7, 8]), {} as never).links).toHaveLength(3)
    expect(clusterRelayPolicy(inner, () => sleeper).decide(noise([9, 9, 9, 9, 9, 9, 9, 9]), {} as never).links).toHaveLength(3)
    const pub = { type: MessageType.MESSAGE, recipientId: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]) } as never
    expect(clusterRelayPolicy(inner, () => sleeper).decide(pub, {} as never).links).toHaveLength(3)
  })

  it('relays nothing while asleep, and only to the head over the upgraded link in toHead mode', () => {
    expect(decide(fake(true, 'member', 'bleHop'))).toMatchObject({ relay: false, links: [] })
    expect(decide(fake(false, 'member', 'toHead'))).toMatchObject({ relay: true, ttl: 6, links: ['1:head-wifi'] })
  })
})
