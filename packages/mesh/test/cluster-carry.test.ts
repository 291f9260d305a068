/**
 * Head-to-head carry (issue #6, "heads bridge clusters"): a head queues a directed private frame
 * for a peer behind an adjacent head (per the gossiped tables) and sends it inside a signed
 * `carry` control (outer type 0xB1, TTL 5) at the 10 s gossip tick; the receiving head feeds the
 * unchanged frame to its own ingress. Plain peers relay the carry untouched.
 */
import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import { CLUSTER_CONTROL_PACKET_TYPE, encodeClusterControl } from '@bitmesh/cluster-election'
import type { RelayPolicy } from '@bitmesh/gossip-router'
import { keyPairFromPrivateKey } from '@bitmesh/noise'
import { encodeAnnounce, encodePacket, MessageType, peerIdFromNoiseKey, signPacket, utf8Encode, type BitchatPacket } from '@bitmesh/wire-format'
import { describe, expect, it } from 'vitest'
import type { MeshClusterOptions } from '../src/index.js'
import { iosRelayPolicy } from '../src/relay-policy.js'
import { capable } from './cluster-helpers.js'
import { createWorld, run, seededRng, type TestNode } from './helpers.js'

const crypto = nodeCryptoProvider
const android = (): MeshClusterOptions => ({ os: 'android', hotspotSupport: true, battery: () => ({ level: 90, charging: false, estLifeMin: 600 }) })
const ios = (): MeshClusterOptions => ({ os: 'ios', hotspotSupport: false, battery: () => ({ level: 80, charging: false, estLifeMin: 500 }), sleep: false })

/** A relay policy that floods everything but private traffic: the cut in the middle. */
function noPrivateRelay(): RelayPolicy {
  const inner = iosRelayPolicy()
  const cut = new Set<number>([MessageType.NOISE_HANDSHAKE, MessageType.NOISE_ENCRYPTED, MessageType.FRAGMENT])
  return { name: 'cut', decide: (p, c) => (cut.has(p.type) ? { ...inner.decide(p, c), relay: false, links: [] } : inner.decide(p, c)) }
}


