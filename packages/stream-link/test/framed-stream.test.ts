/** openFramedStream: preface exchange, framed records, timeouts and malformed input. */
import { ClosedError, ErrorCode, TimeoutError, type LinkCloseReason } from '@bitmesh/interface'
import { encodeStreamFrame, encodeStreamPreface } from '@bitmesh/wire-format'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSimulatedPipe, openFramedStream, type ByteStream, type ByteStreamHandlers, type FramedStreamOptions, type FramedStreamTarget } from '../src/index.js'
import { TestClock } from './helpers/virtual.js'

const options = (clock: TestClock, label: string, maxFrameBytes = 1_000): FramedStreamOptions => ({ clock, maxFrameBytes, label, datagramPort: 0, prefaceTimeoutMs: 50 })

/** A target recording what reaches it. */
function target() {
  const t = {
    frames: [] as Uint8Array[],
    drains: 0,
    closed: undefined as { reason: LinkCloseReason; error?: unknown } | undefined,
    receive: (f: Uint8Array) => void t.frames.push(f.slice()),
    sinkDrained: () => void t.drains++,
    shutdown: async (reason: LinkCloseReason, error?: unknown) => void (t.closed ??= { reason, error }),
  }
  return t satisfies FramedStreamTarget
}

/** A stream driven by hand: `feed` plays the peer, `written` records what this side wrote. */
function manualStream(gather: boolean) {
  let handlers: ByteStreamHandlers | undefined
  const m = {
    written: [] as Uint8Array[][],
    destroyed: false,
    ended: false,
    feed: (bytes: Uint8Array) => handlers!.data(bytes),
    close: (error?: unknown) => handlers!.close(error),
    stream: {
      remoteAddress: '10.0.0.2:9',
      setHandlers: (h: ByteStreamHandlers) => void (handlers = h),
      write: (b: Uint8Array) => (m.written.push([b]), true),
      ...(gather ? { writev: (parts: readonly Uint8Array[]) => (m.written.push([...parts]), true) } : {}),
      end: () => void (m.ended = true),
      destroy: () => void (m.destroyed = true),
    } as ByteStream,
  }
  return m
}

