import { describe, expect, it } from 'vitest'
import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import {
  encodeAnnounce,
  encodePacket,
  MessageType,
  peerIdFromNoiseKey,
  signPacket,
  utf8Encode,
  type BitchatPacket,
} from '@bitmesh/wire-format'
import { keyPairFromPrivateKey } from '@bitmesh/noise'
import { createWorld, run, seededRng, settle, T0_MS } from './helpers.js'

const crypto = nodeCryptoProvider

describe('two nodes', () => {
  it('discover each other, exchange public and private messages with receipts', async () => {
    const world = createWorld()
    const alice = await world.add('alice')
    const bob = await world.add('bob')
    await world.connect(alice, bob)
    await run(world, 2_000)

    expect(alice.events['peer:join'].map((p) => p.peerId)).toEqual([bob.node.peerId])
    expect(bob.events['peer:join'].map((p) => p.nickname)).toEqual(['alice'])
    expect(alice.node.peers()[0]).toMatchObject({ peerId: bob.node.peerId, nickname: 'bob', direct: true })

    const publicId = await alice.node.sendPublic('hello mesh')
    await run(world, 200)
    expect(bob.events.message).toHaveLength(1)
    expect(bob.events.message[0]).toMatchObject({ id: publicId, senderPeerId: alice.node.peerId, nickname: 'alice', text: 'hello mesh', viaSync: false })
    expect(publicId).toMatch(/^[0-9a-f]{32}$/)

    const messageId = await alice.node.sendPrivate(bob.node.peerId, 'psst, bob')
    await run(world, 500)
    expect(bob.events['private-message']).toHaveLength(1)
    expect(bob.events['private-message'][0]).toMatchObject({ id: messageId, senderPeerId: alice.node.peerId, nickname: 'alice', text: 'psst, bob' })
    expect(alice.events.delivery.map((d) => d.status)).toEqual(['sent', 'delivered'])

    bob.node.markRead(alice.node.peerId, messageId)
    await run(world, 200)
    expect(alice.events.delivery.map((d) => d.status)).toEqual(['sent', 'delivered', 'read'])
    expect(alice.events.delivery.every((d) => d.messageId === messageId && d.peerId === bob.node.peerId)).toBe(true)

    // Bob answers over the established session.
    await bob.node.sendPrivate(alice.node.peerId, 'hi alice')
    await run(world, 200)
    expect(alice.events['private-message'].map((m) => m.text)).toEqual(['hi alice'])
    expect(alice.node.stats.drops['bad-signature']).toBe(0)
    await world.stopAll()
  })

  it('persists the identity through the store and derives the peer ID from the Noise key', async () => {
    const { memoryKeyValueStore, createMeshNode } = await import('../src/index.js')
    const { ManualClock } = await import('@bitmesh/transport-compliance')
    const store = memoryKeyValueStore()
    const clock = new ManualClock(T0_MS)
    const first = createMeshNode({ transports: [], clock, rng: seededRng(5), crypto, store, nickname: 'x' })
    await first.start()
    await first.stop()
    const second = createMeshNode({ transports: [], clock, rng: seededRng(6), crypto, store, nickname: 'x' })
    await second.start()
    expect(second.peerId).toBe(first.peerId)
    const noisePrivate = (await store.get('bitmesh/mesh/identity/noise-static'))!
    const pub = keyPairFromPrivateKey(crypto, noisePrivate).publicKey
    expect(second.peerId).toBe(Buffer.from(peerIdFromNoiseKey(pub)).toString('hex'))
    await second.stop()
    expect(clock.pendingTimers()).toBe(0)
  })

  it('LEAVE on stop removes the peer on the other side, and stop() leaves no timers or listeners', async () => {
    const world = createWorld()
    const alice = await world.add('alice')
    const bob = await world.add('bob')
    await world.connect(alice, bob)
    await run(world, 2_000)
    await alice.node.sendPrivate(bob.node.peerId, 'x')
    await run(world, 300)
    await settle(world, alice.node.stop())
    await run(world, 100)
    expect(bob.events['peer:leave']).toEqual([{ peerId: alice.node.peerId, reason: 'leave' }])
    expect(bob.node.peers()).toEqual([])
    expect(alice.node.stats.timers).toBe(0)
    await world.stopAll()
    expect(world.clock.pendingTimers()).toBe(0)
    // The emitter-level listeners are the test's own; the node holds none on transports or links.
    expect(alice.transport.listenerCount()).toBe(0)
    expect(bob.transport.listenerCount()).toBe(0)
  })
})

