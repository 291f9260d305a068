/**
 * Fragmentation (§2.6, §6.6): split → frames with the inherited header fields, reassembly of a
 * complete set, and the bounded FragmentReassembler driven by a fake clock.
 */
import { describe, expect, it } from 'vitest'
import { hex, toHex } from '@bitmesh-internal/test-vectors'
import { decodePacket, encodePacket, MessageType, type BitchatPacket } from '../packet/index.js'
import {
  DEFAULT_FRAGMENT_CHUNK_BYTES,
  FragmentReassembler,
  MAX_ASSEMBLY_BYTES,
  MAX_INTEROP_FRAGMENTS,
  REASSEMBLY_TIMEOUT_MS,
  decodeFragmentPayload,
  encodeFragmentPayload,
  fragmentChunkSizeForLinkLimit,
  fragmentChunkSizeForRoute,
  reassembleFragments,
  splitIntoFragments,
} from './index.js'

const SENDER = hex('1011121314151617')
const RECIPIENT = hex('2021222324252627')
const FRAG_ID = hex('a0a1a2a3a4a5a6a7')

/** Deterministic, incompressible-looking payload. */
function noise(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length)
  let x = seed >>> 0 || 1
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

function packet(fields: Partial<BitchatPacket>): BitchatPacket {
  return {
    version: 1,
    type: MessageType.MESSAGE,
    ttl: 7,
    timestamp: 1_700_000_000_123n,
    senderId: SENDER,
    recipientId: null,
    route: null,
    payload: new Uint8Array(0),
    signature: null,
    isRsr: false,
    ...fields,
  }
}

class FakeClock {
  t = 1_000_000
  now(): number {
    return this.t
  }
}

describe('chunk sizing (iOS rules, §6.6)', () => {
  it('limit − 42, at least 64', () => {
    expect(fragmentChunkSizeForLinkLimit(512)).toBe(470)
    expect(fragmentChunkSizeForLinkLimit(185)).toBe(143)
    expect(fragmentChunkSizeForLinkLimit(100)).toBe(64)
    expect(() => fragmentChunkSizeForLinkLimit(0)).toThrow(RangeError)
  })
  it('routed: 512 − (16+8+8+1+8·hops+13+16)', () => {
    expect(fragmentChunkSizeForRoute(0)).toBe(512 - 62)
    expect(fragmentChunkSizeForRoute(2)).toBe(512 - 78)
    expect(fragmentChunkSizeForRoute(60)).toBe(64)
  })
  it('the default chunk keeps a recipient-bearing v1 fragment within 512 bytes', () => {
    expect(DEFAULT_FRAGMENT_CHUNK_BYTES).toBe(469)
    const frame = encodePacket(packet({ type: MessageType.FILE_TRANSFER, version: 2, recipientId: RECIPIENT, payload: noise(3000) }), { compression: 'none' })
    const frames = splitIntoFragments(frame, { fragmentId: FRAG_ID, compression: 'none' })
    for (const f of frames) expect(f.length).toBeLessThanOrEqual(512)
    expect(frames[0]!.length).toBe(14 + 8 + 8 + 13 + 469)
  })
})

