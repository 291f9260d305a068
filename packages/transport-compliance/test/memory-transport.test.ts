import { isBitMeshError, type Link } from '@bitmesh/interface'
import { describe, expect, it } from 'vitest'
import {
  connectTransports,
  ManualClock,
  MemoryNetwork,
  memoryTransport,
  memoryTransportPair,
  type MemoryTransport,
} from '../src/memory/index.js'

function codeOf(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return isBitMeshError(error) ? error.code : error
  }
  return undefined
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('resolved')
}

/** Drive `promise` on a manual clock in 1 ms steps. */
async function drive<T>(clock: ManualClock, promise: Promise<T>, maxMs = 1000): Promise<T> {
  let done = false
  promise.then(
    () => (done = true),
    () => (done = true),
  )
  for (let t = 0; !done && t < maxMs; t++) await clock.advance(1)
  return promise
}

describe('MemoryNetwork options', () => {
  it('refuses inconsistent options', () => {
    expect(() => new MemoryNetwork({ latencyMs: -1, clock: new ManualClock() })).toThrow(RangeError)
    expect(() => new MemoryNetwork({ latencyMs: 5 })).toThrow(TypeError)
    expect(() => new MemoryNetwork({ bandwidthBytesPerSecond: 1000 })).toThrow(TypeError)
    expect(() => new MemoryNetwork({ bandwidthBytesPerSecond: 0, clock: new ManualClock() })).toThrow(RangeError)
  })

  it('refuses inconsistent transport limits', () => {
    const network = new MemoryNetwork()
    expect(() => memoryTransport({ network, address: '' })).toThrow(TypeError)
    expect(() => memoryTransport({ network: undefined as never, address: 'x' })).toThrow(TypeError)
    expect(() => memoryTransport({ network, address: 'x', mtu: 0 })).toThrow(RangeError)
    expect(() => memoryTransport({ network, address: 'x', mtu: 1.5 })).toThrow(RangeError)
    expect(() => memoryTransport({ network, address: 'x', highWaterMarkBytes: 100, lowWaterMarkBytes: 100 })).toThrow(RangeError)
    expect(() => memoryTransport({ network, address: 'x', mtu: 100, highWaterMarkBytes: 100, maxQueueBytes: 150 })).toThrow(RangeError)
  })

  it('refuses two transports at one address', async () => {
    const network = new MemoryNetwork()
    await memoryTransport({ network, address: 'x' }).start()
    await expect(memoryTransport({ network, address: 'x' }).start()).rejects.toThrow(RangeError)
  })
})

