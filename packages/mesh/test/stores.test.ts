import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { buildGcsFilter, encodePacket, MessageType, packetId, type BitchatPacket } from '@bitmesh/wire-format'
import { DuplicateRegistry } from '../src/dedup.js'
import { SyncStore } from '../src/sync-store.js'
import { PeerTable } from '../src/peer-table.js'
import { memoryKeyValueStore, systemClock, cryptoRng } from '../src/index.js'

describe('DuplicateRegistry (§6.4)', () => {
  it('remembers keys for ttlMs and forgets them after', () => {
    const d = new DuplicateRegistry(10, 300_000)
    d.add('k', 0)
    expect(d.has('k', 299_999)).toBe(true)
    expect(d.has('k', 300_000)).toBe(false)
    expect(d.size).toBe(0)
  })

  it('never holds more than its capacity, evicting the oldest', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 4 }), { maxLength: 300 }), (keys) => {
        const d = new DuplicateRegistry(50, 1_000)
        keys.forEach((k, i) => d.add(k, i))
        expect(d.size).toBeLessThanOrEqual(50)
        if (keys.length > 0) expect(d.has(keys.at(-1)!, keys.length)).toBe(true)
      }),
    )
    const d = new DuplicateRegistry(2, 1_000)
    d.add('a', 0)
    d.add('b', 0)
    d.add('c', 0)
    expect([d.has('a', 1), d.has('b', 1), d.has('c', 1)]).toEqual([false, true, true])
  })

  it('prune drops expired entries only', () => {
    const d = new DuplicateRegistry(10, 100)
    d.add('a', 0)
    d.add('b', 50)
    d.prune(120)
    expect(d.size).toBe(1)
  })
})

function msg(sender: number, ts: number, type: number = MessageType.MESSAGE): BitchatPacket {
  return { version: 1, type, ttl: 7, timestamp: BigInt(ts), senderId: new Uint8Array(8).fill(sender), recipientId: null, route: null, payload: new Uint8Array([sender, ts & 0xff, ts >> 8]), signature: null, isRsr: false }
}

describe('SyncStore (§2.7)', () => {
  const limits = { maxAnnounces: 3, maxMessages: 5, announceMaxAgeMs: 60_000, messageMaxAgeMs: 3_600_000 }

  it('answers with exactly what the requester filter lacks, announces first', () => {
    const mine = new SyncStore(limits)
    const theirs = new SyncStore(limits)
    for (let i = 0; i < 4; i++) mine.add(msg(1, 1_000 + i), null, 1_000)
    theirs.add(msg(1, 1_000), null, 1_000)
    theirs.add(msg(1, 1_001), null, 1_000)
    mine.add(msg(2, 1_000, MessageType.ANNOUNCE), null, 1_000)
    const f = buildGcsFilter(theirs.newestFirst(1_000).map((s) => s.id))
    const missing = mine.missing({ p: f.p, m: f.m, data: f.data }, 1_000, 100)
    expect(missing.map((s) => [s.type, Number(s.timestamp)])).toEqual([
      [MessageType.ANNOUNCE, 1_000],
      [MessageType.MESSAGE, 1_003],
      [MessageType.MESSAGE, 1_002],
    ])
  })

  it('respects requested types, the cap, capacities and announce age', () => {
    const s = new SyncStore(limits)
    for (let i = 0; i < 9; i++) s.add(msg(1, 1_000 + i), null, 0)
    for (let i = 0; i < 5; i++) s.add(msg(10 + i, 1_000, MessageType.ANNOUNCE), null, 0)
    expect(s.size).toBe(5 + 3)
    const empty = { p: 7, m: 1, data: new Uint8Array(0) }
    expect(s.missing({ ...empty, types: 1n }, 0, 100)).toHaveLength(3) // announces only
    expect(s.missing(empty, 0, 4)).toHaveLength(4)
    expect(s.missing(empty, 61_000, 100).every((p) => p.type === MessageType.MESSAGE)).toBe(true)
    // A newer announce from the same sender replaces the older one; an older one is ignored.
    s.add(msg(14, 2_000, MessageType.ANNOUNCE), null, 0)
    s.add(msg(14, 500, MessageType.ANNOUNCE), null, 0)
    const a14 = s.missing({ ...empty, types: 1n }, 0, 100).filter((p) => p.senderId === '0e0e0e0e0e0e0e0e')
    expect(a14.map((p) => Number(p.timestamp))).toEqual([2_000])
    expect(a14[0]!.id).toEqual(packetId(msg(14, 2_000, MessageType.ANNOUNCE)))
    // Stored as the frame itself, a private compact copy.
    expect(a14[0]!.frame).toEqual(encodePacket(msg(14, 2_000, MessageType.ANNOUNCE)))
    expect(a14[0]!.frame.byteOffset).toBe(0)
  })
})

describe('PeerTable', () => {
  const k = (b: number) => new Uint8Array(32).fill(b)
  it('pins keys on first sight and evicts the least recently seen beyond capacity', () => {
    const t = new PeerTable(2, 10)
    t.upsert('a', 'A', k(1), k(2), undefined, 0)
    expect(t.matchesPin('a', k(1), k(2))).toBe(true)
    expect(t.matchesPin('a', k(1), k(3))).toBe(false)
    expect(t.matchesPin('a', k(9))).toBe(false)
    t.upsert('b', 'B', k(3), k(4), undefined, 1)
    t.touch('a', 2)
    const { evicted } = t.upsert('c', 'C', k(5), k(6), undefined, 3)
    expect(evicted?.peerId).toBe('b')
    expect(t.rotateSigningKey('a', k(7))).toBe(true)
    expect(t.get('a')!.signingPublicKey).toEqual(k(7))
    expect(t.expire(100_000, 60_000, (id) => id === 'c').map((r) => r.peerId)).toEqual(['a'])
  })
})

describe('helpers', () => {
  it('memoryKeyValueStore copies values and lists keys by prefix', async () => {
    const s = memoryKeyValueStore()
    const v = new Uint8Array([1, 2])
    await s.set('x/1', v)
    await s.set('y/1', v)
    v[0] = 9
    expect(await s.get('x/1')).toEqual(new Uint8Array([1, 2]))
    expect(await s.keys('x/')).toEqual(['x/1'])
    await s.delete('x/1')
    expect(await s.get('x/1')).toBeUndefined()
    await s.clear()
    expect(await s.keys()).toEqual([])
    await s.close()
    await expect(s.get('y/1')).rejects.toThrow(TypeError)
  })

  it('systemClock and cryptoRng behave', async () => {
    const clock = systemClock()
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1_000)
    let fired = false
    const h = clock.setTimeout(() => (fired = true), 1)
    clock.clearTimeout(h)
    const rng = cryptoRng()
    const values = Array.from({ length: 1_000 }, () => rng.next())
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true)
    expect(new Set(values).size).toBe(1_000)
    expect(rng.randomBytes(70_000)).toHaveLength(70_000)
    expect(fired).toBe(false)
  })
})
