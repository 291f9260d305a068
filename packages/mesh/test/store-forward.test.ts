import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CapacityError } from '@bitmesh/interface'
import { SqliteStore } from '@bitmesh/store-forward/sqlite'
import { MESH_SIZE_CAPS, memoryKeyValueStore, PEER_RETENTION_MS, type CappedSize } from '../src/index.js'
import { createWorld, run, type TestNode, type World } from './helpers.js'

/** Long enough for a peer we lost the link to to leave the table (retention + one maintenance tick). */
const EXPIRY_MS = PEER_RETENTION_MS + 6_000

/** Connect, let announces bind the link, then cut it and wait until each forgot the other. */
async function meetThenPart(world: World, a: TestNode, b: TestNode): Promise<void> {
  const [aEnd] = await world.connect(a, b)
  await run(world, 2_000)
  expect(a.node.peers().map((p) => p.peerId)).toContain(b.node.peerId)
  await aEnd.close()
  await run(world, EXPIRY_MS, 500)
  expect(a.node.peers().map((p) => p.peerId)).not.toContain(b.node.peerId)
}

function statuses(node: TestNode, messageId: string): string[] {
  return node.events.delivery.filter((d) => d.messageId === messageId).map((d) => d.status)
}

function expectWithinCaps(node: TestNode): void {
  const sizes = node.node.stats.sizes
  for (const key of Object.keys(MESH_SIZE_CAPS) as CappedSize[]) expect(sizes[key], key).toBeLessThanOrEqual(MESH_SIZE_CAPS[key])
}

