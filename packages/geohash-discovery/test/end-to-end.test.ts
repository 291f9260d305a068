import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { encodePrivateMessagePayload, decodePrivateMessage } from '@bitmesh/wire-format'
import {
  RelayPool,
  createGeohashChatEvent,
  deriveGeohashIdentity,
  encodeEmbeddedPacket,
  encodeGeohash,
  generateKeyPair,
  geohashChannelFilter,
  giftWrapFilter,
  mainIdentitySigner,
  parseGeohashChannelEvent,
  startNearbyMode,
  unwrapBitchatPrivateMessage,
  wrapBitchatPrivateMessage,
  createDirectMessage,
  readDirectMessage,
  type NearbyUpdate,
  type NostrEvent,
} from '../src/index.js'
import { startLoopbackRelay, type LoopbackRelay } from './helpers/loopback-relay.js'
import { cryptoRng, systemClock } from './helpers/clock.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})
async function setup(): Promise<{ relay: LoopbackRelay; alice: RelayPool; bob: RelayPool }> {
  const relay = await startLoopbackRelay()
  const alice = new RelayPool({ WebSocket, clock: systemClock, relays: [relay.url] })
  const bob = new RelayPool({ WebSocket, clock: systemClock, relays: [relay.url] })
  cleanups.push(() => relay.stop(), () => alice.close(), () => bob.close())
  return { relay, alice, bob }
}
async function until(cond: () => boolean, what: string): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > 10_000) throw new Error(`timed out: ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
async function subscribed(pool: RelayPool, filters: Parameters<RelayPool['subscribe']>[0], onEvent: (e: NostrEvent) => void): Promise<void> {
  let eose = false
  pool.subscribe(filters, { onEvent, onEose: () => (eose = true) })
  await until(() => eose, 'EOSE')
}
const ctx = { clock: systemClock, rng: cryptoRng }

describe('two devices through a loopback relay', () => {
  it('geohash channel chat with per-geohash identities', async () => {
    const { alice, bob } = await setup()
    const geohash = encodeGeohash(48.8566, 2.3522, 6)
    const aliceId = deriveGeohashIdentity(cryptoRng.randomBytes(32), geohash)
    const heard: string[] = []
    await subscribed(bob, [geohashChannelFilter(geohash, Date.now())], (e) => {
      const m = parseGeohashChannelEvent(e)
      if (m !== null) heard.push(`${m.nickname}: ${m.content} (pow ${m.powBits})`)
    })
    await alice.publish(createGeohashChatEvent({ geohash, content: 'bonjour', nickname: 'alice', powBits: 8 }, aliceId.secretKey, ctx))
    await until(() => heard.length === 1, 'chat')
    expect(heard).toEqual(['alice: bonjour (pow 8)'])
  })

  it('bitchat private message (v2: envelope, bitchat1: packet) and a NIP-17 DM', async () => {
    const { alice, bob } = await setup()
    const a = generateKeyPair(cryptoRng)
    const b = generateKeyPair(cryptoRng)
    const inbox: NostrEvent[] = []
    await subscribed(bob, [giftWrapFilter(b.publicKey, Date.now())], (e) => inbox.push(e))
    const content = encodeEmbeddedPacket({
      senderId: cryptoRng.randomBytes(8),
      recipientId: cryptoRng.randomBytes(8),
      noisePayload: encodePrivateMessagePayload({ messageId: 'M-1', content: 'via nostr' }),
      timestampMs: Date.now(),
    })
    await alice.publish(wrapBitchatPrivateMessage(content, a.secretKey, b.publicKey, ctx))
    for (const w of createDirectMessage({ recipients: [b.publicKey], content: 'plain nip-17' }, a.secretKey, ctx)) await alice.publish(w)
    await until(() => inbox.length === 2, 'both wraps')
    const bitchat = unwrapBitchatPrivateMessage(inbox[0], b.secretKey, b.publicKey, { clock: systemClock })
    expect(bitchat.sender).toBe(a.publicKey)
    expect(decodePrivateMessage(bitchat.embedded!.payload!.data)).toEqual({ messageId: 'M-1', content: 'via nostr' })
    expect(readDirectMessage(inbox[1], b.secretKey).content).toBe('plain nip-17')
    // Each format refuses the other.
    expect(() => readDirectMessage(inbox[0], b.secretKey)).toThrow()
    expect(() => unwrapBitchatPrivateMessage(inbox[1], b.secretKey, b.publicKey)).toThrow()
  })

  it('nearby mode: discover by presence, consent, reveal main keys', async () => {
    const { alice, bob } = await setup()
    const aMain = generateKeyPair(cryptoRng)
    const bMain = generateKeyPair(cryptoRng)
    const loc = { latitude: 35.6762, longitude: 139.6503, precision: 5 }
    const sa = startNearbyMode({ location: loc, mainIdentity: mainIdentitySigner(aMain.secretKey), ...ctx })
    const sb = startNearbyMode({ location: loc, mainIdentity: mainIdentitySigner(bMain.secretKey), ...ctx })
    const seenByBob = new Set<string>()
    const revealed: Record<string, string> = {}
    const wire = (pool: RelayPool, s: typeof sa, name: string) => (e: NostrEvent) => {
      if (e.kind === 20001 && e.pubkey !== s.publicKey) seenByBob.add(`${name}:${e.pubkey}`)
      const u: NearbyUpdate | null = s.handleEvent(e)
      if (u === null) return
      if (u.type === 'revealed') revealed[name] = u.mainPublicKey
      for (const out of u.outgoing) void pool.publish(out)
    }
    await subscribed(alice, sa.filters(Date.now()), wire(alice, sa, 'alice'))
    await subscribed(bob, sb.filters(Date.now()), wire(bob, sb, 'bob'))
    await alice.publish(sa.presenceEvent())
    await until(() => seenByBob.has(`bob:${sa.publicKey}`), 'presence')
    for (const e of sa.consentToReveal(sb.publicKey)) await alice.publish(e)
    for (const e of sb.consentToReveal(sa.publicKey)) await bob.publish(e)
    await until(() => revealed.alice !== undefined && revealed.bob !== undefined, 'both reveals')
    expect(revealed).toEqual({ alice: bMain.publicKey, bob: aMain.publicKey })
    sa.end()
    sb.end()
  })
})