describe('openFramedStream', () => {
  it('two ends exchange prefaces, agree on the smaller MTU and carry frames both ways', async () => {
    const clock = new TestClock()
    const [a, b] = createSimulatedPipe('a:1', 'b:2', { clock })
    const ta = target()
    const tb = target()
    const seen: { label: string; mtu: number }[] = []
    const sinks: { write(f: Uint8Array): boolean }[] = []
    for (const [stream, label, max, t] of [[a, 'alice', 2_000, ta], [b, 'bob', 1_500, tb]] as const) {
      openFramedStream(stream, options(clock, label, max), {
        ready: (remote, sink, mtu) => {
          seen.push({ label: remote.label, mtu })
          sinks.push(sink)
          return t
        },
        failed: (e) => expect.unreachable(String(e)),
      })
    }
    await clock.advance(10)
    expect(seen.map((s) => s.mtu)).toEqual([1_500, 1_500])
    expect(new Set(seen.map((s) => s.label))).toEqual(new Set(['alice', 'bob']))
    sinks[0]!.write(Uint8Array.of(1, 2, 3))
    sinks[1]!.write(new Uint8Array(1_500).fill(4))
    await clock.advance(10)
    const all = [...ta.frames, ...tb.frames].map((f) => [f.length, f[0]])
    expect(all.sort((x, y) => x[0]! - y[0]!)).toEqual([[3, 1], [1_500, 4]])
    expect(clock.pendingTimers()).toBe(0)
  })

  it('fails with TimeoutError when no preface arrives, and destroys the stream', async () => {
    const clock = new TestClock()
    const m = manualStream(false)
    const failures: unknown[] = []
    openFramedStream(m.stream, options(clock, 'me'), { ready: () => target(), failed: (e) => failures.push(e) })
    await clock.advance(49)
    expect(failures).toEqual([])
    await clock.advance(1)
    expect(failures[0]).toBeInstanceOf(TimeoutError)
    expect(m.destroyed).toBe(true)
  })

  it('fails with a DecodeError on a bad preface and with ClosedError on an early close', () => {
    const clock = new TestClock()
    const bad = manualStream(false)
    const failures: unknown[] = []
    openFramedStream(bad.stream, options(clock, 'me'), { ready: () => target(), failed: (e) => failures.push(e) })
    bad.feed(new Uint8Array(32).fill(0x55))
    expect((failures[0] as { code?: string }).code).toBe(ErrorCode.DECODE_ERROR)
    expect(bad.destroyed).toBe(true)
    const early = manualStream(false)
    openFramedStream(early.stream, options(clock, 'me'), { ready: () => target(), failed: (e) => failures.push(e) })
    early.close()
    expect(failures[1]).toBeInstanceOf(ClosedError)
    expect(clock.pendingTimers()).toBe(0)
  })

  it('closes the target with reason error on an oversize record after the preface', () => {
    const clock = new TestClock()
    const m = manualStream(false)
    const t = target()
    openFramedStream(m.stream, options(clock, 'me', 100), { ready: () => t, failed: () => expect.unreachable() })
    m.feed(encodeStreamPreface({ maxFrameBytes: 100, datagramPort: 0, label: 'peer' }))
    m.feed(encodeStreamFrame(new Uint8Array(101)))
    expect(t.closed?.reason).toBe('error')
    expect((t.closed?.error as { code?: string }).code).toBe(ErrorCode.DECODE_ERROR)
    expect(m.destroyed).toBe(true)
  })

  it('a remote close after readiness shuts the target down with reason remote', () => {
    const clock = new TestClock()
    const m = manualStream(false)
    const t = target()
    openFramedStream(m.stream, options(clock, 'me'), { ready: () => t, failed: () => expect.unreachable() })
    m.feed(encodeStreamPreface({ maxFrameBytes: 1_000, datagramPort: 0, label: 'peer' }))
    m.close()
    expect(t.closed).toEqual({ reason: 'remote', error: undefined })
  })

  it('refusing in ready destroys the stream; cancel before readiness stays silent', async () => {
    const clock = new TestClock()
    const refused = manualStream(false)
    openFramedStream(refused.stream, options(clock, 'me'), { ready: () => undefined, failed: () => expect.unreachable() })
    refused.feed(encodeStreamPreface({ maxFrameBytes: 1_000, datagramPort: 0, label: 'peer' }))
    expect(refused.destroyed).toBe(true)
    const cancelled = manualStream(false)
    const handle = openFramedStream(cancelled.stream, options(clock, 'me'), { ready: () => expect.unreachable(), failed: () => expect.unreachable() })
    handle.cancel()
    await clock.advance(1_000)
    expect(cancelled.destroyed).toBe(true)
    expect(clock.pendingTimers()).toBe(0)
  })

  it('writes large frames as header + the frame itself when the stream can gather', () => {
    const clock = new TestClock()
    const m = manualStream(true)
    let sink: { write(f: Uint8Array): boolean } | undefined
    openFramedStream(m.stream, options(clock, 'me', 65_536), { ready: (_r, s) => ((sink = s), target()), failed: () => expect.unreachable() })
    m.feed(encodeStreamPreface({ maxFrameBytes: 65_536, datagramPort: 0, label: 'peer' }))
    const big = new Uint8Array(8_192).fill(3)
    sink!.write(Uint8Array.of(1, 2))
    sink!.write(big)
    // [preface], [small framed in one piece], [header, big]
    expect(m.written.length).toBe(3)
    expect([...m.written[1]![0]!]).toEqual([0, 0, 0, 2, 1, 2])
    expect([...m.written[2]![0]!]).toEqual([0, 0, 0x20, 0])
    expect(m.written[2]![1]).toBe(big)
  })

  it('any split of the incoming bytes yields the same frames (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }),
        (frames, cuts) => {
          const clock = new TestClock()
          const m = manualStream(false)
          const t = target()
          openFramedStream(m.stream, options(clock, 'me', 300), { ready: () => t, failed: () => expect.unreachable() })
          const parts = [encodeStreamPreface({ maxFrameBytes: 300, datagramPort: 0, label: 'peer' }), ...frames.map((f) => encodeStreamFrame(f))]
          const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
          let at = 0
          for (const p of parts) all.set(p, (at += p.length) - p.length)
          for (let i = 0, c = 0; i < all.length; c++) {
            const n = cuts[c % cuts.length]!
            m.feed(all.subarray(i, i + n))
            i += n
          }
          expect(t.frames).toEqual(frames)
          expect(t.closed).toBeUndefined()
        },
      ),
    )
  })
})
