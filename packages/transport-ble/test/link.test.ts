import { ErrorCode, isBitMeshError, type LinkCloseReason } from '@bitmesh/interface'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BleLink, type BleLinkInit } from '../src/index.js'
import { TestClock } from './helpers/virtual.js'

/** A link over a fake radio whose writes complete only when the test says so. */
function harness(overrides: Partial<BleLinkInit> = {}) {
  const clock = new TestClock()
  const written: Uint8Array[] = []
  const completions: Array<() => void> = []
  let disconnects = 0
  const closed: LinkCloseReason[] = []
  const link = new BleLink({
    id: 'l1',
    remoteAddress: 'R',
    direction: 'outbound',
    mtu: 100,
    clock,
    io: {
      write: (bytes) => {
        written.push(bytes)
        return new Promise<void>((resolve) => completions.push(resolve))
      },
      disconnect: async () => {
        disconnects++
      },
    },
    writeSpacingMs: 0,
    maxQueueBytes: 1_000,
    highWaterBytes: 400,
    onClosed: (_l, reason) => closed.push(reason),
    ...overrides,
  })
  const completeOne = async (): Promise<void> => {
    completions.shift()?.()
    await clock.advance(0)
  }
  return { clock, link, written, completeOne, closed, disconnects: () => disconnects }
}

describe('BleLink write queue', () => {
  it('hands one whole frame at a time to the radio, in order', async () => {
    const h = harness()
    h.link.send(Uint8Array.of(1))
    h.link.send(Uint8Array.of(2))
    h.link.send(Uint8Array.of(3))
    expect(h.written.map((f) => [...f])).toEqual([[1]])
    expect(h.link.bufferedBytes).toBe(2)
    await h.completeOne()
    expect(h.written.map((f) => [...f])).toEqual([[1], [2]])
    await h.completeOne()
    await h.completeOne()
    expect(h.written.map((f) => f[0])).toEqual([1, 2, 3])
    expect(h.link.bufferedBytes).toBe(0)
  })

  it('returns false above the high-water mark, emits drain at half of it', async () => {
    const h = harness()
    let drains = 0
    h.link.on('drain', () => drains++)
    const results: boolean[] = []
    for (let i = 0; i < 6; i++) results.push(h.link.send(new Uint8Array(100)))
    // First frame went to the radio; 500 queued > 400.
    expect(results).toEqual([true, true, true, true, true, false])
    expect(h.link.bufferedBytes).toBe(500)
    await h.completeOne() // 400 left
    await h.completeOne() // 300
    expect(drains).toBe(0)
    await h.completeOne() // 200 = half of 400
    expect(drains).toBe(1)
    await h.completeOne()
    expect(drains).toBe(1)
  })

  it('refuses a frame that would overflow the queue with CAPACITY_EXCEEDED and does not queue it', () => {
    const h = harness()
    for (let i = 0; i < 11; i++) h.link.send(new Uint8Array(100)) // 1 in flight + 1000 queued
    expect(h.link.bufferedBytes).toBe(1_000)
    let error: unknown
    try {
      h.link.send(new Uint8Array(1))
    } catch (e) {
      error = e
    }
    expect(isBitMeshError(error) && error.code).toBe(ErrorCode.CAPACITY_EXCEEDED)
    expect(h.link.bufferedBytes).toBe(1_000)
  })

  it('refuses frames over the MTU with FrameTooLargeError, and sends exactly MTU', () => {
    const h = harness()
    expect(() => h.link.send(new Uint8Array(101))).toThrow(expect.objectContaining({ code: 'FRAME_TOO_LARGE', frameBytes: 101, mtu: 100 }))
    expect(h.link.send(new Uint8Array(100))).toBe(true)
  })

  it('rejects non-bytes with TypeError', () => {
    const h = harness()
    expect(() => h.link.send('x' as never)).toThrow(TypeError)
  })

  it('spaces consecutive writes by writeSpacingMs on the injected clock', async () => {
    const h = harness({ writeSpacingMs: 30 })
    h.link.send(Uint8Array.of(1))
    h.link.send(Uint8Array.of(2))
    await h.completeOne()
    expect(h.written).toHaveLength(1)
    await h.clock.advance(29)
    expect(h.written).toHaveLength(1)
    await h.clock.advance(1)
    expect(h.written).toHaveLength(2)
  })

  it('close: drops the queue, disconnects once, emits close once, refuses further sends, releases listeners', async () => {
    const h = harness({ writeSpacingMs: 10 })
    const events: string[] = []
    h.link.on('close', ({ reason }) => events.push(reason))
    h.link.send(new Uint8Array(10))
    h.link.send(new Uint8Array(10))
    await Promise.all([h.link.close(), h.link.close()])
    expect(events).toEqual(['local'])
    expect(h.closed).toEqual(['local'])
    expect(h.disconnects()).toBe(1)
    expect(h.link.status).toBe('closed')
    expect(h.link.bufferedBytes).toBe(0)
    expect(h.link.listenerCount()).toBe(0)
    expect(() => h.link.send(Uint8Array.of(1))).toThrow(expect.objectContaining({ code: 'CLOSED' }))
    expect(h.clock.pendingTimers()).toBe(0)
  })

  it('remote close keeps the remote reason and does not disconnect again', async () => {
    const h = harness()
    const events: string[] = []
    h.link.on('close', ({ reason }) => events.push(reason))
    await h.link.shutdown('out-of-range', undefined, false)
    await h.link.close()
    expect(events).toEqual(['out-of-range'])
    expect(h.disconnects()).toBe(0)
  })

  it('a failing radio write closes the link with reason error', async () => {
    const clock = new TestClock()
    const link = new BleLink({
      id: 'x', remoteAddress: 'R', direction: 'inbound', mtu: 20, clock, writeSpacingMs: 0, maxQueueBytes: 100, highWaterBytes: 50,
      io: { write: () => Promise.reject(new Error('radio gone')), disconnect: async () => {} },
    })
    const events: Array<{ reason: string; error?: unknown }> = []
    link.on('close', (e) => events.push(e))
    link.send(Uint8Array.of(1))
    await clock.advance(0)
    expect(events).toHaveLength(1)
    expect(events[0]!.reason).toBe('error')
    expect((events[0]!.error as Error).message).toBe('radio gone')
  })

  it('property: every accepted frame is written once, in order; buffered bytes never exceed the cap', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 60 }), async (sizes) => {
        const h = harness()
        const accepted: number[] = []
        for (const [i, size] of sizes.entries()) {
          const frame = new Uint8Array(size).fill(i & 0xff)
          try {
            h.link.send(frame)
            accepted.push(i)
          } catch (e) {
            expect(isBitMeshError(e) && e.code).toBe(ErrorCode.CAPACITY_EXCEEDED)
          }
          expect(h.link.bufferedBytes).toBeLessThanOrEqual(1_000)
          if (i % 3 === 0) await h.completeOne()
        }
        while (h.written.length < accepted.length) await h.completeOne()
        expect(h.written.length).toBe(accepted.length)
      }),
      { numRuns: 50 },
    )
  })
})
