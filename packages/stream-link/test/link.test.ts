/** FastLink: the bounded send queue in front of a flow-controlled sink. */
import { CapacityError, ClosedError, FrameTooLargeError, type LinkCloseReason } from '@bitmesh/interface'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FastLink, type FrameSink } from '../src/index.js'

/** A sink that accepts while `open` is true and records every frame it was handed. */
function recordingSink() {
  const frames: Uint8Array[] = []
  const sink = {
    open: true,
    closes: 0,
    frames,
    write(frame: Uint8Array): boolean {
      frames.push(frame)
      return sink.open
    },
    close(): void {
      sink.closes++
    },
  }
  return sink satisfies FrameSink
}

function makeLink(sink: FrameSink, over: Partial<{ mtu: number; highWaterBytes: number; maxQueueBytes: number; onClosed: (l: FastLink, r: LinkCloseReason) => void }> = {}) {
  return new FastLink({
    id: 'test-1',
    kind: 'memory',
    remoteAddress: 'peer',
    direction: 'outbound',
    mtu: over.mtu ?? 100,
    sink,
    highWaterBytes: over.highWaterBytes ?? 200,
    maxQueueBytes: over.maxQueueBytes ?? 400,
    ...(over.onClosed ? { onClosed: over.onClosed } : {}),
  })
}

const bytes = (n: number, fill = n): Uint8Array => new Uint8Array(n).fill(fill & 0xff)

describe('FastLink', () => {
  it('hands a frame straight to an open sink (no copy, counters updated)', () => {
    const sink = recordingSink()
    const link = makeLink(sink)
    const frame = bytes(10)
    expect(link.send(frame)).toBe(true)
    expect(sink.frames[0]).toBe(frame)
    expect([link.framesSent, link.bytesSent, link.bufferedBytes]).toEqual([1, 10, 0])
  })

  it('queues behind a blocked sink, reports the high-water mark and drains at half of it', () => {
    const sink = recordingSink()
    sink.open = false
    const link = makeLink(sink)
    const drains: number[] = []
    link.on('drain', () => drains.push(link.bufferedBytes))
    expect(link.send(bytes(50, 1))).toBe(true) // handed over; the sink now refuses more
    expect(link.send(bytes(100, 2))).toBe(true) // 100 queued
    expect(link.send(bytes(100, 3))).toBe(true) // 200 queued = high water, still fine
    expect(link.send(bytes(100, 4))).toBe(false) // 300 > 200
    expect(link.send(bytes(100, 5))).toBe(false) // 400: exactly the cap, still accepted
    expect(link.bufferedBytes).toBe(400)
    expect(sink.frames.map((f) => f[0])).toEqual([1])
    expect(drains).toEqual([])
  })

  it('refuses a frame that would overflow the queue cap with CAPACITY_EXCEEDED', () => {
    const sink = recordingSink()
    sink.open = false
    const link = makeLink(sink)
    link.send(bytes(1))
    for (let i = 0; i < 4; i++) link.send(bytes(100))
    expect(link.bufferedBytes).toBe(400)
    expect(() => link.send(bytes(1))).toThrow(CapacityError)
    expect(link.bufferedBytes).toBe(400)
  })

  it('sinkDrained flushes in order until the sink blocks again, then emits drain once below half', () => {
    const sink = recordingSink()
    sink.open = false
    const link = makeLink(sink)
    let drains = 0
    link.on('drain', () => drains++)
    link.send(bytes(1, 0))
    for (let i = 1; i <= 3; i++) link.send(bytes(100, i))
    expect(link.send(bytes(100, 4))).toBe(false)
    // The sink takes one frame and blocks again: 300 still queued, no drain.
    link.sinkDrained()
    expect(sink.frames.map((f) => f[0])).toEqual([0, 1])
    expect(drains).toBe(0)
    sink.open = true
    link.sinkDrained()
    expect(sink.frames.map((f) => f[0])).toEqual([0, 1, 2, 3, 4])
    expect(link.bufferedBytes).toBe(0)
    expect(drains).toBe(1)
    link.sinkDrained()
    expect(drains).toBe(1)
  })

  it('rejects misuse and oversize frames with typed errors', () => {
    const link = makeLink(recordingSink())
    expect(() => link.send('x' as unknown as Uint8Array)).toThrow(TypeError)
    expect(() => link.send(new Uint8Array(0))).toThrow(RangeError)
    expect(() => link.send(bytes(101))).toThrow(FrameTooLargeError)
  })

  it('shutdown is idempotent, keeps the first reason, closes the sink once and drops the queue', async () => {
    const sink = recordingSink()
    sink.open = false
    const closed: LinkCloseReason[] = []
    const link = makeLink(sink, { onClosed: (_l, r) => closed.push(r) })
    const events: unknown[] = []
    link.on('close', (e) => events.push(e))
    link.send(bytes(1))
    link.send(bytes(50))
    const cause = new Error('boom')
    await link.shutdown('error', cause)
    await link.close()
    expect(link.status).toBe('closed')
    expect(link.bufferedBytes).toBe(0)
    expect(sink.closes).toBe(1)
    expect(closed).toEqual(['error'])
    expect(events).toEqual([{ reason: 'error', error: cause }])
    expect(() => link.send(bytes(1))).toThrow(ClosedError)
    link.receive(bytes(3))
    expect(link.framesReceived).toBe(0)
  })

  it('counts received frames and emits quality only when a figure changes', () => {
    const link = makeLink(recordingSink())
    const frames: number[] = []
    const qualities: unknown[] = []
    link.on('frame', (f) => frames.push(f.length))
    link.on('quality', (q) => qualities.push(q))
    link.receive(bytes(7))
    link.updateQuality({ rssiDbm: -40 })
    link.updateQuality({ rssiDbm: -40 })
    link.updateQuality({ rssiDbm: -41 })
    expect(frames).toEqual([7])
    expect([link.framesReceived, link.bytesReceived]).toEqual([1, 7])
    expect(qualities).toEqual([{ rssiDbm: -40 }, { rssiDbm: -41 }])
    expect(link.quality).toEqual({ rssiDbm: -41 })
  })

  it('delivers every accepted frame to the sink exactly once and in order (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ send: fc.integer({ min: 1, max: 100 }) }), fc.record({ toggle: fc.boolean() })), { maxLength: 80 }),
        (ops) => {
          const sink = recordingSink()
          const link = makeLink(sink)
          const accepted: Uint8Array[] = []
          let seq = 0
          for (const op of ops) {
            if ('send' in op) {
              const frame = bytes(op.send, seq++)
              try {
                link.send(frame)
                accepted.push(frame)
              } catch (error) {
                expect(error).toBeInstanceOf(CapacityError)
              }
            } else {
              sink.open = op.toggle
              if (op.toggle) link.sinkDrained()
            }
            expect(link.bufferedBytes).toBeLessThanOrEqual(400)
          }
          sink.open = true
          link.sinkDrained()
          expect(sink.frames).toEqual(accepted)
          expect(link.bufferedBytes).toBe(0)
        },
      ),
    )
  })
})
