/**
 * The bridge event format, its base64url codec, the rate-cap bucket and option validation
 * (issue #9). Pure functions; no sockets.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ManualClock } from '@bitmesh/transport-compliance'
import { deriveBridgeIdentity, finalizeEvent, verifyEvent, type NostrEvent } from '@bitmesh/geohash-discovery'
import { encodePacket, MessageType, packetIdHex, type BitchatPacket } from '@bitmesh/wire-format'
import { BRIDGE_INJECT_TTL, createBridgeEvent, createMeshNode, MAX_BRIDGE_FRAME_BYTES, parseBridgeEvent } from '../src/index.js'
import { base64urlDecode, base64urlEncode } from '../src/bridge/base64url.js'
import { TokenBucket } from '../src/bridge/token-bucket.js'
import { seededRng } from './helpers.js'

const CELL = 'u33d'
const SEED = new Uint8Array(32).fill(7)
const keys = deriveBridgeIdentity(SEED, CELL)
const clock = new ManualClock(1_760_000_000_000)
const rng = seededRng(42)

function packet(overrides: Partial<BitchatPacket> = {}): BitchatPacket {
  return {
    version: 1,
    type: MessageType.MESSAGE,
    ttl: 7,
    timestamp: 1_760_000_000_123n,
    senderId: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
    recipientId: null,
    route: null,
    payload: new TextEncoder().encode('over the bridge'),
    signature: new Uint8Array(64).fill(9),
    isRsr: false,
    ...overrides,
  }
}

/** Re-sign an edited event so only the edit (not the signature) can make it fail. */
const resign = (e: NostrEvent, edit: Partial<NostrEvent>): NostrEvent => finalizeEvent({ kind: e.kind, created_at: e.created_at, tags: e.tags, content: e.content, ...edit }, keys.secretKey)

describe('base64url (RFC 4648 §5, unpadded)', () => {
  it('matches Node for random bytes and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = base64urlEncode(bytes)
        expect(text).toBe(Buffer.from(bytes).toString('base64url'))
        expect(base64urlDecode(text, 0, 1024)).toEqual(bytes)
      }),
    )
  })
  it('refuses bad characters, impossible lengths, non-canonical tails and oversize output', () => {
    expect(base64urlDecode('ab+c', 0, 10)).toBeNull()
    expect(base64urlDecode('ab=c', 0, 10)).toBeNull()
    expect(base64urlDecode('abcde', 0, 10)).toBeNull() // 5 chars: length % 4 == 1
    expect(base64urlDecode('AB', 0, 10)).toBeNull() // 'B' leaves non-zero unused bits
    expect(base64urlDecode('AA', 0, 10)).toEqual(Uint8Array.of(0))
    expect(base64urlDecode('AAAAAAAA', 0, 5)).toBeNull()
    expect(base64urlDecode('xxAAAA', 2, 3)).toEqual(new Uint8Array(3))
    expect(base64urlDecode('é', 0, 10)).toBeNull()
  })
})

