import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DEFAULT_EPOCH_MS, VirtualClock } from '../src/index.js'

describe('VirtualClock', () => {
  it('fires timers in due order, ties in scheduling order', async () => {
    const clock = new VirtualClock()
    const order: string[] = []
    clock.setTimeout(() => order.push('c30'), 30)
    clock.setTimeout(() => order.push('a10'), 10)
    clock.setTimeout(() => order.push('b10'), 10)
    clock.setTimeout(() => order.push('z0'), 0)
    const fired = await clock.runUntil(100)
    expect(order).toEqual(['z0', 'a10', 'b10', 'c30'])
    expect(fired).toBe(4)
    expect(clock.elapsedMs).toBe(100)
    expect(clock.now()).toBe(DEFAULT_EPOCH_MS + 100)
  })

  it('reports the firing instant from now() inside callbacks, as whole milliseconds', async () => {
    const clock = new VirtualClock(1_000)
    const seen: number[] = []
    clock.setTimeout(() => seen.push(clock.now()), 12.7)
    clock.setTimeout(() => seen.push(clock.now()), 40)
    await clock.runUntil(50)
    expect(seen).toEqual([1_012, 1_040])
  })

  it('does not fire cancelled timers and ignores foreign handles', async () => {
    const clock = new VirtualClock()
    let fired = 0
    const h = clock.setTimeout(() => fired++, 5)
    clock.setTimeout(() => fired++, 6)
    clock.clearTimeout(h)
    clock.clearTimeout(h)
    clock.clearTimeout({})
    clock.clearTimeout(undefined)
    expect(clock.pendingTimers).toBe(1)
    await clock.runUntil(10)
    expect(fired).toBe(1)
    expect(clock.pendingTimers).toBe(0)
  })

  it('runs promise continuations at the virtual time that caused them', async () => {
    const clock = new VirtualClock(0)
    const log: Array<[string, number]> = []
    const sleep = (ms: number): Promise<void> => new Promise((r) => clock.setTimeout(r, ms))
    void (async () => {
      await sleep(10)
      log.push(['after-10', clock.now()])
      await sleep(5)
      log.push(['after-15', clock.now()])
    })()
    clock.setTimeout(() => log.push(['timer-12', clock.now()]), 12)
    await clock.runUntil(100)
    expect(log).toEqual([
      ['after-10', 10],
      ['timer-12', 12],
      ['after-15', 15],
    ])
  })

  it('drains continuations once per quantum: within it timers fire first, across it continuations do', async () => {
    const run = async (quantumMs: number): Promise<string[]> => {
      const clock = new VirtualClock(0, quantumMs)
      const log: string[] = []
      clock.setTimeout(() => void Promise.resolve().then(() => log.push('continuation-of-0.2')), 0.2)
      clock.setTimeout(() => log.push('timer-0.7'), 0.7)
      clock.setTimeout(() => log.push('timer-1.5'), 1.5)
      await clock.runUntil(10)
      return log
    }
    expect(await run(1)).toEqual(['timer-0.7', 'continuation-of-0.2', 'timer-1.5'])
    expect(await run(0)).toEqual(['continuation-of-0.2', 'timer-0.7', 'timer-1.5'])
    expect(() => new VirtualClock(0, -1)).toThrow(RangeError)
  })

  it('treats negative and non-finite delays as zero and refuses to run backwards', async () => {
    const clock = new VirtualClock(0)
    await clock.runUntil(50)
    const at: number[] = []
    clock.setTimeout(() => at.push(clock.now()), -5)
    clock.setTimeout(() => at.push(clock.now()), Number.NaN)
    await clock.advance(0)
    expect(at).toEqual([50, 50])
    await expect(clock.runUntil(10)).rejects.toThrow(RangeError)
  })

  it('orders any set of timers like a stable sort by due time (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }), fc.array(fc.nat(), { maxLength: 50 }), async (delays, cancels) => {
        const clock = new VirtualClock(0)
        const fired: number[] = []
        const handles = delays.map((d, i) => clock.setTimeout(() => fired.push(i), d))
        const cancelled = new Set<number>()
        for (const c of cancels) {
          if (delays.length === 0) break
          const i = c % delays.length
          cancelled.add(i)
          clock.clearTimeout(handles[i])
        }
        await clock.runUntil(100)
        const expected = delays
          .map((d, i) => ({ d, i }))
          .filter(({ i }) => !cancelled.has(i))
          .sort((a, b) => a.d - b.d || a.i - b.i)
          .map(({ i }) => i)
        expect(fired).toEqual(expected)
      }),
      { numRuns: 100 },
    )
  })
})
