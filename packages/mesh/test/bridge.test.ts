/**
 * Bridging mesh islands over Nostr (issue #9), against the REAL loopback NIP-01 relay of
 * geohash-discovery's tests (ws sockets on 127.0.0.1). Two islands are two separate memory
 * networks (no radio path between them), one gateway each. Real sockets need real time: the
 * nodes run on the system clock, and the tests wait for outcomes (never assert on durations).
 */
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import { connectTransports, ManualClock, MemoryNetwork, memoryTransport, type MemoryTransport } from '@bitmesh/transport-compliance'
import { finalizeEvent, generateKeyPair, RelayPool } from '@bitmesh/geohash-discovery'
import { decodeNostrCarrier, encodeNostrCarrier, encodePacket, hexToBytes, MessageType, NostrCarrierDirection, tryDecodePacket, type BitchatPacket } from '@bitmesh/wire-format'
import { createMeshNode, cryptoRng, parseBridgeEvent, systemClock, type MeshBridgeOptions, type MeshEvents, type MeshNode } from '../src/index.js'
import { base64urlDecode } from '../src/bridge/base64url.js'
import { LoopbackRelay, startLoopbackRelay } from '../../geohash-discovery/test/helpers/loopback-relay.js'

const CELL = 'u33d'
const clock = systemClock()

