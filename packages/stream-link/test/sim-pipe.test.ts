/** The simulated pipe: airtime + latency in virtual time, ordered, lossless, TCP-like close. */
import { describe, expect, it } from 'vitest'
import { createSimulatedPipe, type ByteStream } from '../src/index.js'
import { TestClock } from './helpers/virtual.js'

function collect(stream: ByteStream) {
  const log = { data: [] as number[][], drains: 0, closed: false as boolean | unknown }
  stream.setHandlers({
    data: (c) => log.data.push([...c]),
    drain: () => log.drains++,
    close: (e) => (log.closed = e ?? true),
  })
  return log
}

describe('createSimulatedPipe', () => {
  it('delivers after airtime plus latency, in order, and reports remote addresses', async () => {
    const clock = new TestClock()
    // 1 000 bytes/s: a 10-byte write takes 10 ms of airtime, then 5 ms latency.
    const [a, b] = createSimulatedPipe('a:1', 'b:2', { clock, latencyMs: 5, bandwidthBytesPerSecond: 1_000 })
    expect([a.remoteAddress, b.remoteAddress]).toEqual(['b:2', 'a:1'])
    const got = collect(b)
    a.write(new Uint8Array(10).fill(1))
    a.write(new Uint8Array(10).fill(2))
    await clock.advance(14)
    expect(got.data).toEqual([])
    await clock.advance(1)
    expect(got.data.map((c) => c[0])).toEqual([1])
    await clock.advance(10)
    expect(got.data.map((c) => c[0])).toEqual([1, 2])
  })

  it('holds bytes that arrive before setHandlers', async () => {
    const clock = new TestClock()
    const [a, b] = createSimulatedPipe('a:1', 'b:2', { clock })
    a.write(Uint8Array.of(7, 8))
    await clock.advance(100)
    const got = collect(b)
    expect(got.data).toEqual([[7, 8]])
  })

  it('returns false above the high-water mark and fires drain once airtime frees it', async () => {
    const clock = new TestClock()
    const [a, b] = createSimulatedPipe('a:1', 'b:2', { clock, bandwidthBytesPerSecond: 1_000, highWaterBytes: 15 })
    const mine = collect(a)
    collect(b)
    expect(a.write(new Uint8Array(10))).toBe(true)
    expect(a.write(new Uint8Array(10))).toBe(false)
    await clock.advance(10)
    expect(mine.drains).toBe(1)
  })

  it('end closes both sides after the last byte; destroy cancels bytes in flight', async () => {
    const clock = new TestClock()
    const [a, b] = createSimulatedPipe('a:1', 'b:2', { clock, latencyMs: 2, bandwidthBytesPerSecond: 1_000 })
    const gotA = collect(a)
    const gotB = collect(b)
    a.write(new Uint8Array(4).fill(9))
    a.end()
    expect(a.write(Uint8Array.of(1))).toBe(false)
    await clock.advance(100)
    expect(gotB.data).toEqual([[9, 9, 9, 9]])
    expect([gotA.closed, gotB.closed]).toEqual([true, true])

    const [c, d] = createSimulatedPipe('c:1', 'd:2', { clock, latencyMs: 2, bandwidthBytesPerSecond: 1_000 })
    const gotC = collect(c)
    const gotD = collect(d)
    c.write(new Uint8Array(4))
    c.destroy()
    expect(gotC.closed).toBe(true)
    expect(gotD.closed).toBe(false)
    await clock.advance(100)
    expect(gotD.data).toEqual([])
    expect(gotD.closed).toBe(true)
    expect(clock.pendingTimers()).toBe(0)
  })

  it('refuses a second setHandlers', () => {
    const [a] = createSimulatedPipe('a:1', 'b:2', { clock: new TestClock() })
    collect(a)
    expect(() => collect(a)).toThrow(TypeError)
  })
})