describe('link binding', () => {
  it('binds every link to the peer, including a second link opened later (repeated announce, no re-flood)', async () => {
    const world = createWorld()
    const a = await world.add('a')
    const b = await world.add('b')
    await world.connect(a, b)
    await run(world, 2_000)
    const announcesBefore = a.node.stats.announcesSent
    await world.connect(a, b) // a second link between a and b
    await run(world, 1_000)
    // a's latest announce was repeated on the new link only: no new announce was built.
    expect(a.node.stats.announcesSent).toBe(announcesBefore)
    for (const link of [...a.transport.links]) await link.close()
    await run(world, 100)
    const closes = a.events['link:close']
    expect(closes).toHaveLength(2)
    expect(closes.map((e) => e.peerId)).toEqual([b.node.peerId, b.node.peerId])
    await world.stopAll()
  })
})

describe('three nodes in a line', () => {
  it('relays public messages, announces and private messages through the middle node', async () => {
    const world = createWorld({ canReach: (a, b) => !((a === 'a' && b === 'c') || (a === 'c' && b === 'a')) })
    const a = await world.add('a')
    const b = await world.add('b')
    const c = await world.add('c')
    await world.connect(a, b)
    await world.connect(b, c)
    await run(world, 3_000)

    expect(new Set(a.node.peers().map((p) => p.nickname))).toEqual(new Set(['b', 'c']))
    const cFromA = a.node.peers().find((p) => p.nickname === 'c')!
    expect(cFromA.direct).toBe(false)

    await a.node.sendPublic('over the hill')
    await run(world, 500)
    expect(c.events.message.map((m) => m.text)).toEqual(['over the hill'])
    expect(b.events.message.map((m) => m.text)).toEqual(['over the hill'])
    expect(b.node.stats.relayed).toBeGreaterThan(0)

    const id = await a.node.sendPrivate(c.node.peerId, 'for c only')
    await run(world, 1_000)
    expect(c.events['private-message'].map((m) => m.text)).toEqual(['for c only'])
    expect(b.events['private-message']).toEqual([])
    expect(a.events.delivery.filter((d) => d.messageId === id).map((d) => d.status)).toEqual(['sent', 'delivered'])
    await world.stopAll()
    expect(world.clock.pendingTimers()).toBe(0)
  })
})

describe('fragmentation', () => {
  it('fragments a large public message to the link MTU and reassembles it', async () => {
    const world = createWorld()
    const alice = await world.add('alice', {}, 185)
    const bob = await world.add('bob', {}, 185)
    await world.connect(alice, bob)
    await run(world, 2_000)
    // Incompressible text so the frame stays large.
    const r = seededRng(99)
    const text = Array.from({ length: 1500 }, () => String.fromCharCode(0x21 + Math.floor(r.next() * 90))).join('')
    const fragmentsBefore = alice.node.stats.fragmentsSent
    await alice.node.sendPublic(text)
    await run(world, 1_000)
    expect(alice.node.stats.fragmentsSent - fragmentsBefore).toBeGreaterThan(5)
    expect(bob.node.stats.packetsReassembled).toBeGreaterThanOrEqual(1)
    expect(bob.events.message.map((m) => m.text)).toEqual([text])
    await world.stopAll()
  })

  it('fragments a large private message (Noise frame over the MTU) and gets a receipt', async () => {
    const world = createWorld()
    const alice = await world.add('alice', {}, 128)
    const bob = await world.add('bob', {}, 128)
    await world.connect(alice, bob)
    await run(world, 2_000)
    const text = 'é'.repeat(127) // 254 UTF-8 bytes, near the 255-byte cap
    const id = await alice.node.sendPrivate(bob.node.peerId, text)
    await run(world, 2_000)
    expect(bob.events['private-message'].map((m) => m.text)).toEqual([text])
    expect(bob.node.stats.packetsReassembled).toBeGreaterThanOrEqual(1)
    expect(alice.events.delivery.filter((d) => d.messageId === id).map((d) => d.status)).toEqual(['sent', 'delivered'])
    await world.stopAll()
  })
})

