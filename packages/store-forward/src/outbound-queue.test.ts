import { ErrorCode, isBitMeshError } from '@bitmesh/interface'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bytes, manualClock, seededRng } from '../test/helpers.js'
import { STALE_AFTER_MS } from './constants.js'
import { StorageFullError } from './errors.js'
import { memoryQueueBackend } from './memory-backend.js'
import { OutboundQueue } from './outbound-queue.js'

async function setup(opts: { maxItems?: number; maxBytes?: number; capacityBytes?: number } = {}) {
  const clock = manualClock()
  const rng = seededRng(7)
  const backend = memoryQueueBackend(opts.capacityBytes === undefined ? {} : { capacityBytes: opts.capacityBytes })
  const queue = await OutboundQueue.open({ backend, clock, rng, maxItems: opts.maxItems, maxBytes: opts.maxBytes })
  return { clock, rng, backend, queue }
}

describe('OutboundQueue', () => {
  it('stores packets with metadata and returns them due in createdAt order', async () => {
    const { queue, clock } = await setup()
    const t = clock.now()
    await queue.enqueue({ packet: bytes(3, 3), recipient: 'bb', messageId: 'm3', createdAt: t + 30 })
    await queue.enqueue({ packet: bytes(1, 1), recipient: 'aa', messageId: 'm1', createdAt: t + 10 })
    await queue.enqueue({ packet: bytes(2, 2), messageId: 'm2', createdAt: t + 20 })
    const due = queue.due()
    expect(due.map((i) => i.messageId)).toEqual(['m1', 'm2', 'm3'])
    expect(due[0]).toMatchObject({ recipient: 'aa', cls: 'dm', attempts: 0, size: 1 })
    expect(due[1]).toMatchObject({ recipient: '', cls: 'public' })
    expect(due[0]!.id).toMatch(/^[0-9a-f]{32}$/)
    expect(await queue.readPacket(due[2]!.id)).toEqual(bytes(3, 3))
    expect(queue.stats()).toEqual({ items: 3, bytes: 6, pending: 0 })
  })

  it('copies the packet on enqueue', async () => {
    const { queue } = await setup()
    const packet = bytes(4, 9)
    const item = await queue.enqueue({ packet })
    packet.fill(0)
    expect(await queue.readPacket(item.id)).toEqual(bytes(4, 9))
  })

  it('throws CapacityError at the item cap and stores nothing more', async () => {
    const { queue } = await setup({ maxItems: 3 })
    for (let i = 0; i < 3; i++) await queue.enqueue({ packet: bytes(1) })
    const error = await queue.enqueue({ packet: bytes(1) }).catch((e: unknown) => e)
    expect(isBitMeshError(error) && error.code).toBe(ErrorCode.CAPACITY_EXCEEDED)
    expect(queue.size).toBe(3)
  })

  it('throws CapacityError at the byte cap', async () => {
    const { queue } = await setup({ maxBytes: 100 })
    await queue.enqueue({ packet: bytes(60) })
    await expect(queue.enqueue({ packet: bytes(41) })).rejects.toMatchObject({ code: 'CAPACITY_EXCEEDED' })
    await queue.enqueue({ packet: bytes(40) })
    expect(queue.stats().bytes).toBe(100)
  })

  it('a batch is all or nothing against the caps', async () => {
    const { queue } = await setup({ maxItems: 5 })
    await queue.enqueueBatch([{ packet: bytes(1) }, { packet: bytes(1) }, { packet: bytes(1) }])
    await expect(queue.enqueueBatch([{ packet: bytes(1) }, { packet: bytes(1) }, { packet: bytes(1) }])).rejects.toMatchObject({
      code: 'CAPACITY_EXCEEDED',
    })
    expect(queue.size).toBe(3)
  })

  it('concurrent enqueues never overshoot the cap (reservations)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 40 }), async (cap, n) => {
        const { queue, backend } = await setup({ maxItems: cap })
        const results = await Promise.allSettled(Array.from({ length: n }, () => queue.enqueue({ packet: bytes(1) })))
        const ok = results.filter((r) => r.status === 'fulfilled').length
        expect(ok).toBe(Math.min(cap, n))
        expect((await backend.load()).length).toBe(ok)
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CAPACITY_EXCEEDED' })
      }),
      { numRuns: 50 },
    )
  })

  it('a full medium rejects with StorageFullError and loses nothing already stored', async () => {
    const { queue, backend } = await setup({ capacityBytes: 50 })
    const a = await queue.enqueue({ packet: bytes(30) })
    const error = await queue.enqueue({ packet: bytes(30) }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StorageFullError)
    expect((error as StorageFullError).code).toBe('CAPACITY_EXCEEDED')
    expect(queue.items().map((i) => i.id)).toEqual([a.id])
    expect((await backend.load()).map((i) => i.id)).toEqual([a.id])
    // The reservation was released: a fitting item still goes in.
    await queue.enqueue({ packet: bytes(20) })
    expect(queue.size).toBe(2)
  })

  it('ack removes durably; a reopened queue resumes in order without acked items', async () => {
    const { queue, backend, clock, rng } = await setup()
    const items = []
    for (let i = 0; i < 5; i++) items.push(await queue.enqueue({ packet: bytes(1, i), messageId: `m${i}` }))
    expect(await queue.ack([items[1]!.id, items[3]!.id, 'unknown'])).toBe(2)
    expect(await queue.ack(items[1]!.id)).toBe(0)
    const reopened = await OutboundQueue.open({ backend, clock, rng })
    expect(reopened.items().map((i) => i.messageId)).toEqual(['m0', 'm2', 'm4'])
    // New items sort after the loaded ones even with an equal createdAt (seq continues).
    const next = await reopened.enqueue({ packet: bytes(1), messageId: 'm5' })
    expect(next.seq).toBeGreaterThan(items[4]!.seq)
    expect(reopened.due().map((i) => i.messageId)).toEqual(['m0', 'm2', 'm4', 'm5'])
  })

  it('a reopened queue with a re-seeded Rng never reuses a stored ID', async () => {
    const backend = memoryQueueBackend()
    const clock = manualClock()
    const first = await OutboundQueue.open({ backend, clock, rng: seededRng(42) })
    const a = await first.enqueue({ packet: bytes(1) })
    const second = await OutboundQueue.open({ backend, clock, rng: seededRng(42) })
    const b = await second.enqueue({ packet: bytes(1) })
    expect(b.id).not.toBe(a.id)
    expect((await backend.load()).length).toBe(2)
  })

  it('fail() backs off exponentially with jitter and persists attempts', async () => {
    const { queue, backend, clock } = await setup()
    const item = await queue.enqueue({ packet: bytes(1) })
    const delays: number[] = []
    for (let i = 0; i < 6; i++) {
      const next = await queue.fail(item.id)
      delays.push(next!.nextAttemptAt - clock.now())
      expect(queue.due()).toEqual([])
    }
    // Default base 1 s, equal jitter 0.5: attempt n waits within [0.5, 1]·2^(n−1) s.
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(500 * 2 ** i)
      expect(d).toBeLessThanOrEqual(1000 * 2 ** i)
    })
    const stored = (await backend.load())[0]!
    expect(stored.attempts).toBe(6)
    clock.advance(delays[5]!)
    expect(queue.due().map((i) => i.id)).toEqual([item.id])
  })

  it('retryNow makes one recipient due again, leaving others backed off', async () => {
    const { queue } = await setup()
    const a = await queue.enqueue({ packet: bytes(1), recipient: 'a' })
    const b = await queue.enqueue({ packet: bytes(1), recipient: 'b' })
    await queue.fail(a.id)
    await queue.fail(b.id)
    expect(queue.retryNow('a')).toBe(1)
    expect(queue.due().map((i) => i.id)).toEqual([a.id])
    expect(queue.itemsFor('b').map((i) => i.id)).toEqual([b.id])
  })

  it('flags items older than 7 days as stale without dropping them', async () => {
    const { queue, clock } = await setup()
    const old = await queue.enqueue({ packet: bytes(1), createdAt: clock.now() - STALE_AFTER_MS })
    const fresh = await queue.enqueue({ packet: bytes(1), createdAt: clock.now() - STALE_AFTER_MS + 1 })
    expect(queue.stale().map((i) => i.id)).toEqual([old.id])
    expect(queue.isStale(old)).toBe(true)
    expect(queue.isStale(fresh)).toBe(false)
    expect(queue.due().map((i) => i.id)).toEqual([old.id, fresh.id])
    clock.advance(1)
    expect(queue.stale().length).toBe(2)
    await queue.discard(old.id)
    expect(queue.size).toBe(1)
  })

  it('wipe clears memory and storage; close rejects later calls', async () => {
    const { queue, backend } = await setup()
    await queue.enqueue({ packet: bytes(5) })
    await queue.wipe()
    expect(queue.stats()).toEqual({ items: 0, bytes: 0, pending: 0 })
    expect(await backend.load()).toEqual([])
    await queue.close()
    await expect(queue.enqueue({ packet: bytes(1) })).rejects.toMatchObject({ code: 'CLOSED' })
  })

  it('rejects programmer misuse with TypeError / RangeError', async () => {
    const { queue } = await setup()
    await expect(queue.enqueue({ packet: 'x' as unknown as Uint8Array })).rejects.toBeInstanceOf(TypeError)
    await expect(queue.enqueue({ packet: new Uint8Array(0) })).rejects.toBeInstanceOf(RangeError)
    await expect(queue.enqueue({ packet: bytes(1), cls: 'bogus' as never })).rejects.toBeInstanceOf(TypeError)
    await expect(queue.enqueue({ packet: bytes(1), recipient: 'x'.repeat(300) })).rejects.toBeInstanceOf(RangeError)
    await expect(OutboundQueue.open({ backend: memoryQueueBackend(), clock: manualClock(), rng: seededRng(), maxItems: 0 })).rejects.toBeInstanceOf(
      RangeError,
    )
  })

  it('property: due() is always sorted by (createdAt, seq) and matches a model after random ops', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('enq' as const), dt: fc.integer({ min: -1000, max: 1000 }), size: fc.integer({ min: 1, max: 50 }) }),
            fc.record({ op: fc.constant('ack' as const), pick: fc.nat() }),
            fc.record({ op: fc.constant('fail' as const), pick: fc.nat() }),
          ),
          { maxLength: 60 },
        ),
        async (ops) => {
          const { queue, clock } = await setup({ maxItems: 30, maxBytes: 600 })
          const model = new Map<string, { createdAt: number; seq: number; size: number }>()
          for (const o of ops) {
            if (o.op === 'enq') {
              let modelBytes = 0
              for (const m of model.values()) modelBytes += m.size
              const fits = model.size < 30 && modelBytes + o.size <= 600
              const r = await queue.enqueue({ packet: bytes(o.size), createdAt: clock.now() + o.dt }).catch(() => undefined)
              expect(r !== undefined).toBe(fits)
              if (r) model.set(r.id, r)
            } else {
              const ids = [...model.keys()]
              if (ids.length === 0) continue
              const id = ids[o.pick % ids.length]!
              if (o.op === 'ack') {
                await queue.ack(id)
                model.delete(id)
              } else await queue.fail(id)
            }
          }
          const all = queue.items()
          expect(all.length).toBe(model.size)
          for (let i = 1; i < all.length; i++) {
            const a = all[i - 1]!
            const b = all[i]!
            expect(a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.seq < b.seq)).toBe(true)
          }
          let total = 0
          for (const m of model.values()) total += m.size
          expect(queue.stats().bytes).toBe(total)
        },
      ),
      { numRuns: 100 },
    )
  })
})