describe('MemoryTransport', () => {
  it('delivers after exactly the latency plus the transmission time', async () => {
    const clock = new ManualClock()
    const { connect } = await memoryTransportPair({ clock, latencyMs: 5, bandwidthBytesPerSecond: 10_000 })
    const [la, lb] = await drive(clock, connect())
    const got: number[] = []
    lb.on('frame', () => got.push(clock.now()))
    const t0 = clock.now()
    la.send(new Uint8Array(100)) // 10 ms on the air at 10 kB/s
    expect(la.bufferedBytes).toBe(100)
    await clock.advance(10)
    expect(la.bufferedBytes).toBe(0)
    await clock.advance(4)
    expect(got).toEqual([])
    await clock.advance(1)
    expect(got).toEqual([t0 + 15])
  })

  it('dial takes one latency; link MTU is the smaller end; quality reports rtt and throughput', async () => {
    const clock = new ManualClock()
    const network = new MemoryNetwork({ clock, latencyMs: 7, bandwidthBytesPerSecond: 5000 })
    const a = memoryTransport({ network, address: 'a', mtu: 300 })
    const b = memoryTransport({ network, address: 'b', mtu: 185 })
    await a.start()
    await b.start()
    let resolvedAt = -1
    const dialling = a.dial('b').then((link) => {
      resolvedAt = clock.now()
      return link
    })
    await clock.advance(6)
    expect(resolvedAt).toBe(-1)
    await clock.advance(1)
    const link = await dialling
    expect(resolvedAt).toBe(7)
    expect(link.mtu).toBe(185)
    expect(b.links[0]?.mtu).toBe(185)
    expect(link.quality).toEqual({ rttMs: 14, lossRate: 0, throughputBytesPerSecond: 5000 })
    expect(link.remoteAddress).toBe('b')
    expect(b.links[0]?.remoteAddress).toBe('a')
  })

  it('copies frames on send, so the caller may reuse its buffer', async () => {
    const { connect } = await memoryTransportPair()
    const [la, lb] = await connect()
    const got: Uint8Array[] = []
    lb.on('frame', (f) => got.push(f))
    const buffer = new Uint8Array([1, 2, 3])
    la.send(buffer)
    buffer.fill(9)
    la.send(buffer)
    await expect.poll(() => got.length).toBe(2)
    expect(got).toEqual([new Uint8Array([1, 2, 3]), new Uint8Array([9, 9, 9])])
  })

  it('throws CAPACITY_EXCEEDED past maxQueueBytes without queuing the frame, and TypeError for non-bytes', async () => {
    const { connect } = await memoryTransportPair({ mtu: 10, highWaterMarkBytes: 30, maxQueueBytes: 45 })
    const [la] = await connect()
    const results: unknown[] = []
    for (let i = 0; i < 5; i++) results.push(codeOf(() => la.send(new Uint8Array(10))))
    expect(results.slice(0, 4)).toEqual([undefined, undefined, undefined, undefined])
    expect(results[4]).toBe('CAPACITY_EXCEEDED')
    expect(la.bufferedBytes).toBe(40)
    expect(() => la.send([1, 2] as never)).toThrow(TypeError)
  })

  it('returns false at the high-water mark and fires drain once at the low-water mark', async () => {
    const clock = new ManualClock()
    const { connect } = await memoryTransportPair({ clock, bandwidthBytesPerSecond: 1000, mtu: 10, highWaterMarkBytes: 30, lowWaterMarkBytes: 10 })
    const [la] = await drive(clock, connect())
    const drains: number[] = []
    la.on('drain', () => drains.push(la.bufferedBytes))
    expect([la.send(new Uint8Array(10)), la.send(new Uint8Array(10)), la.send(new Uint8Array(10))]).toEqual([true, true, false])
    await clock.advance(100)
    expect(drains).toEqual([10])
  })

  it('delivers queued frames before the close notice (graceful close)', async () => {
    const clock = new ManualClock()
    const { connect } = await memoryTransportPair({ clock, latencyMs: 3, bandwidthBytesPerSecond: 1000 })
    const [la, lb] = await drive(clock, connect())
    const log: string[] = []
    lb.on('frame', (f) => log.push(`frame ${f.length}`))
    lb.on('close', ({ reason }) => log.push(`close ${reason}`))
    la.send(new Uint8Array(50))
    la.send(new Uint8Array(60))
    await la.close()
    expect(la.bufferedBytes).toBe(0)
    await clock.advance(3)
    expect(log).toEqual(['frame 50', 'frame 60', 'close remote'])
    expect(clock.pendingTimers()).toBe(0)
  })

  it('emits peer:discovered both ways and honours canReach for discovery and dial', async () => {
    const network = new MemoryNetwork({ canReach: (from, to) => !(from === 'a' && to === 'c') && !(from === 'c' && to === 'a') })
    const seen: string[] = []
    const transports: MemoryTransport[] = []
    for (const address of ['a', 'b', 'c']) {
      const t = memoryTransport({ network, address })
      t.on('peer:discovered', (n) => seen.push(`${address} saw ${n.address}`))
      transports.push(t)
      await t.start()
    }
    await Promise.resolve()
    await Promise.resolve()
    expect(seen.sort()).toEqual(['a saw b', 'b saw a', 'b saw c', 'c saw b'])
    const [a] = transports as [MemoryTransport]
    const error = await rejectionOf(a.dial('c'))
    expect(isBitMeshError(error) && error.code).toBe('CLOSED')
    expect(network.addresses()).toEqual(['a', 'b', 'c'])
  })

  it('rejects dials before start, to nobody, and pending dials on stop, all with CLOSED', async () => {
    const clock = new ManualClock()
    const network = new MemoryNetwork({ clock, latencyMs: 10 })
    const a = memoryTransport({ network, address: 'a' })
    const b = memoryTransport({ network, address: 'b' })
    expect((await rejectionOf(a.dial('b'))) as { code: string }).toMatchObject({ code: 'CLOSED' })
    await a.start()
    await b.start()
    expect((await rejectionOf(a.dial('nobody'))) as { code: string }).toMatchObject({ code: 'CLOSED' })
    const pending = rejectionOf(a.dial('b'))
    await a.stop()
    expect(await pending).toMatchObject({ code: 'CLOSED' })
    await b.stop() // b still holds the discovery notice of a
    expect(clock.pendingTimers()).toBe(0)
    expect(b.links).toHaveLength(0)
  })

  it('fails a dial whose target stopped meanwhile, and can start again after stop', async () => {
    const clock = new ManualClock()
    const network = new MemoryNetwork({ clock, latencyMs: 10 })
    const a = memoryTransport({ network, address: 'a' })
    const b = memoryTransport({ network, address: 'b' })
    await a.start()
    await b.start()
    const pending = rejectionOf(a.dial('b'))
    await b.stop()
    await clock.advance(10)
    expect(await pending).toMatchObject({ code: 'CLOSED' })
    await b.start()
    const [la, lb] = await drive(clock, connectTransports(a, b, 'b'))
    expect([la.status, lb.status]).toEqual(['open', 'open'])
  })

  it('is deterministic: the same script gives the same event log', async () => {
    async function script(): Promise<string[]> {
      const clock = new ManualClock()
      const network = new MemoryNetwork({ clock, latencyMs: 2, bandwidthBytesPerSecond: 3000 })
      const log: string[] = []
      const ts = ['a', 'b', 'c'].map((address) => memoryTransport({ network, address, mtu: 50 }))
      for (const t of ts) {
        t.on('link:open', (l: Link) => {
          log.push(`${clock.now()} ${t.address} open ${l.id}`)
          l.on('frame', (f) => log.push(`${clock.now()} ${l.id} frame ${f[0]}`))
        })
        t.on('link:close', ({ link, reason }) => log.push(`${clock.now()} ${t.address} close ${link.id} ${reason}`))
        await t.start()
      }
      const [a, b, c] = ts as [MemoryTransport, MemoryTransport, MemoryTransport]
      const ab = await drive(clock, a.dial('b'))
      const cb = await drive(clock, c.dial('b'))
      for (let i = 0; i < 20; i++) (i % 2 === 0 ? ab : cb).send(new Uint8Array(1 + i).fill(i))
      await clock.advance(30)
      await b.stop()
      await clock.advance(50)
      return log
    }
    const first = await script()
    expect(first.length).toBeGreaterThan(20)
    expect(await script()).toEqual(first)
  })

  it('connectTransports removes its listener when the dial fails', async () => {
    const { a, b } = await memoryTransportPair()
    const before = b.listenerCount()
    await expect(connectTransports(a, b, 'nobody')).rejects.toMatchObject({ code: 'CLOSED' })
    expect(b.listenerCount()).toBe(before)
  })
})