describe('hostile input', () => {
  async function pair() {
    const world = createWorld()
    const victim = await world.add('victim')
    const mallory = await world.add('mallory')
    const [, victimEnd] = await world.connect(victim, mallory)
    void victimEnd
    await run(world, 2_000)
    // The link as seen from mallory's transport: frames sent on it reach the victim.
    const malloryLink = mallory.transport.links[0]!
    return { world, victim, mallory, malloryLink }
  }

  function identity(seed: number) {
    const rng = seededRng(seed)
    const noise = keyPairFromPrivateKey(crypto, rng.randomBytes(32))
    const signingSeed = rng.randomBytes(32)
    return { noise, signingSeed, signingPublicKey: crypto.ed25519.getPublicKey(signingSeed), peerId: peerIdFromNoiseKey(noise.publicKey) }
  }

  function packet(type: number, senderId: Uint8Array, payload: Uint8Array, timestamp: number): BitchatPacket {
    return { version: 1, type, ttl: 7, timestamp: BigInt(timestamp), senderId, recipientId: null, route: null, payload, signature: null, isRsr: false }
  }

  it('drops a forged-signature announce and a forged public message, and counts them', async () => {
    const { world, victim, malloryLink } = await pair()
    const eve = identity(1234)
    const other = identity(4321)
    const announce = packet(
      MessageType.ANNOUNCE,
      eve.peerId,
      encodeAnnounce({ nickname: 'eve', noisePublicKey: eve.noise.publicKey, signingPublicKey: eve.signingPublicKey }),
      world.clock.now(),
    )
    // Signed with somebody else's key: the signature does not verify under the announced key.
    malloryLink.send(encodePacket(signPacket(announce, other.signingSeed, crypto)))
    await run(world, 50)
    expect(victim.node.stats.drops['bad-signature']).toBe(1)
    expect(victim.node.peers().some((p) => p.nickname === 'eve')).toBe(false)

    // A public message claiming to be from the (verified) mallory node, signed by eve.
    const malloryId = victim.node.peers()[0]!.peerId
    const forged = packet(MessageType.MESSAGE, Buffer.from(malloryId, 'hex'), utf8Encode('send me your keys'), world.clock.now())
    malloryLink.send(encodePacket(signPacket(forged, eve.signingSeed, crypto)))
    await run(world, 50)
    expect(victim.node.stats.drops['bad-signature']).toBe(2)
    expect(victim.events.message).toEqual([])

    // A message from a sender nobody announced.
    const unknown = packet(MessageType.MESSAGE, other.peerId, utf8Encode('hi'), world.clock.now())
    malloryLink.send(encodePacket(signPacket(unknown, other.signingSeed, crypto)))
    // Garbage, a stale timestamp, and an unsolicited sync reply.
    malloryLink.send(new Uint8Array([1, 2, 3, 4, 5]))
    const stale = packet(MessageType.MESSAGE, Buffer.from(malloryId, 'hex'), utf8Encode('old'), world.clock.now() - 10 * 60_000)
    malloryLink.send(encodePacket(stale))
    malloryLink.send(encodePacket({ ...unknown, isRsr: true, ttl: 0 }))
    // An announce whose sender ID is not the hash of its Noise key.
    const mismatched = packet(
      MessageType.ANNOUNCE,
      other.peerId,
      encodeAnnounce({ nickname: 'x', noisePublicKey: eve.noise.publicKey, signingPublicKey: eve.signingPublicKey }),
      world.clock.now(),
    )
    malloryLink.send(encodePacket(signPacket(mismatched, eve.signingSeed, crypto)))
    await run(world, 50)
    const drops = victim.node.stats.drops
    expect(drops['unknown-sender']).toBe(1)
    expect(drops['decode-error']).toBe(1)
    expect(drops['timestamp-skew']).toBe(1)
    expect(drops['unsolicited-rsr']).toBe(1)
    expect(drops['key-mismatch']).toBe(1)
    expect(victim.events.message).toEqual([])
    await world.stopAll()
  })

  it('pins keys: a validly self-signed announce with a new signing key for a known peer ID is refused', async () => {
    const { world, victim, malloryLink } = await pair()
    const eve = identity(77)
    const first = packet(
      MessageType.ANNOUNCE,
      eve.peerId,
      encodeAnnounce({ nickname: 'eve', noisePublicKey: eve.noise.publicKey, signingPublicKey: eve.signingPublicKey }),
      world.clock.now(),
    )
    malloryLink.send(encodePacket(signPacket({ ...first, ttl: 3 }, eve.signingSeed, crypto)))
    await run(world, 50)
    expect(victim.node.peers().some((p) => p.nickname === 'eve')).toBe(true)
    const rogue = identity(78)
    const second = packet(
      MessageType.ANNOUNCE,
      eve.peerId,
      encodeAnnounce({ nickname: 'eve2', noisePublicKey: eve.noise.publicKey, signingPublicKey: rogue.signingPublicKey }),
      world.clock.now() + 1,
    )
    malloryLink.send(encodePacket(signPacket({ ...second, ttl: 3 }, rogue.signingSeed, crypto)))
    await run(world, 50)
    expect(victim.node.stats.drops['key-mismatch']).toBe(1)
    expect(victim.node.peers().find((p) => p.peerId === Buffer.from(eve.peerId).toString('hex'))!.nickname).toBe('eve')
    await world.stopAll()
  })

  it('suppresses duplicates: the same message frame delivered twice is shown once and relayed once', async () => {
    const world = createWorld()
    const a = await world.add('a')
    const b = await world.add('b')
    await world.connect(a, b)
    await run(world, 2_000)
    const link = a.transport.links[0]!
    await a.node.sendPublic('once')
    await run(world, 100)
    expect(b.events.message).toHaveLength(1)
    // Capture a genuine message frame as b receives it, then replay it twice on the same link.
    const got: Uint8Array[] = []
    b.transport.links[0]!.on('frame', (f) => got.push(f))
    await a.node.sendPublic('twice?')
    await run(world, 100)
    const captured = got.find((f) => f[1] === MessageType.MESSAGE)
    expect(captured).toBeDefined()
    const duplicatesBefore = b.node.stats.drops.duplicate
    link.send(captured!)
    link.send(captured!)
    await run(world, 100)
    expect(b.events.message.map((m) => m.text)).toEqual(['once', 'twice?'])
    expect(b.node.stats.drops.duplicate - duplicatesBefore).toBe(2)
    await world.stopAll()
  })
})