interface Node {
  node: MeshNode
  transport: MemoryTransport
  events: { [K in keyof MeshEvents]: MeshEvents[K][] }
}

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function relay(): Promise<LoopbackRelay> {
  const r = await startLoopbackRelay()
  cleanups.push(() => r.stop())
  return r
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const start = Date.now()
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

const EVENTS: Array<keyof MeshEvents> = ['message', 'private-message', 'delivery', 'peer:join', 'drop']

async function meshNode(network: MemoryNetwork, name: string, bridge?: MeshBridgeOptions): Promise<Node> {
  const transport = memoryTransport({ network, address: name })
  const node = createMeshNode({
    transports: [transport],
    clock,
    rng: cryptoRng(),
    crypto: nodeCryptoProvider,
    nickname: name,
    announceIntervalMs: 1_000,
    isolatedAnnounceIntervalMs: 1_000,
    ...(bridge !== undefined ? { bridge } : {}),
  })
  const events = Object.fromEntries(EVENTS.map((n) => [n, []])) as unknown as Node['events']
  for (const n of EVENTS) node.on(n, (d) => (events[n] as unknown[]).push(d))
  await node.start()
  cleanups.push(() => node.stop())
  return { node, transport, events }
}

/** One island: a plain node and a gateway, linked by their own memory network. */
async function island(name: string, relayUrl: string): Promise<{ member: Node; gateway: Node }> {
  const network = new MemoryNetwork({ clock, latencyMs: 1 })
  const member = await meshNode(network, `${name}-member`)
  const gateway = await meshNode(network, `${name}-gateway`, { relays: [relayUrl], WebSocket, cell: CELL, seed: new Uint8Array(randomBytes(32)) })
  await connectTransports(member.transport, gateway.transport, gateway.transport.address)
  return { member, gateway }
}

const knows = (a: Node, b: Node): boolean => a.node.peers().some((p) => p.peerId === b.node.peerId)

/** The mesh packet types and senders carried in the relay's log. */
function carried(r: LoopbackRelay): Array<{ type: number; sender: string; text: string }> {
  return r.received.flatMap((e) => {
    const m = e.tags.find((t) => t[0] === 'm')
    const frame = e.content.startsWith('bitchat1:') ? base64urlDecode(e.content, 9, 1 << 16) : null
    const decoded = frame === null ? null : tryDecodePacket(frame)
    if (m === undefined || decoded === null || !decoded.ok) return []
    return [{ type: decoded.packet.type, sender: m[2]!, text: new TextDecoder().decode(decoded.packet.payload) }]
  })
}

describe('bridging two mesh islands through a loopback Nostr relay', () => {
  it('exchanges public and private messages; a carried message never bounces back', async () => {
    const r = await relay()
    const a = await island('a', r.url)
    const b = await island('b', r.url)
    // Announces cross the bridge: each island learns the other's members.
    await waitFor(() => knows(a.member, b.member) && knows(b.member, a.member), 'members to learn each other over the bridge')
    expect(a.member.node.peers().find((p) => p.peerId === b.member.node.peerId)?.direct).toBe(false)

    await a.member.node.sendPublic('hello from island A')
    await waitFor(() => b.member.events.message.length > 0, 'the public message in island B')
    expect(b.member.events.message.map((m) => [m.senderPeerId, m.text])).toEqual([[a.member.node.peerId, 'hello from island A']])
    expect(b.gateway.events.message.map((m) => m.text)).toEqual(['hello from island A'])

    const id = await b.member.node.sendPrivate(a.member.node.peerId, 'psst, island A')
    await waitFor(() => a.member.events['private-message'].length > 0, 'the private message in island A')
    expect(a.member.events['private-message'].map((m) => [m.senderPeerId, m.text])).toEqual([[b.member.node.peerId, 'psst, island A']])
    await waitFor(() => b.member.events.delivery.some((d) => d.messageId === id && d.status === 'delivered'), 'the delivered receipt back in island B')
    // Noise crossed as opaque packets: the gateways never saw the text.
    expect(a.gateway.events['private-message']).toEqual([])
    expect(b.gateway.events['private-message']).toEqual([])

    // Loop prevention: the public message went to the relay exactly once (gateway A); gateway B
    // injected it but never republished it, and gateway A dropped its own event's echo.
    await new Promise((res) => setTimeout(res, 500))
    const copies = carried(r).filter((c) => c.type === MessageType.MESSAGE && c.text === 'hello from island A')
    expect(copies).toEqual([{ type: MessageType.MESSAGE, sender: a.member.node.peerId, text: 'hello from island A' }])
    expect(a.member.events.message).toEqual([])
    expect(a.gateway.node.stats.bridgeEchoes).toBeGreaterThan(0)
    expect(b.gateway.node.stats.bridgeInjected).toBeGreaterThan(0)
    expect(a.gateway.node.stats.bridgePublished).toBeGreaterThan(0)
    // Nothing from island B was carried by gateway A (it came from the bridge) and vice versa.
    const bPeers = new Set([b.member.node.peerId, b.gateway.node.peerId])
    const aPeers = new Set([a.member.node.peerId, a.gateway.node.peerId])
    const perSender = new Map<string, number>()
    for (const c of carried(r)) perSender.set(c.sender, (perSender.get(c.sender) ?? 0) + 1)
    expect([...perSender.keys()].every((s) => bPeers.has(s) || aPeers.has(s))).toBe(true)
    // Every carried packet was carried once: no packet ID appears twice in the relay's log.
    const ids = r.received.map((e) => e.tags.find((t) => t[0] === 'm')?.[1])
    expect(new Set(ids).size).toBe(ids.length)
  }, 40_000)

  it('reconnects after the relay is killed and restarted: what was queued is published, later traffic goes through', async () => {
    const r = await relay()
    const a = await island('a', r.url)
    const b = await island('b', r.url)
    await waitFor(() => knows(a.member, b.member) && knows(b.member, a.member), 'members to learn each other')
    await r.stop()
    const receivedBefore = r.received.length
    await a.member.node.sendPublic('sent while the relay was down')
    await new Promise((res) => setTimeout(res, 300))
    expect(b.member.events.message).toEqual([])
    await r.start() // same port; the pools retry after 1 s, 2 s, … (§7.3 backoff)
    await waitFor(() => r.connections >= 2, 'both gateways to reconnect')
    // Gateway a's pool publishes what it queued during the outage as soon as it is back. Kind 20000
    // is ephemeral (relays keep no copy), so gateway b sees it only if its subscription was back
    // first — an ordering the backoff does not fix; the check here is that it left a at all.
    const carries = (text: string) => (e: (typeof r.received)[number]): boolean => {
      const bridged = parseBridgeEvent(e, CELL)
      return bridged !== null && bridged.packet.type === MessageType.MESSAGE && new TextDecoder().decode(bridged.packet.payload) === text
    }
    await waitFor(() => r.received.slice(receivedBefore).some(carries('sent while the relay was down')), 'the queued bridge event to reach the relay after the restart')
    // Traffic after both are back always goes through.
    await a.member.node.sendPublic('after both gateways are back')
    await waitFor(() => b.member.events.message.some((m) => m.text === 'after both gateways are back'), 'a public message after the restart')
    const id = await a.member.node.sendPrivate(b.member.node.peerId, 'after the outage')
    await waitFor(() => a.member.events.delivery.some((d) => d.messageId === id && d.status === 'delivered'), 'a private message after the restart')
    expect(b.member.events['private-message'].map((m) => m.text)).toEqual(['after the outage'])
  }, 40_000)
})

describe('nostrCarrier 0x28 at a gateway (§2.10)', () => {
  it('publishes a toGateway carrier addressed to it, and hands foreign cell events to the mesh as fromBridge carriers', async () => {
    const r = await relay()
    const network = new MemoryNetwork({ clock, latencyMs: 1 })
    const gateway = await meshNode(network, 'gw', { relays: [r.url], WebSocket, cell: CELL, seed: new Uint8Array(randomBytes(32)) })
    // A raw radio neighbour (say an iOS phone without internet) speaking packets directly.
    const raw = memoryTransport({ network, address: 'raw' })
    await raw.start()
    cleanups.push(() => raw.stop())
    const [link] = await connectTransports(raw, gateway.transport, 'gw')
    const heard: Uint8Array[] = []
    link.on('frame', (f) => heard.push(f))
    await waitFor(() => r.connections >= 1, 'the gateway to connect')

    const phone = generateKeyPair(cryptoRng())
    const note = finalizeEvent({ kind: 20000, created_at: Math.floor(Date.now() / 1000), tags: [['g', 'u33dc']], content: 'from a phone without internet' }, phone.secretKey)
    const carrier = encodeNostrCarrier({ direction: NostrCarrierDirection.TO_GATEWAY, geohash: 'u33dc', eventJson: new TextEncoder().encode(JSON.stringify(note)) })
    const packet: BitchatPacket = { version: 1, type: MessageType.NOSTR_CARRIER, ttl: 7, timestamp: BigInt(Date.now()), senderId: new Uint8Array(randomBytes(8)), recipientId: hexToBytes(gateway.node.peerId), route: null, payload: carrier, signature: null, isRsr: false }
    link.send(encodePacket(packet))
    await waitFor(() => r.received.some((e) => e.id === note.id), 'the carried event at the relay')
    expect(gateway.node.stats.bridgeCarrierPublished).toBe(1)

    // A forged carrier (signature broken) is refused and counted.
    const forged = { ...note, content: 'tampered' }
    const bad = encodeNostrCarrier({ direction: NostrCarrierDirection.TO_GATEWAY, geohash: 'u33dc', eventJson: new TextEncoder().encode(JSON.stringify(forged)) })
    link.send(encodePacket({ ...packet, timestamp: BigInt(Date.now()), payload: bad }))
    await waitFor(() => gateway.node.stats.drops['bad-signature'] > 0, 'the forged carrier to be refused')
    expect(gateway.node.stats.bridgeCarrierPublished).toBe(1)

    // An event of the cell that is no BitMesh bridge event (iOS's own bridge traffic) comes back
    // into the mesh as a 0x28 fromBridge broadcast.
    const foreign = finalizeEvent({ kind: 20000, created_at: Math.floor(Date.now() / 1000), tags: [['r', CELL]], content: 'ios bridge payload' }, phone.secretKey)
    const publisher = new RelayPool({ WebSocket, clock, relays: [r.url] })
    cleanups.push(() => publisher.close())
    await publisher.publish(foreign)
    await waitFor(() => heard.some((f) => f[1] === MessageType.NOSTR_CARRIER), 'a fromBridge carrier on the mesh')
    const frame = heard.find((f) => f[1] === MessageType.NOSTR_CARRIER)!
    const decoded = tryDecodePacket(frame)
    expect(decoded.ok).toBe(true)
    if (!decoded.ok) return
    const c = decodeNostrCarrier(decoded.packet.payload)
    expect(c.direction).toBe(NostrCarrierDirection.FROM_BRIDGE)
    expect(c.geohash).toBe(CELL)
    expect(JSON.parse(new TextDecoder().decode(c.eventJson))).toEqual(foreign)
    expect(gateway.node.stats.bridgeCarrierBroadcast).toBe(1)
  }, 30_000)
})

describe('store-and-forward drains over the bridge when it is the only path (virtual clock, real relay)', () => {
  it('a message queued while the far peer was gone is delivered once the relay is back', async () => {
    const r = await relay()
    const vclock = new ManualClock(Date.now())
    /** Advance virtual time in small steps, letting real socket I/O run in between. */
    const pump = async (ms: number, until?: () => boolean): Promise<void> => {
      for (let t = 0; t < ms && !(until?.() ?? false); t += 50) {
        await vclock.advance(50)
        await new Promise((res) => setTimeout(res, 1))
      }
    }
    const make = async (network: MemoryNetwork, name: string, bridge?: MeshBridgeOptions): Promise<Node> => {
      const transport = memoryTransport({ network, address: name })
      const node = createMeshNode({ transports: [transport], clock: vclock, rng: cryptoRng(), crypto: nodeCryptoProvider, nickname: name, ...(bridge ? { bridge } : {}) })
      const events = Object.fromEntries(EVENTS.map((n) => [n, []])) as unknown as Node['events']
      for (const n of EVENTS) node.on(n, (d) => (events[n] as unknown[]).push(d))
      const started = node.start()
      await pump(100)
      await started
      cleanups.push(async () => {
        let done = false
        const stopped = node.stop().finally(() => (done = true))
        await pump(5_000, () => done)
        await stopped
      })
      return { node, transport, events }
    }
    const islandOf = async (name: string): Promise<{ member: Node; gateway: Node }> => {
      const network = new MemoryNetwork({ clock: vclock, latencyMs: 1 })
      const member = await make(network, `${name}-member`)
      const gateway = await make(network, `${name}-gateway`, { relays: [r.url], WebSocket, cell: CELL, seed: new Uint8Array(randomBytes(32)) })
      const linked = connectTransports(member.transport, gateway.transport, gateway.transport.address)
      await pump(100)
      await linked
      return { member, gateway }
    }
    const a = await islandOf('a')
    const b = await islandOf('b')
    const t0 = Date.now()
    const log = (what: string): void => void (process.env.BRIDGE_DEBUG && console.log(what, Date.now() - t0, 'ms real', vclock.now()))
    await pump(60_000, () => knows(a.member, b.member) && knows(b.member, a.member))
    expect(knows(a.member, b.member)).toBe(true)
    log('met')

    // The relay dies; after the 60 s retention island A forgets island B's member.
    await r.stop()
    await pump(70_000, () => !knows(a.member, b.member))
    expect(knows(a.member, b.member)).toBe(false)
    const id = await a.member.node.sendPrivate(b.member.node.peerId, 'kept for you')
    expect(a.member.events.delivery.filter((d) => d.messageId === id).map((d) => d.status)).toEqual(['queued'])
    expect(a.member.node.stats.sizes.outbox).toBe(1)
    log('queued')

    // The relay comes back: the pools reconnect on their backoff, announces cross again and the
    // outbox drains through the bridge — the only path between the islands.
    await r.start()
    await pump(400_000, () => b.member.events['private-message'].length > 0 && a.member.events.delivery.some((d) => d.messageId === id && d.status === 'delivered'))
    log('drained')
    expect(b.member.events['private-message'].map((m) => m.text)).toEqual(['kept for you'])
    expect(a.member.events.delivery.filter((d) => d.messageId === id).map((d) => d.status)).toEqual(['queued', 'sent', 'delivered'])
    expect(a.member.node.stats.sizes.outbox).toBe(0)
  }, 60_000)
})
