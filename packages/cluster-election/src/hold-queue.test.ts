import { describe, expect, it } from 'vitest'
import { HOLD_MAX_AGE_MS } from './constants.js'
import { HoldQueue } from './hold-queue.js'
import { idOf } from './testing.test-helpers.js'

const f = (n: number, len = 10) => new Uint8Array(len).fill(n)

describe('HoldQueue (a head holds directed traffic for sleeping members)', () => {
  it('holds per member and hands over oldest first, only to that member', () => {
    const q = new HoldQueue()
    q.hold(idOf(1), f(1), 0)
    q.hold(idOf(2), f(2), 1)
    q.hold(idOf(1), f(3), 2)
    expect(q.size).toBe(3)
    expect(q.bytes).toBe(30)
    expect(q.heldFor(idOf(1))).toBe(2)
    expect(q.take(idOf(1), 3).map((x) => x[0])).toEqual([1, 3])
    expect(q.take(idOf(1), 3)).toEqual([])
    expect(q.size).toBe(1)
    expect(q.bytes).toBe(10)
    expect(q.heldFor(idOf(2))).toBe(1)
  })

  it('expires frames older than 2 minutes, counted', () => {
    const q = new HoldQueue()
    expect(q.maxAgeMs).toBe(120_000)
    q.hold(idOf(1), f(1), 0)
    q.hold(idOf(1), f(2), 60_000)
    expect(q.expire(HOLD_MAX_AGE_MS)).toBe(0) // exactly 2 min: still live
    expect(q.expire(HOLD_MAX_AGE_MS + 1)).toBe(1)
    expect(q.take(idOf(1), 180_001).map((x) => x[0])).toEqual([])
    expect(q.drops).toEqual({ expired: 2, evicted: 0, tooLarge: 0 })
    expect(q.size).toBe(0)
  })

  it('is bounded in frames, bytes and frames per member; evictions and oversize frames are counted', () => {
    const q = new HoldQueue({ capacity: 4, bytes: 100, perMember: 3 })
    for (let i = 0; i < 5; i++) q.hold(idOf(1), f(i), i)
    expect(q.heldFor(idOf(1))).toBe(3) // per-member bound: the two oldest went
    expect(q.drops.evicted).toBe(2)
    q.hold(idOf(2), f(10), 10)
    q.hold(idOf(3), f(11), 11) // capacity 4: the oldest overall (member 1's) goes
    expect(q.size).toBe(4)
    expect(q.drops.evicted).toBe(3)
    q.hold(idOf(4), f(12, 60), 12) // 40 + 60 = 100 bytes: fits after evicting one more
    expect(q.bytes).toBeLessThanOrEqual(100)
    expect(q.hold(idOf(5), f(13, 101), 13)).toBe(false)
    expect(q.drops.tooLarge).toBe(1)
    expect(q.forget(idOf(4))).toBe(1)
    expect(q.heldFor(idOf(4))).toBe(0)
  })

  it('rejects non-positive bounds and clears without counting', () => {
    expect(() => new HoldQueue({ capacity: 0 })).toThrow(RangeError)
    expect(() => new HoldQueue({ maxAgeMs: -1 })).toThrow(RangeError)
    const q = new HoldQueue()
    q.hold(idOf(1), f(1), 0)
    q.clear()
    expect(q.size).toBe(0)
    expect(q.drops).toEqual({ expired: 0, evicted: 0, tooLarge: 0 })
  })
})