describe('bridge event (kind 20000, ["r", cell], ["m", id, sender, ts], "bitchat1:" content)', () => {
  const p = packet()
  const frame = encodePacket(p)
  const event = createBridgeEvent(p, frame, CELL, keys, clock, rng)

  it('has the documented layout and a valid signature by the bridge identity', () => {
    expect(verifyEvent(event)).toBe(true)
    expect(event.kind).toBe(20000)
    expect(event.pubkey).toBe(keys.publicKey)
    expect(event.created_at).toBe(1_760_000_000)
    expect(event.tags).toEqual([
      ['r', CELL],
      ['m', packetIdHex(p), '0102030405060708', '1760000000123'],
    ])
    const carried = Buffer.from(event.content.slice('bitchat1:'.length), 'base64url')
    expect(carried[2]).toBe(BRIDGE_INJECT_TTL)
    expect(new Uint8Array(carried.subarray(3))).toEqual(frame.subarray(3))
    expect(frame[2]).toBe(7) // the caller's frame is not modified
  })

  it('parses back to the frame and packet, TTL clamped to 6', () => {
    const parsed = parseBridgeEvent(event, CELL)
    expect(parsed).not.toBeNull()
    expect(parsed!.stableId).toBe(packetIdHex(p))
    expect(parsed!.senderPeerId).toBe('0102030405060708')
    expect(parsed!.packet.ttl).toBe(BRIDGE_INJECT_TTL)
    expect(parsed!.packet.payload).toEqual(p.payload)
    // A gateway that writes TTL 7 into its content is clamped: never a "direct" announce.
    const ttl7 = frame.slice()
    const hot = resign(event, { content: 'bitchat1:' + base64urlEncode(ttl7) })
    expect(parseBridgeEvent(hot, CELL)!.frame[2]).toBe(BRIDGE_INJECT_TTL)
  })

  it('refuses other cells and kinds, inconsistent m tags and broken content', () => {
    const m = event.tags[1]!
    expect(parseBridgeEvent(event, 'u33e')).toBeNull()
    expect(parseBridgeEvent(resign(event, { kind: 20001 }), CELL)).toBeNull()
    expect(parseBridgeEvent(resign(event, { tags: [['r', CELL]] }), CELL)).toBeNull()
    expect(parseBridgeEvent(resign(event, { tags: [['r', CELL], ['m', m[1]!, 'ffffffffffffffff', m[3]!]] }), CELL)).toBeNull()
    expect(parseBridgeEvent(resign(event, { tags: [['r', CELL], ['m', m[1]!, m[2]!, '1']] }), CELL)).toBeNull()
    expect(parseBridgeEvent(resign(event, { tags: [['r', CELL], ['m', '00'.repeat(16), m[2]!, m[3]!]] }), CELL)).toBeNull()
    expect(parseBridgeEvent(resign(event, { tags: [['r', CELL], ['m', m[1]!.toUpperCase(), m[2]!, m[3]!]] }), CELL)).toBeNull()
    expect(parseBridgeEvent(resign(event, { content: 'hello' }), CELL)).toBeNull()
    expect(parseBridgeEvent(resign(event, { content: 'bitchat1:!!!!' }), CELL)).toBeNull()
    expect(parseBridgeEvent(resign(event, { content: 'bitchat1:' + 'A'.repeat(Math.ceil((MAX_BRIDGE_FRAME_BYTES * 4) / 3) + 8) }), CELL)).toBeNull()
  })

  it('never throws on mutated content or tags (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.array(fc.array(fc.string({ maxLength: 40 }), { maxLength: 5 }), { maxLength: 4 }), (content, tags) => {
        const e = { ...event, content: 'bitchat1:' + content, tags: [['r', CELL], ...tags] }
        expect(() => parseBridgeEvent(e, CELL)).not.toThrow()
      }),
      { numRuns: 300 },
    )
  })

  it('refuses to build an event for a frame over the carriable size', () => {
    expect(() => createBridgeEvent(p, new Uint8Array(MAX_BRIDGE_FRAME_BYTES + 1), CELL, keys, clock, rng)).toThrow(RangeError)
  })
})

describe('token bucket (bridge rate caps)', () => {
  it('allows a burst, then the refill rate, on the injected clock', async () => {
    const c = new ManualClock(0)
    const bucket = new TokenBucket(c, 10, 3)
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false])
    await c.advance(100) // 10/s → one token per 100 ms
    expect([bucket.take(), bucket.take()]).toEqual([true, false])
    await c.advance(10_000) // refills to the burst, not beyond
    let n = 0
    while (bucket.take()) n++
    expect(n).toBe(3)
    expect(() => new TokenBucket(c, 0, 1)).toThrow(RangeError)
    expect(() => new TokenBucket(c, 1, 0)).toThrow(RangeError)
  })
})

describe('MeshNodeOptions.bridge validation', () => {
  const base = { transports: [], clock, rng, nickname: 'x' }
  it('needs a pool or relays + WebSocket, a lower-case cell and a 32-byte seed', () => {
    class WS {}
    const ok = { relays: ['ws://127.0.0.1:1'], WebSocket: WS as never, cell: CELL, seed: SEED }
    expect(() => createMeshNode({ ...base, bridge: ok })).not.toThrow()
    expect(() => createMeshNode({ ...base, bridge: { ...ok, relays: [] } })).toThrow(TypeError)
    expect(() => createMeshNode({ ...base, bridge: { cell: CELL, seed: SEED } })).toThrow(TypeError)
    expect(() => createMeshNode({ ...base, bridge: { ...ok, cell: 'U33D' } })).toThrow(TypeError)
    expect(() => createMeshNode({ ...base, bridge: { ...ok, seed: new Uint8Array(31) } })).toThrow(TypeError)
    expect(() => createMeshNode({ ...base, bridge: { ...ok, pool: {} as never } })).toThrow(TypeError)
  })
})