describe('splitIntoFragments', () => {
  it('slices the whole frame and inherits sender, timestamp, TTL, recipient and RSR', () => {
    const original = packet({ type: MessageType.NOISE_ENCRYPTED, ttl: 5, recipientId: RECIPIENT, payload: noise(1000), isRsr: true })
    const frame = encodePacket(original) // BLE policy pads Noise types
    const frames = splitIntoFragments(frame, { fragmentId: FRAG_ID, chunkSize: 300 })
    expect(frames).toHaveLength(Math.ceil(frame.length / 300))
    const slices: Uint8Array[] = []
    frames.forEach((f, i) => {
      const p = decodePacket(f)
      expect(p.type).toBe(MessageType.FRAGMENT)
      expect(p.version).toBe(1)
      expect(p.ttl).toBe(5)
      expect(p.timestamp).toBe(original.timestamp)
      expect(toHex(p.senderId)).toBe(toHex(SENDER))
      expect(toHex(p.recipientId!)).toBe(toHex(RECIPIENT))
      expect(p.signature).toBeNull()
      expect(p.isRsr).toBe(true)
      const fp = decodeFragmentPayload(p.payload)
      expect([fp.index, fp.total, fp.originalType]).toEqual([i, frames.length, MessageType.NOISE_ENCRYPTED])
      expect(toHex(fp.fragmentId)).toBe(toHex(FRAG_ID))
      slices.push(fp.data)
    })
    expect(toHex(Uint8Array.from(slices.flatMap((s) => [...s])))).toBe(toHex(frame))
  })

  it('copies a route and upgrades the fragments to v2', () => {
    const route = [hex('3031323334353637'), hex('4041424344454647')]
    const frame = encodePacket(packet({ version: 2, type: MessageType.NOISE_ENCRYPTED, recipientId: RECIPIENT, route, payload: noise(900) }), { padding: false })
    const frames = splitIntoFragments(frame, { fragmentId: FRAG_ID })
    const first = decodePacket(frames[0]!)
    expect(first.version).toBe(2)
    expect(first.route?.map((r) => toHex(r))).toEqual(route.map((r) => toHex(r)))
    expect(decodeFragmentPayload(first.payload).data.length).toBe(fragmentChunkSizeForRoute(2))
  })

  it('overrides the recipient for a directed link', () => {
    const frame = encodePacket(packet({ payload: noise(700) }))
    const [f] = splitIntoFragments(frame, { fragmentId: FRAG_ID, recipientId: RECIPIENT })
    expect(toHex(decodePacket(f!).recipientId!)).toBe(toHex(RECIPIENT))
  })

  it('refuses more than 256 fragments by default, and more than maxFragments', () => {
    const frame = encodePacket(packet({ version: 2, type: MessageType.FILE_TRANSFER, payload: noise(64 * 300) }), { compression: 'none' })
    expect(() => splitIntoFragments(frame, { fragmentId: FRAG_ID, chunkSize: 64 })).toThrow(/cap is 256/)
    expect(splitIntoFragments(frame, { fragmentId: FRAG_ID, chunkSize: 64, maxFragments: 400 })).toHaveLength(Math.ceil(frame.length / 64))
    expect(MAX_INTEROP_FRAGMENTS).toBe(256)
  })

  it('rejects bad options and frames', () => {
    const frame = encodePacket(packet({ payload: noise(50) }))
    expect(() => splitIntoFragments(frame, { fragmentId: new Uint8Array(7) })).toThrow(TypeError)
    expect(() => splitIntoFragments(frame, { fragmentId: FRAG_ID, chunkSize: 0 })).toThrow(RangeError)
    expect(() => splitIntoFragments(hex('0302'), { fragmentId: FRAG_ID })).toThrow(/version/)
  })
})

describe('reassembleFragments', () => {
  const original = packet({ type: MessageType.NOISE_ENCRYPTED, recipientId: RECIPIENT, payload: noise(2000, 7), ttl: 6 })
  const frame = encodePacket(original)
  const frames = splitIntoFragments(frame, { fragmentId: FRAG_ID, chunkSize: 200 })

  it('accepts frames in any order, with duplicates, and returns the original with TTL 0', () => {
    const shuffled = [...frames].reverse()
    shuffled.splice(3, 0, frames[4]!)
    const result = reassembleFragments(shuffled)
    expect(result.type).toBe(MessageType.NOISE_ENCRYPTED)
    expect(result.ttl).toBe(0)
    expect(toHex(result.payload)).toBe(toHex(original.payload))
    expect(toHex(result.recipientId!)).toBe(toHex(RECIPIENT))
  })

  it('accepts decoded fragment packets', () => {
    expect(toHex(reassembleFragments(frames.map((f) => decodePacket(f))).payload)).toBe(toHex(original.payload))
  })

  it('rejects a missing index, mixed sets, and non-fragments', () => {
    expect(() => reassembleFragments(frames.slice(1))).toThrow(`have ${frames.length - 1} of ${frames.length} fragments`)
    const other = splitIntoFragments(frame, { fragmentId: hex('ffffffffffffffff'), chunkSize: 200 })
    expect(() => reassembleFragments([...frames.slice(0, 5), ...other.slice(5)])).toThrow(/different sets/)
    expect(() => reassembleFragments([frame])).toThrow(/not a fragment/)
    expect(() => reassembleFragments([])).toThrow(/no fragments/)
  })
})

