import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../src/memory/index.js'

describe('ManualClock', () => {
  it('fires timers in deadline order, ties in scheduling order, only when advanced', async () => {
    const clock = new ManualClock(1000)
    const log: string[] = []
    clock.setTimeout(() => log.push(`b@${clock.now()}`), 20)
    clock.setTimeout(() => log.push(`a@${clock.now()}`), 10)
    clock.setTimeout(() => log.push(`c@${clock.now()}`), 20)
    expect(clock.pendingTimers()).toBe(3)
    await clock.advance(9)
    expect(log).toEqual([])
    expect(clock.now()).toBe(1009)
    await clock.advance(11)
    expect(log).toEqual(['a@1010', 'b@1020', 'c@1020'])
    expect(clock.pendingTimers()).toBe(0)
    expect(clock.now()).toBe(1020)
  })

  it('runs timers scheduled by timers within the same advance, and lets promise chains progress', async () => {
    const clock = new ManualClock()
    const log: number[] = []
    clock.setTimeout(() => {
      log.push(clock.now())
      void Promise.resolve().then(() => clock.setTimeout(() => log.push(clock.now()), 5))
    }, 5)
    await clock.advance(10)
    expect(log).toEqual([5, 10])
  })

  it('clearTimeout cancels, ignores unknown handles, and negative delays count as 0', async () => {
    const clock = new ManualClock()
    let fired = 0
    const handle = clock.setTimeout(() => fired++, 5)
    clock.clearTimeout(handle)
    clock.clearTimeout(handle)
    clock.clearTimeout('nonsense')
    clock.setTimeout(() => fired++, -50)
    clock.setTimeout(() => fired++, Number.NaN)
    expect(clock.pendingTimers()).toBe(2)
    await clock.advance(0)
    expect(fired).toBe(2)
  })

  it('refuses bad arguments with RangeError/TypeError', async () => {
    const clock = new ManualClock()
    await expect(clock.advance(-1)).rejects.toThrow(RangeError)
    await expect(clock.advance(Number.POSITIVE_INFINITY)).rejects.toThrow(RangeError)
    expect(() => clock.setTimeout(42 as never, 1)).toThrow(TypeError)
    expect(() => new ManualClock(Number.NaN)).toThrow(RangeError)
  })

  it('fires any set of timers sorted by (deadline, creation)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 40 }), async (delays) => {
        const clock = new ManualClock()
        const fired: number[] = []
        delays.forEach((d, i) => clock.setTimeout(() => fired.push(i), d))
        await clock.advance(100)
        const expected = delays.map((d, i) => [d, i] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]).map(([, i]) => i)
        expect(fired).toEqual(expected)
      }),
    )
  })
})

describe('ManualClock overlapping advances', () => {
  it('queues concurrent advance() calls so time only moves forward', async () => {
    const clock = new ManualClock()
    const seen: number[] = []
    for (const at of [1, 2, 3, 4, 5, 6]) clock.setTimeout(() => seen.push(clock.now()), at)
    const times: number[] = []
    await Promise.all([clock.advance(3).then(() => times.push(clock.now())), clock.advance(3).then(() => times.push(clock.now()))])
    expect(seen).toEqual([1, 2, 3, 4, 5, 6])
    expect(times).toEqual([3, 6])
    expect(clock.now()).toBe(6)
  })
})
