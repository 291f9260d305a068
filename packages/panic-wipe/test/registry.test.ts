import { describe, expect, it } from 'vitest'
import { WipePriority, WipeRegistry } from '../src/index.js'
import { manualClock } from './helpers.js'

describe('WipeRegistry', () => {
  it('runs components by priority, registration order within a priority', async () => {
    const clock = manualClock()
    const registry = new WipeRegistry()
    const log: string[] = []
    const c = (name: string) => ({ wipeName: name, wipe: () => void log.push(name) })
    registry.register(c('files'), { priority: WipePriority.FILES })
    registry.register(c('sessions'), { priority: WipePriority.SECRETS })
    registry.register(c('queue'), { priority: WipePriority.STORES })
    registry.register(c('peers'))
    registry.register(c('caches'))
    expect(registry.list().map((e) => e.name)).toEqual(['sessions', 'peers', 'caches', 'queue', 'files'])
    const reports = await registry.wipeAll(clock)
    expect(log).toEqual(['sessions', 'peers', 'caches', 'queue', 'files'])
    expect(reports.map((r) => [r.name, r.ok, r.priority])).toEqual([
      ['sessions', true, 100],
      ['peers', true, 200],
      ['caches', true, 200],
      ['queue', true, 300],
      ['files', true, 400],
    ])
  })

  it('an error (thrown or rejected) in one component never stops the others', async () => {
    const registry = new WipeRegistry()
    const done: string[] = []
    const boom = new Error('disk on fire')
    registry.register({ wipeName: 'sync-throw', wipe: () => { throw boom } }, { priority: 1 })
    registry.register({ wipeName: 'async-reject', wipe: async () => { throw boom } }, { priority: 1 })
    registry.register({ wipeName: 'after', wipe: () => void done.push('after') }, { priority: 2 })
    const reports = await registry.wipeAll(manualClock())
    expect(done).toEqual(['after'])
    expect(reports.map((r) => r.ok)).toEqual([false, false, true])
    expect(reports[0]!.error).toBe(boom)
    expect(reports[1]!.error).toBe(boom)
  })

  it('components of one priority run concurrently; durations come from the clock', async () => {
    const clock = manualClock()
    const registry = new WipeRegistry()
    let resolveA!: () => void
    let started = 0
    registry.register({ wipeName: 'a', wipe: () => { started++; return new Promise<void>((r) => { resolveA = r }) } })
    registry.register({ wipeName: 'b', wipe: () => { started++ } })
    const running = registry.wipeAll(clock)
    await Promise.resolve()
    expect(started).toBe(2) // b started while a was still pending
    clock.advance(25)
    resolveA()
    const reports = await running
    expect(reports.find((r) => r.name === 'a')!.durationMs).toBe(25)
  })

  it('a hung component is cut off at its deadline and reported as timed out', async () => {
    const clock = manualClock()
    const registry = new WipeRegistry({ componentTimeoutMs: 1_000 })
    const done: string[] = []
    registry.register({ wipeName: 'hangs', wipe: () => new Promise<void>(() => undefined) }, { priority: 1 })
    registry.register({ wipeName: 'next', wipe: () => void done.push('next') }, { priority: 2 })
    const running = registry.wipeAll(clock)
    await Promise.resolve()
    expect(done).toEqual([])
    clock.advance(1_000)
    const reports = await running
    expect(done).toEqual(['next'])
    expect(reports[0]).toMatchObject({ name: 'hangs', ok: false, timedOut: true, durationMs: 1_000 })
    expect(reports[0]!.error).toMatchObject({ code: 'TIMEOUT' })
    expect(clock.pending()).toBe(0)
  })

  it('unregister removes a component; bad registrations are programmer errors', async () => {
    const registry = new WipeRegistry()
    const off = registry.register({ wipeName: 'x', wipe: () => undefined }, { name: 'renamed' })
    expect(registry.list()).toEqual([{ name: 'renamed', priority: WipePriority.STATE }])
    off()
    expect(registry.list()).toEqual([])
    expect(() => registry.register({} as never)).toThrow(TypeError)
    expect(() => registry.register({ wipeName: 'x', wipe: () => undefined }, { priority: Number.NaN })).toThrow(RangeError)
    expect(() => registry.register({ wipeName: 'x', wipe: () => undefined }, { timeoutMs: 0 })).toThrow(RangeError)
  })
})