describe('head-to-head carry', () => {
  it('two clusters joined only by a path that drops private traffic: the message crosses inside carries', async () => {
    // s, s2 — h1 — p — h2 — m: p relays announces and control, never private frames.
    const world = createWorld()
    const h1 = await world.add('h1', { clusters: android() })
    const h2 = await world.add('h2', { clusters: android() })
    const s = await world.add('s', { clusters: ios() })
    const s2 = await world.add('s2', { clusters: ios() })
    const m = await world.add('m', { clusters: ios() })
    const p = await world.add('p', { relayPolicy: noPrivateRelay() })
    await world.connect(s, h1)
    await world.connect(s2, h1)
    await world.connect(h1, p)
    await world.connect(p, h2)
    await world.connect(h2, m)
    const c1 = capable(h1)
    const c2 = capable(h2)
    // The heads hear each other's beacons, too weak (−90 dBm) to join, merge or hold a node back from leading: adjacent heads.
    const step = async (ms: number) => {
      for (let t = 0; t < ms; t += 1_000) {
        const b1 = c1.beacons.at(-1)
        const b2 = c2.beacons.at(-1)
        if (b2 !== undefined) c1.scan(b2, -90)
        if (b1 !== undefined) c2.scan(b1, -90)
        await run(world, 1_000, 50)
      }
    }
    await step(60_000)
    expect(h1.node.cluster!.role).toBe('head')
    expect(h2.node.cluster!.role).toBe('head')
    expect(s.node.cluster!.headId).toBe(h1.node.peerId)
    expect(m.node.cluster!.headId).toBe(h2.node.peerId)
    expect(h1.node.cluster!.headTablesReceived).toBeGreaterThan(0)
    expect(s.node.peers().some((x) => x.peerId === m.node.peerId)).toBe(true) // announces do cross

    // Inside h1's cluster: a message to h1's own member is never queued for a carry.
    await s2.node.sendPrivate(s.node.peerId, 'same cluster')
    await step(3_000)
    expect(s.events['private-message'].map((x) => x.text)).toEqual(['same cluster'])
    expect(h1.node.cluster!.carryQueued).toBe(0)

    await s.node.sendPrivate(m.node.peerId, 'across the cut')
    let got = false
    for (let t = 0; t < 90_000 && !got; t += 1_000) {
      await step(1_000)
      got = m.events['private-message'].some((x) => x.text === 'across the cut')
    }
    expect(got).toBe(true)
    // Handshake and message went h1 → h2, the handshake reply and receipt h2 → h1.
    expect(h1.node.cluster!.carrySent).toBeGreaterThan(0)
    expect(h2.node.cluster!.carryReceived).toBeGreaterThan(0)
    expect(h2.node.cluster!.carrySent).toBeGreaterThan(0)
    expect(h1.node.cluster!.carryReceived).toBeGreaterThan(0)
    expect(h1.node.cluster!.carryTooLarge + h1.node.cluster!.carryEvicted).toBe(0)
    // p relayed carries (unknown outer type to a plain peer) without refusing them.
    expect(p.node.stats.drops['decode-error']).toBe(0)
    expect(p.node.stats.drops.protocol).toBe(0)
    await world.stopAll()
  })

  it('a carried frame enters the normal ingress: a forged inner frame is refused, a genuine one accepted', async () => {
    const world = createWorld()
    const victim = await world.add('victim', { clusters: android() })
    const mallory = await world.add('mallory')
    await world.connect(victim, mallory)
    await run(world, 2_000)
    const link = mallory.transport.links[0]!
    const rng = seededRng(99)
    const ident = () => {
      const noise = keyPairFromPrivateKey(crypto, rng.randomBytes(32))
      const seed = rng.randomBytes(32)
      return { noise, seed, signing: crypto.ed25519.getPublicKey(seed), id: peerIdFromNoiseKey(noise.publicKey) }
    }
    const eve = ident()
    const other = ident()
    const victimId = Uint8Array.from(Buffer.from(victim.node.peerId, 'hex'))
    const pkt = (type: number, payload: Uint8Array, recipientId: Uint8Array | null, ttl: number): BitchatPacket => ({
      version: 1, type, ttl, timestamp: BigInt(world.clock.now()), senderId: eve.id, recipientId, route: null, payload, signature: null, isRsr: false,
    })
    const announce = pkt(MessageType.ANNOUNCE, encodeAnnounce({ nickname: 'eve', noisePublicKey: eve.noise.publicKey, signingPublicKey: eve.signing }), null, 3)
    link.send(encodePacket(signPacket(announce, eve.seed, crypto)))
    await run(world, 100)
    expect(victim.node.peers().some((x) => x.nickname === 'eve')).toBe(true)
    const carry = (inner: Uint8Array) =>
      encodePacket(signPacket(pkt(CLUSTER_CONTROL_PACKET_TYPE, encodeClusterControl({ kind: 'carry', frame: inner }), victimId, 5), eve.seed, crypto))

    // The inner public message claims eve but is signed by another key.
    const badSigs = victim.node.stats.drops['bad-signature']
    link.send(carry(encodePacket(signPacket(pkt(MessageType.MESSAGE, utf8Encode('forged'), null, 1), other.seed, crypto))))
    await run(world, 100)
    expect(victim.node.cluster!.carryReceived).toBe(1)
    expect(victim.node.stats.drops['bad-signature']).toBe(badSigs + 1)
    expect(victim.events.message).toEqual([])

    // The same carry with a genuine inner frame: delivered as if received on the carry's link.
    link.send(carry(encodePacket(signPacket(pkt(MessageType.MESSAGE, utf8Encode('carried'), null, 1), eve.seed, crypto))))
    await run(world, 100)
    expect(victim.node.cluster!.carryReceived).toBe(2)
    expect(victim.events.message.map((x) => x.text)).toEqual(['carried'])

    // A carry whose outer signature is not eve's is refused before unwrapping.
    const inner = encodePacket(signPacket(pkt(MessageType.MESSAGE, utf8Encode('never'), null, 1), eve.seed, crypto))
    link.send(encodePacket(signPacket(pkt(CLUSTER_CONTROL_PACKET_TYPE, encodeClusterControl({ kind: 'carry', frame: inner }), victimId, 5), other.seed, crypto)))
    await run(world, 100)
    expect(victim.node.cluster!.carryReceived).toBe(2)
    expect(victim.node.stats.drops['bad-signature']).toBe(badSigs + 2)
    await world.stopAll()
  })
})