describe('FragmentReassembler', () => {
  function fragmentPacket(fields: { id?: Uint8Array; index: number; total: number; type?: number; data?: Uint8Array; sender?: Uint8Array }): BitchatPacket {
    return packet({
      type: MessageType.FRAGMENT,
      senderId: fields.sender ?? SENDER,
      payload: encodeFragmentPayload({
        fragmentId: fields.id ?? FRAG_ID,
        index: fields.index,
        total: fields.total,
        originalType: fields.type ?? MessageType.MESSAGE,
        data: fields.data ?? new Uint8Array(10),
      }),
    })
  }

  it('reassembles out of order, reports progress and duplicates, and counts completions', () => {
    const original = packet({ payload: noise(1500, 3) })
    const frames = splitIntoFragments(encodePacket(original), { fragmentId: FRAG_ID, chunkSize: 400 })
    const r = new FragmentReassembler({ clock: new FakeClock() })
    const decoded = frames.map((f) => decodePacket(f))
    expect(r.accept(decoded[2]!)).toEqual({ status: 'pending', received: 1, total: 4 })
    expect(r.accept(decoded[0]!)).toEqual({ status: 'pending', received: 2, total: 4 })
    expect(r.accept(decoded[0]!)).toEqual({ status: 'duplicate' })
    expect(r.accept(decoded[3]!).status).toBe('pending')
    const done = r.accept(decoded[1]!)
    expect(done.status).toBe('complete')
    if (done.status !== 'complete') return
    expect(toHex(done.packet.payload)).toBe(toHex(original.payload))
    expect(done.packet.ttl).toBe(0)
    expect(toHex(done.fragmentId)).toBe(toHex(FRAG_ID))
    expect(r.stats).toMatchObject({ activeAssemblies: 0, bufferedBytes: 0, completed: 1, duplicates: 1 })
  })

  it('keys assemblies by sender and fragment ID', () => {
    const r = new FragmentReassembler({ clock: new FakeClock() })
    r.accept(fragmentPacket({ index: 0, total: 2 }))
    r.accept(fragmentPacket({ index: 0, total: 2, sender: RECIPIENT }))
    expect(r.stats.activeAssemblies).toBe(2)
    expect(r.has(SENDER, FRAG_ID)).toBe(true)
    expect(r.has(hex('0000000000000000'), FRAG_ID)).toBe(false)
  })

  it('expires assemblies 30 s after their first fragment', () => {
    const clock = new FakeClock()
    const r = new FragmentReassembler({ clock })
    r.accept(fragmentPacket({ index: 0, total: 2 }))
    clock.t += REASSEMBLY_TIMEOUT_MS - 1
    expect(r.sweep()).toBe(0)
    r.accept(fragmentPacket({ id: hex('0101010101010101'), index: 0, total: 2 }))
    clock.t += 1
    expect(r.sweep()).toBe(1)
    expect(r.stats).toMatchObject({ activeAssemblies: 1, expiredAssemblies: 1, bufferedBytes: 10 })
    // The expired set starts over instead of completing with stale parts.
    expect(r.accept(fragmentPacket({ index: 1, total: 2 }))).toEqual({ status: 'pending', received: 1, total: 2 })
  })

  it('evicts the oldest assembly beyond maxAssemblies', () => {
    const r = new FragmentReassembler({ clock: new FakeClock(), maxAssemblies: 3 })
    for (let i = 0; i < 4; i++) r.accept(fragmentPacket({ id: Uint8Array.of(i, 0, 0, 0, 0, 0, 0, 0), index: 0, total: 2 }))
    expect(r.stats).toMatchObject({ activeAssemblies: 3, evictedAssemblies: 1 })
    expect(r.has(SENDER, Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0))).toBe(false)
    expect(r.has(SENDER, Uint8Array.of(3, 0, 0, 0, 0, 0, 0, 0))).toBe(true)
  })

  it('drops inconsistent totals or types, malformed headers, non-fragments', () => {
    const r = new FragmentReassembler({ clock: new FakeClock(), maxFragmentsPerSet: 256 })
    r.accept(fragmentPacket({ index: 0, total: 3 }))
    expect(r.accept(fragmentPacket({ index: 1, total: 4 }))).toEqual({ status: 'dropped', reason: 'inconsistent' })
    expect(r.accept(fragmentPacket({ index: 1, total: 3, type: 0x11 }))).toEqual({ status: 'dropped', reason: 'inconsistent' })
    expect(r.accept(fragmentPacket({ index: 0, total: 257 }))).toEqual({ status: 'dropped', reason: 'malformed' })
    expect(r.accept(packet({ type: MessageType.FRAGMENT, payload: new Uint8Array(12) }))).toEqual({ status: 'dropped', reason: 'malformed' })
    expect(r.accept(packet({ payload: new Uint8Array(20) }))).toEqual({ status: 'dropped', reason: 'notFragment' })
    expect(r.stats.dropped).toMatchObject({ inconsistent: 2, malformed: 2, notFragment: 1 })
  })

  it('discards an assembly that outgrows its cap; file/Noise originals get the larger cap', () => {
    const r = new FragmentReassembler({ clock: new FakeClock(), maxAssemblyBytes: 100, maxLargeAssemblyBytes: 200, maxBufferedBytes: 1000 })
    r.accept(fragmentPacket({ index: 0, total: 3, data: new Uint8Array(60) }))
    expect(r.accept(fragmentPacket({ index: 1, total: 3, data: new Uint8Array(60) }))).toEqual({ status: 'dropped', reason: 'tooLarge' })
    expect(r.stats).toMatchObject({ activeAssemblies: 0, bufferedBytes: 0 })
    const big = hex('0202020202020202')
    r.accept(fragmentPacket({ id: big, index: 0, total: 3, type: MessageType.FILE_TRANSFER, data: new Uint8Array(90) }))
    expect(r.accept(fragmentPacket({ id: big, index: 1, total: 3, type: MessageType.FILE_TRANSFER, data: new Uint8Array(90) })).status).toBe('pending')
    expect(MAX_ASSEMBLY_BYTES).toBe(1_048_576)
  })

  it('refuses fragments beyond the global buffer cap', () => {
    const r = new FragmentReassembler({ clock: new FakeClock(), maxAssemblyBytes: 100, maxLargeAssemblyBytes: 100, maxBufferedBytes: 150 })
    r.accept(fragmentPacket({ id: hex('0101010101010101'), index: 0, total: 2, data: new Uint8Array(80) }))
    expect(r.accept(fragmentPacket({ id: hex('0202020202020202'), index: 0, total: 2, data: new Uint8Array(80) }))).toEqual({ status: 'dropped', reason: 'bufferFull' })
    expect(r.stats).toMatchObject({ activeAssemblies: 1, bufferedBytes: 80 })
  })

  it('counts a complete but undecodable set', () => {
    const r = new FragmentReassembler({ clock: new FakeClock() })
    r.accept(fragmentPacket({ index: 0, total: 2, data: hex('0902') }))
    expect(r.accept(fragmentPacket({ index: 1, total: 2, data: hex('0000') }))).toEqual({ status: 'dropped', reason: 'undecodable' })
    expect(r.stats.bufferedBytes).toBe(0)
  })

  it('stays bounded under a flood of distinct sets', () => {
    const r = new FragmentReassembler({ clock: new FakeClock() })
    for (let i = 0; i < 5000; i++) {
      const id = new Uint8Array(8)
      new DataView(id.buffer).setUint32(0, i)
      r.accept(fragmentPacket({ id, index: 0, total: 10_000, data: new Uint8Array(400) }))
    }
    expect(r.stats.activeAssemblies).toBe(128)
    expect(r.stats.bufferedBytes).toBe(128 * 400)
    expect(r.stats.evictedAssemblies).toBe(5000 - 128)
  })

  it('validates options', () => {
    expect(() => new FragmentReassembler({} as never)).toThrow(TypeError)
    expect(() => new FragmentReassembler({ clock: new FakeClock(), maxAssemblies: 0 })).toThrow(RangeError)
    expect(() => new FragmentReassembler({ clock: new FakeClock(), maxBufferedBytes: 10 })).toThrow(RangeError)
    expect(() => new FragmentReassembler({ clock: new FakeClock(), maxFragmentsPerSet: 10_001 })).toThrow(RangeError)
  })
})