describe('gossip sync', () => {
  it('REQUEST_SYNC recovers a public message missed while the link was down', async () => {
    const world = createWorld()
    const a = await world.add('a')
    const b = await world.add('b')
    const [aEnd] = await world.connect(a, b)
    await run(world, 2_000)
    expect(b.node.peers()).toHaveLength(1)
    await aEnd.close()
    await run(world, 100)
    await a.node.sendPublic('sent while you were away')
    await run(world, 1_000)
    expect(b.events.message).toEqual([])
    await world.connect(a, b)
    // Bound on a's forced announce, then the initial REQUEST_SYNC 5 s later.
    await run(world, 7_000)
    expect(b.events.message.map((m) => [m.text, m.viaSync])).toEqual([['sent while you were away', true]])
    expect(a.node.stats.syncPacketsSent).toBeGreaterThan(0)
    expect(b.node.stats.syncRequestsSent).toBeGreaterThan(0)
    await world.stopAll()
    expect(world.clock.pendingTimers()).toBe(0)
  })
})

describe('announce cadence', () => {
  it('first announce 0.6 s after start, every 4 s while isolated', async () => {
    const world = createWorld()
    const lone = await world.add('lone')
    await world.advance(599)
    expect(lone.node.stats.announcesSent).toBe(0)
    await world.advance(1)
    expect(lone.node.stats.announcesSent).toBe(1)
    await world.advance(4_000)
    expect(lone.node.stats.announcesSent).toBe(2)
    await world.advance(8_000)
    expect(lone.node.stats.announcesSent).toBe(4)
    await world.stopAll()
    expect(world.clock.pendingTimers()).toBe(0)
  })

  it('keeps peers reachable while announces flow and expires them 60 s after the link dies silently', async () => {
    const world = createWorld()
    const a = await world.add('a')
    const b = await world.add('b')
    const [aEnd] = await world.connect(a, b)
    await run(world, 120_000, 500)
    expect(a.node.peers()).toHaveLength(1)
    await aEnd.close()
    await run(world, 70_000, 1_000)
    expect(a.node.peers()).toHaveLength(0)
    expect(a.events['peer:leave']).toEqual([{ peerId: b.node.peerId, reason: 'timeout' }])
    await world.stopAll()
  })
})
