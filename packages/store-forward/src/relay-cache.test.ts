import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bytes, manualClock } from '../test/helpers.js'
import { DM_HOLD_MS, GROUP_HOLD_MS, PUBLIC_HOLD_MS, RELAY_CACHE_MAX_BYTES } from './constants.js'
import { CACHED_CLASSES, RelayCache, type CachedClass, type RelayCacheInput } from './relay-cache.js'
import type { MessageClass } from './types.js'

let n = 0
function input(cls: MessageClass, size = 10, sender = 's1', recipient: string | null = null): RelayCacheInput {
  return { packetId: `p${n++}`, sender, recipient, cls, frame: bytes(size, n & 0xff) }
}

describe('RelayCache', () => {
  it('holds each class for its time: DM 2 h, group 30 min, public 5 min, SOS until resolved', () => {
    const clock = manualClock()
    const cache = new RelayCache({ clock })
    const dm = input('dm', 10, 's1', 'r1')
    const group = input('group')
    const pub = input('public')
    const sos = input('sos')
    for (const i of [dm, group, pub, sos]) expect(cache.put(i)).toEqual({ stored: true, evicted: 0 })
    clock.advance(PUBLIC_HOLD_MS - 1)
    expect(cache.has(pub.packetId)).toBe(true)
    clock.advance(1)
    expect(cache.has(pub.packetId)).toBe(false)
    clock.advance(GROUP_HOLD_MS - PUBLIC_HOLD_MS)
    expect(cache.has(group.packetId)).toBe(false)
    expect(cache.has(dm.packetId)).toBe(true)
    clock.advance(DM_HOLD_MS - GROUP_HOLD_MS)
    expect(cache.has(dm.packetId)).toBe(false)
    clock.advance(365 * 24 * 3600 * 1000)
    expect(cache.prune()).toBe(3)
    expect(cache.has(sos.packetId)).toBe(true)
    expect(cache.resolve(sos.packetId)).toBe(true)
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 })
  })

  it('never caches media or control traffic, and dedups by packet ID', () => {
    const cache = new RelayCache({ clock: manualClock() })
    expect(cache.put(input('media'))).toEqual({ stored: false, reason: 'not-cacheable' })
    expect(cache.put(input('control'))).toEqual({ stored: false, reason: 'not-cacheable' })
    const a = input('dm', 10, 's', 'r')
    cache.put(a)
    expect(cache.put({ ...a })).toEqual({ stored: false, reason: 'duplicate' })
  })

  it('takeFor hands over addressed packets oldest first and removes them; broadcasts stay', () => {
    const clock = manualClock()
    const cache = new RelayCache({ clock })
    const first = input('dm', 10, 's1', 'bob')
    clock.advance(5)
    const second = input('group', 10, 's2', 'bob')
    cache.put(first)
    clock.advance(5)
    cache.put(second)
    cache.put(input('dm', 10, 's1', 'carol'))
    const bcast = input('public')
    cache.put(bcast)
    expect(cache.takeFor('bob').map((e) => e.packetId)).toEqual([first.packetId, second.packetId])
    expect(cache.takeFor('bob')).toEqual([])
    expect(cache.broadcasts().map((e) => e.packetId)).toEqual([bcast.packetId])
    expect(cache.stats().entries).toBe(2)
  })

  it('evicts the lowest class first, oldest first, and never a higher class for a lower one', () => {
    const cache = new RelayCache({ clock: manualClock(), maxBytes: 100, senderShare: 1 })
    const p1 = input('public', 30)
    const g1 = input('group', 30)
    const d1 = input('dm', 30, 's', 'r')
    for (const i of [p1, g1, d1]) cache.put(i)
    // A DM needing 30 bytes evicts the public entry, not the group or DM.
    const d2 = input('dm', 30, 's', 'r')
    expect(cache.put(d2)).toEqual({ stored: true, evicted: 1 })
    expect(cache.has(p1.packetId)).toBe(false)
    // A public entry cannot displace anything above it.
    expect(cache.put(input('public', 20))).toEqual({ stored: false, reason: 'full' })
    // An SOS displaces the group entry next.
    expect(cache.put(input('sos', 30))).toEqual({ stored: true, evicted: 1 })
    expect(cache.has(g1.packetId)).toBe(false)
    expect(cache.has(d1.packetId) && cache.has(d2.packetId)).toBe(true)
  })

  it('bounds each sender to its share: a flooder evicts only its own entries', () => {
    const cache = new RelayCache({ clock: manualClock(), maxBytes: 1000, senderShare: 0.1 })
    const honest = input('public', 50, 'honest')
    cache.put(honest)
    for (let i = 0; i < 50; i++) cache.put(input('public', 40, 'flooder'))
    expect(cache.senderBytes('flooder')).toBeLessThanOrEqual(100)
    expect(cache.has(honest.packetId)).toBe(true)
    // Its own DM cannot push out its own higher-class entry for a lower one either.
    const sos = input('sos', 100, 'loud')
    cache.put(sos)
    expect(cache.put(input('public', 10, 'loud'))).toEqual({ stored: false, reason: 'sender-share' })
    expect(cache.put(input('dm', 101, 'x', 'y'))).toEqual({ stored: false, reason: 'too-large' })
  })

  it('replays an addressed SOS on connect but keeps it until resolved', () => {
    const cache = new RelayCache({ clock: manualClock() })
    const sos = input('sos', 10, 's', 'medic')
    cache.put(sos)
    expect(cache.takeFor('medic').map((e) => e.packetId)).toEqual([sos.packetId])
    expect(cache.takeFor('medic').map((e) => e.packetId)).toEqual([sos.packetId])
    cache.resolve(sos.packetId)
    expect(cache.takeFor('medic')).toEqual([])
  })

  it('caps SOS entries separately', () => {
    const cache = new RelayCache({ clock: manualClock(), maxSosEntries: 2, senderShare: 1 })
    cache.put(input('sos'))
    cache.put(input('sos'))
    expect(cache.put(input('sos'))).toEqual({ stored: false, reason: 'sos-cap' })
  })

  it('wipe zeroes frames and empties the cache', () => {
    const cache = new RelayCache({ clock: manualClock() })
    cache.put(input('dm', 8, 's', 'r'))
    cache.put(input('public', 8))
    const kept = cache.broadcasts()[0]!
    cache.wipe()
    expect(kept.frame.every((b) => b === 0)).toBe(true)
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 })
  })

  it(`defaults to a ${RELAY_CACHE_MAX_BYTES}-byte cap`, () => {
    const cache = new RelayCache({ clock: manualClock(), senderShare: 1 })
    for (let i = 0; i < 12; i++) cache.put(input('public', 1024 * 1024))
    expect(cache.stats().bytes).toBe(RELAY_CACHE_MAX_BYTES)
  })

  it('property: caps, shares and class priority hold after any sequence of puts', () => {
    const classArb = fc.constantFrom<MessageClass>('public', 'group', 'dm', 'sos', 'media')
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ cls: classArb, size: fc.integer({ min: 1, max: 120 }), sender: fc.integer({ min: 0, max: 4 }), dt: fc.integer({ min: 0, max: 200_000 }) }),
          { maxLength: 150 },
        ),
        (ops) => {
          const clock = manualClock()
          const cache = new RelayCache({ clock, maxBytes: 1000, maxEntries: 20, senderShare: 0.3, maxSosEntries: 5 })
          for (const op of ops) {
            clock.advance(op.dt)
            // Expire first, so the comparison below sees only what the put itself evicted.
            cache.prune()
            const before = cache.stats().byClass
            const res = cache.put(input(op.cls, op.size, `s${op.sender}`))
            const after = cache.stats()
            expect(after.bytes).toBeLessThanOrEqual(1000)
            expect(after.entries).toBeLessThanOrEqual(20)
            expect(after.byClass.sos).toBeLessThanOrEqual(5)
            for (let s = 0; s < 5; s++) expect(cache.senderBytes(`s${s}`)).toBeLessThanOrEqual(300)
            if (res.stored && op.cls !== 'media') {
              // Nothing of a higher class than the newcomer was evicted to make room.
              const p = CACHED_CLASSES.indexOf(op.cls as CachedClass)
              for (let q = p + 1; q < CACHED_CLASSES.length; q++) {
                const cls = CACHED_CLASSES[q]!
                expect(after.byClass[cls]).toBe(before[cls])
              }
            }
          }
        },
      ),
      { numRuns: 200 },
    )
  })
})
