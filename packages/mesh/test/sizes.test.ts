import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import { encodeAnnounce, encodeFragmentPayload, encodePacket, MessageType, peerIdFromNoiseKey, signPacket, type BitchatPacket } from '@bitmesh/wire-format'
import { DEDUP_CAPACITY, MAX_REASSEMBLY_ASSEMBLIES, MESH_SIZE_CAPS, SYNC_ANNOUNCE_CAPACITY, type CappedSize, type MeshSizes } from '../src/index.js'
import { SyncStore } from '../src/sync-store.js'
import { createWorld, run, seededRng, T0_MS } from './helpers.js'

const CAPPED = Object.keys(MESH_SIZE_CAPS) as CappedSize[]

describe('stats.sizes', () => {
  it('is all zero before start and reports the links, peers and stores of a running node', async () => {
    const world = createWorld()
    const a = await world.add('a')
    const b = await world.add('b')
    await world.connect(a, b)
    await run(world, 2_000)
    await a.node.sendPublic('hello')
    await run(world, 500)
    const sizes = b.node.stats.sizes
    expect(sizes.links).toBe(1)
    expect(sizes.peers).toBe(1)
    expect(sizes.pinnedPeers).toBe(1)
    expect(sizes.syncMessages).toBe(1)
    expect(sizes.syncAnnounces).toBe(2) // a's and our own
    expect(sizes.syncBytes).toBeGreaterThan(0)
    expect(sizes.dedup).toBeGreaterThanOrEqual(2)
    await world.stopAll()
    expect(b.node.stats.sizes.links).toBe(0)
    expect(b.node.stats.sizes.syncBytes).toBe(0)
  })

  it('every bounded structure stays at or below its cap under a garbage, fragment and Sybil-announce flood', async () => {
    const world = createWorld()
    const victim = await world.add('victim')
    const mallory = await world.add('mallory')
    await world.connect(victim, mallory)
    await run(world, 1_000)
    const link = mallory.transport.links[0]!
    const rng = seededRng(99)
    const crypto = nodeCryptoProvider
    const packet = (type: number, payload: Uint8Array, senderId: Uint8Array): BitchatPacket => ({
      version: 1,
      type,
      ttl: 7,
      timestamp: BigInt(world.clock.now()),
      senderId,
      recipientId: null,
      route: null,
      payload,
      signature: null,
      isRsr: false,
    })
    const sybil = (i: number): Uint8Array => {
      const noiseKey = rng.randomBytes(32)
      const seed = rng.randomBytes(32)
      const payload = encodeAnnounce({ nickname: `sybil${i}`, noisePublicKey: noiseKey, signingPublicKey: crypto.ed25519.getPublicKey(seed) })
      return encodePacket(signPacket(packet(MessageType.ANNOUNCE, payload, peerIdFromNoiseKey(noiseKey)), seed, crypto))
    }
    const fragment = (): Uint8Array =>
      encodePacket(
        packet(
          MessageType.FRAGMENT,
          encodeFragmentPayload({ fragmentId: rng.randomBytes(8), index: 0, total: 256, originalType: MessageType.MESSAGE, data: rng.randomBytes(200) }),
          rng.randomBytes(8),
        ),
      )

    const peak = Object.fromEntries(Object.keys(victim.node.stats.sizes).map((k) => [k, 0])) as unknown as MeshSizes
    const sample = (): void => {
      const sizes = victim.node.stats.sizes
      for (const k of Object.keys(sizes) as Array<keyof MeshSizes>) peak[k] = Math.max(peak[k], sizes[k])
    }
    const SYBILS = 2_200
    for (let i = 0; i < SYBILS; i++) {
      link.send(sybil(i))
      if (i % 4 === 0) link.send(fragment())
      if (i % 8 === 0) link.send(rng.randomBytes(1 + Math.floor(rng.next() * 200)))
      // Under the per-link rate limit (400 frames/s), so the flood is processed, not dropped.
      await world.advance(4)
      if (i % 10 === 0) sample()
    }
    await run(world, 1_000)
    sample()

    for (const k of CAPPED) expect(peak[k], k).toBeLessThanOrEqual(MESH_SIZE_CAPS[k])
    // The flood was big enough to hit the caps that bind (so the assertions above can fail).
    expect(peak.dedup).toBe(DEDUP_CAPACITY)
    expect(peak.syncAnnounces).toBe(SYNC_ANNOUNCE_CAPACITY)
    expect(peak.reassemblies).toBe(MAX_REASSEMBLY_ASSEMBLIES)
    expect(peak.peers).toBeGreaterThan(2_000)
    expect(peak.pinnedPeers).toBeGreaterThan(2_000)
    expect(peak.reassemblyBytes).toBeGreaterThan(0)
    await world.stopAll()
    expect(world.clock.pendingTimers()).toBe(0)
  }, 60_000)
})

describe('SyncStore.bytes', () => {
  it('always equals the summed length of the stored frames (fast-check: adds, replacements, evictions, LEAVEs)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 40 }), fc.nat(100)), { maxLength: 60 }),
        (ops) => {
          const store = new SyncStore({ maxAnnounces: 3, maxMessages: 4, announceMaxAgeMs: 1e12, messageMaxAgeMs: 1e12 })
          for (const [op, sender, payloadBytes, ts] of ops) {
            const senderId = new Uint8Array(8).fill(sender)
            if (op === 2) {
              store.removePeer(Buffer.from(senderId).toString('hex'))
              continue
            }
            const p: BitchatPacket = {
              version: 1,
              type: op === 0 ? MessageType.ANNOUNCE : MessageType.MESSAGE,
              ttl: 7,
              timestamp: BigInt(T0_MS + ts),
              senderId,
              recipientId: null,
              route: null,
              payload: new Uint8Array(payloadBytes).fill(ts),
              signature: null,
              isRsr: false,
            }
            store.add(p, encodePacket(p), T0_MS)
          }
          const frames = store.newestFirst(T0_MS)
          expect(frames.length).toBe(store.announceCount + store.messageCount)
          expect(store.bytes).toBe(frames.reduce((sum, s) => sum + s.frame.length, 0))
          store.clear()
          expect(store.bytes).toBe(0)
        },
      ),
      { numRuns: 200, seed: 7 },
    )
  })
})