describe('store-and-forward: sender outbox (§6.7)', () => {
  it('queues a message to a known peer out of reach and delivers it once the peer is back; the receipt clears it', async () => {
    const world = createWorld()
    const alice = await world.add('alice')
    const bob = await world.add('bob')
    await meetThenPart(world, alice, bob)

    const id = await alice.node.sendPrivate(bob.node.peerId, 'while you were away')
    expect(statuses(alice, id)).toEqual(['queued'])
    expect(alice.node.stats.sizes.outbox).toBe(1)
    expect(alice.node.stats.privateQueued).toBe(1)
    await run(world, 30_000, 500)
    expect(bob.events['private-message']).toEqual([])

    await world.connect(alice, bob)
    await run(world, 3_000)
    expect(bob.events['private-message'].map((m) => m.text)).toEqual(['while you were away'])
    expect(statuses(alice, id)).toEqual(['queued', 'sent', 'delivered'])
    expect(alice.node.stats.sizes.outbox).toBe(0)
    expect(alice.node.stats.outboxResent).toBe(1)
    // Resends after the receipt would show up as more frames to bob; nothing more is delivered.
    await run(world, 60_000, 1_000)
    expect(bob.events['private-message']).toHaveLength(1)
    expect(alice.node.stats.drops['send-failed']).toBe(0)
    await world.stopAll()
    expect(world.clock.pendingTimers()).toBe(0)
  })

  it('a message without a receipt stays in the outbox and is resent on each fresh announce of its peer', async () => {
    const world = createWorld()
    const alice = await world.add('alice')
    const bob = await world.add('bob')
    const [aliceEnd] = await world.connect(alice, bob)
    await run(world, 2_000)
    // Every Noise frame alice sends is lost; bob stays in her table (announces keep arriving).
    const send = aliceEnd.send.bind(aliceEnd)
    let swallow = true
    aliceEnd.send = (frame: Uint8Array) => (swallow && (frame[1] === 0x10 || frame[1] === 0x11) ? true : send(frame))
    const id = await alice.node.sendPrivate(bob.node.peerId, 'lossy')
    // Each fresh announce of bob (a path exists now) restarts the resend series from the outbox.
    await run(world, 60_000, 1_000)
    expect(statuses(alice, id)).toEqual(['sent'])
    expect(alice.node.stats.outboxResent).toBeGreaterThanOrEqual(2)
    expect(alice.node.stats.drops['send-failed']).toBe(0)
    expect(alice.node.stats.sizes.outbox).toBe(1)
    // The radio heals: bob's next announce (every 15 s ± 4 s) flushes the outbox.
    swallow = false
    await run(world, 60_000, 500)
    expect(bob.events['private-message'].map((m) => m.text)).toEqual(['lossy'])
    expect(statuses(alice, id).at(-1)).toBe('delivered')
    expect(alice.node.stats.sizes.outbox).toBe(0)
    await world.stopAll()
  })

  it('a message whose sends went unanswered while the peer left waits as queued, then is given up after maxAttempts flushes', async () => {
    const world = createWorld()
    const alice = await world.add('alice', { storeForward: { outbox: { maxAttempts: 1 } } })
    const bob = await world.add('bob')
    const [aliceEnd] = await world.connect(alice, bob)
    await run(world, 2_000)
    aliceEnd.send = () => true // alice's side of the link is dead, bob's announces still arrive
    const id = await alice.node.sendPrivate(bob.node.peerId, 'into the void')
    // Bob's next announce restarts the series: the message's one outbox attempt is used.
    await run(world, 25_000, 500)
    expect(alice.node.stats.outboxResent).toBe(1)
    await aliceEnd.close()
    // 5 sends (handshakes timing out after 10 s, 5/10/20/40 s apart) ≈ 125 s, then it waits.
    await run(world, 140_000, 1_000)
    expect(statuses(alice, id)).toEqual(['sent', 'queued'])
    expect(alice.node.stats.drops['send-failed']).toBe(0)
    // bob is back, but the one send this message had is used up: given up, not sent again.
    await world.connect(alice, bob)
    await run(world, 3_000)
    expect(alice.events.drop.filter((d) => d.reason === 'send-failed')).toEqual([
      { reason: 'send-failed', peerId: bob.node.peerId, messageId: id, detail: 'OUTBOX_MAX_ATTEMPTS' },
    ])
    expect(bob.events['private-message']).toEqual([])
    await world.stopAll()
  })

  it('sendPrivate rejects with CapacityError when the peer already has maxPerPeer messages queued', async () => {
    const world = createWorld()
    const alice = await world.add('alice', { storeForward: { outbox: { maxPerPeer: 2 } } })
    const bob = await world.add('bob')
    await meetThenPart(world, alice, bob)
    await alice.node.sendPrivate(bob.node.peerId, 'one')
    await alice.node.sendPrivate(bob.node.peerId, 'two')
    await expect(alice.node.sendPrivate(bob.node.peerId, 'three')).rejects.toBeInstanceOf(CapacityError)
    expect(alice.node.stats.sizes.outbox).toBe(2)
    await world.connect(alice, bob)
    await run(world, 3_000)
    expect(bob.events['private-message'].map((m) => m.text).sort()).toEqual(['one', 'two'])
    await world.stopAll()
  })

  it('gives a queued message up after its lifetime with a send-failed drop (OUTBOX_EXPIRED)', async () => {
    const world = createWorld()
    const alice = await world.add('alice', { storeForward: { outbox: { ttlMs: 120_000 } } })
    const bob = await world.add('bob')
    await meetThenPart(world, alice, bob)
    const id = await alice.node.sendPrivate(bob.node.peerId, 'too late')
    await run(world, 130_000, 1_000)
    expect(alice.events.drop.filter((d) => d.reason === 'send-failed')).toEqual([
      { reason: 'send-failed', peerId: bob.node.peerId, messageId: id, detail: 'OUTBOX_EXPIRED' },
    ])
    expect(alice.node.stats.sizes.outbox).toBe(0)
    await world.stopAll()
  })

  it('storeForward: false keeps the old behaviour (no outbox: sends to a peer out of reach are tried and fail)', async () => {
    const world = createWorld()
    const alice = await world.add('alice', { storeForward: false })
    const bob = await world.add('bob')
    await meetThenPart(world, alice, bob)
    const id = await alice.node.sendPrivate(bob.node.peerId, 'lost')
    expect(statuses(alice, id)).toEqual(['sent'])
    await run(world, 140_000, 1_000)
    expect(alice.events.drop.filter((d) => d.reason === 'send-failed').map((d) => d.messageId)).toEqual([id])
    await world.connect(alice, bob)
    await run(world, 3_000)
    expect(bob.events['private-message']).toEqual([])
    expect(alice.node.stats.sizes.outbox).toBe(0)
    await world.stopAll()
  })

  it('a SQLite-backed outbox survives a node restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bitmesh-mesh-sf-'))
    try {
      const world = createWorld()
      const store = memoryKeyValueStore() // same identity across the restart
      const db1 = SqliteStore.open(join(dir, 'outbox.db'))
      const alice = await world.add('alice', { store, storeForward: { outbox: db1.queueBackend('outbox') } })
      const bob = await world.add('bob')
      await meetThenPart(world, alice, bob)
      const id = await alice.node.sendPrivate(bob.node.peerId, 'see you after the reboot')
      expect(statuses(alice, id)).toEqual(['queued'])
      await settleStop(world, [alice])
      db1.close()

      const db2 = SqliteStore.open(join(dir, 'outbox.db'))
      const again = await world.add('alice', { store, storeForward: { outbox: db2.queueBackend('outbox') } })
      expect(again.node.peerId).toBe(alice.node.peerId)
      expect(again.node.stats.sizes.outbox).toBe(1)
      await world.connect(again, bob)
      await run(world, 3_000)
      expect(bob.events['private-message'].map((m) => m.text)).toEqual(['see you after the reboot'])
      expect(statuses(again, id)).toEqual(['sent', 'delivered'])
      expect(again.node.stats.sizes.outbox).toBe(0)
      await settleStop(world, [again, bob])
      db2.close()
      // Delivered means gone from disk too.
      const db3 = SqliteStore.open(join(dir, 'outbox.db'))
      expect(await db3.queueBackend('outbox').load()).toEqual([])
      db3.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

async function settleStop(world: World, nodes: TestNode[]): Promise<void> {
  const stopping = Promise.all(nodes.map((n) => n.node.stop()))
  for (let t = 0; t < 1_000; t += 10) await world.advance(10)
  await stopping
}

describe('store-and-forward: relay spool and cache', () => {
  /** alice — relay — (bob, not linked yet). */
  async function line(options: Parameters<World['add']>[1] = {}): Promise<{ world: World; alice: TestNode; relay: TestNode; bob: TestNode }> {
    const world = createWorld()
    const alice = await world.add('alice')
    const relay = await world.add('relay', options)
    const bob = await world.add('bob')
    await world.connect(alice, relay)
    await run(world, 2_000)
    return { world, alice, relay, bob }
  }

  it('spools a handshake for a recipient with no link and forwards it when the link binds within 60 s', async () => {
    const { world, alice, relay, bob } = await line({ storeForward: { relayCache: false } })
    // Bob was never heard: alice's message takes the plain path, a handshake flooded to her links.
    await alice.node.sendPrivate(bob.node.peerId, 'hello?')
    await run(world, 500)
    expect(relay.node.stats.spooled).toBe(1)
    expect(relay.node.stats.sizes.spool).toBe(1)
    await run(world, 30_000, 500)
    await world.connect(relay, bob)
    await run(world, 1_000)
    expect(relay.node.stats.spoolForwarded).toBeGreaterThanOrEqual(1)
    expect(relay.node.stats.sizes.spool).toBe(0)
    // Bob answered the spooled handshake: he holds responder state for alice.
    expect(bob.node.stats.sizes.noisePeers).toBeGreaterThanOrEqual(1)
    expectWithinCaps(relay)
    await world.stopAll()
    expect(world.clock.pendingTimers()).toBe(0)
  })

  it('drops spooled packets after 60 s', async () => {
    const { world, alice, relay, bob } = await line({ storeForward: { relayCache: false } })
    await alice.node.sendPrivate(bob.node.peerId, 'hello?')
    await run(world, 500)
    const spooled = relay.node.stats.spooled
    expect(spooled).toBeGreaterThanOrEqual(1)
    // Alice's resends (5, 10, 20, 40 s later) are spooled too; stop them so only age matters.
    await settleStop(world, [alice])
    await run(world, 61_000 + 5_000, 1_000)
    expect(relay.node.stats.sizes.spool).toBe(0)
    await world.connect(relay, bob)
    await run(world, 1_000)
    expect(relay.node.stats.spoolForwarded).toBe(0)
    await world.stopAll()
  })

  it('replays a DM relayed while its recipient was away, once, within the 120 s window', async () => {
    const world = createWorld()
    const alice = await world.add('alice')
    const relay = await world.add('relay', { storeForward: { spool: false } })
    const bob = await world.add('bob')
    await world.connect(alice, relay)
    const [relayEnd] = await world.connect(relay, bob)
    await run(world, 2_000)
    await alice.node.sendPrivate(bob.node.peerId, 'warm-up')
    await run(world, 1_000)
    expect(bob.events['private-message']).toHaveLength(1)
    // Bob steps out of range; alice still has him in her table (heard < 60 s ago) and sends.
    await relayEnd.close()
    await run(world, 100)
    await alice.node.sendPrivate(bob.node.peerId, 'are you there?')
    await run(world, 500)
    expect(relay.node.stats.relayCached).toBeGreaterThanOrEqual(1)
    await run(world, 2_000)
    await world.connect(relay, bob)
    await run(world, 2_000)
    expect(relay.node.stats.relayReplayed).toBeGreaterThanOrEqual(1)
    expect(bob.events['private-message'].map((m) => m.text)).toEqual(['warm-up', 'are you there?'])
    await run(world, 60_000, 1_000)
    // Alice's resends and the replay arrive as copies: the app sees the message once.
    expect(bob.events['private-message']).toHaveLength(2)
    await world.stopAll()
  })

  it('does not replay cached packets older than the receivers accept (§6.9)', async () => {
    const world = createWorld()
    const alice = await world.add('alice')
    const relay = await world.add('relay', { storeForward: { spool: false } })
    const bob = await world.add('bob')
    await world.connect(alice, relay)
    const [relayEnd] = await world.connect(relay, bob)
    await run(world, 2_000)
    await alice.node.sendPrivate(bob.node.peerId, 'warm-up')
    await run(world, 1_000)
    await relayEnd.close()
    await run(world, 100)
    await alice.node.sendPrivate(bob.node.peerId, 'old news')
    await run(world, 500)
    await settleStop(world, [alice]) // no resends: only the first copy is cached
    await run(world, 130_000, 1_000)
    await world.connect(relay, bob)
    await run(world, 2_000)
    expect(relay.node.stats.relayReplayed).toBe(0)
    expect(relay.node.stats.relayReplayStale).toBeGreaterThanOrEqual(1)
    expect(bob.node.stats.drops['timestamp-skew']).toBe(0)
    expect(relay.node.stats.sizes.relayCache).toBe(0)
    await world.stopAll()
  })

  it('stop() leaves no timers and empties spool, cache and outbox', async () => {
    const { world, alice, relay, bob } = await line()
    await alice.node.sendPrivate(bob.node.peerId, 'pending')
    await run(world, 500)
    expect(relay.node.stats.sizes.spool).toBeGreaterThan(0)
    await world.stopAll()
    expect(world.clock.pendingTimers()).toBe(0)
    for (const n of [alice, relay, bob]) {
      const sizes = n.node.stats.sizes
      expect([sizes.spool, sizes.spoolBytes, sizes.relayCache, sizes.relayCacheBytes, sizes.outbox, n.node.stats.timers]).toEqual([0, 0, 0, 0, 0, 0])
    }
  })
})

