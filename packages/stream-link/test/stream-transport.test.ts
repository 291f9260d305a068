/** StreamTransportBase: the link table, bounded dials, limits, stop and the datagram plane. */
import { AbortError, ClosedError, ErrorCode, TimeoutError, type AbortSignalLike, type Link } from '@bitmesh/interface'
import { describe, expect, it } from 'vitest'
import { createAbortController, createSimulatedPipe, StreamTransportBase, type ByteStream, type DatagramSocket, type StreamTransportOptions } from '../src/index.js'
import { TestClock } from './helpers/virtual.js'

/** A transport whose "platform" is a shared map of names and simulated pipes. */
class PipeTransport extends StreamTransportBase {
  readonly kind = 'memory'
  readonly sentDatagrams: string[] = []
  hang = false

  constructor(
    readonly name: string,
    readonly world: Map<string, PipeTransport>,
    readonly options: StreamTransportOptions & { datagramPort?: number },
  ) {
    super(options)
    world.set(name, this)
  }

  async start(): Promise<void> {
    this.running = true
    const port = this.options.datagramPort
    if (port !== undefined) {
      const socket: DatagramSocket = { port, send: (host, p, bytes) => void this.sentDatagrams.push(`${host}:${p}/${bytes.length}`), close: async () => {} }
      this.datagram = socket
    }
  }

  async stop(): Promise<void> {
    this.running = false
    await this.closeAll()
  }

  dial(address: string, options?: { signal?: AbortSignalLike }): Promise<Link> {
    return this.dialStream(address, options?.signal, async (): Promise<ByteStream> => {
      if (this.hang) return new Promise<ByteStream>(() => {})
      const peer = this.world.get(address)
      if (peer === undefined) throw new ClosedError(`no ${address}`)
      const [mine, theirs] = createSimulatedPipe(`${this.name}:1`, `${address}:1`, { clock: this.options.clock })
      peer.acceptStream(theirs)
      return mine
    })
  }

  datagramFrom(host: string, port: number, bytes: Uint8Array): void {
    this.onDatagram({ host, port }, bytes)
  }

  protected localLabel(): string {
    return this.name
  }
}

async function pair(options: Partial<StreamTransportOptions> & { datagramPort?: number } = {}) {
  const clock = new TestClock()
  const world = new Map<string, PipeTransport>()
  const a = new PipeTransport('alice', world, { clock, ...options })
  const b = new PipeTransport('bob', world, { clock, ...options })
  await a.start()
  await b.start()
  return { clock, a, b }
}

describe('StreamTransportBase', () => {
  it('a dial opens one link on each side, named by the peer labels, carrying frames', async () => {
    const { clock, a, b } = await pair({ mtu: 2_000 })
    const inbound: Link[] = []
    b.on('link:open', (l) => inbound.push(l))
    const dialing = a.dial('bob')
    await clock.advance(20)
    const link = await dialing
    expect([link.remoteAddress, link.direction, link.mtu, link.kind]).toEqual(['bob', 'outbound', 2_000, 'memory'])
    expect(inbound.map((l) => [l.remoteAddress, l.direction])).toEqual([['alice', 'inbound']])
    const got: number[][] = []
    inbound[0]!.on('frame', (f) => got.push([...f]))
    link.send(Uint8Array.of(5, 6, 7))
    await clock.advance(20)
    expect(got).toEqual([[5, 6, 7]])
    expect([a.stats.linksOpened, b.stats.linksOpened, a.links.length]).toEqual([1, 1, 1])
    await link.close()
    await clock.advance(20)
    expect([a.links.length, b.links.length]).toEqual([0, 0])
  })

  it('a dial that never joins fails with TimeoutError after the connect timeout', async () => {
    const { clock, a } = await pair({ connectTimeoutMs: 1_000 })
    a.hang = true
    const dialing = a.dial('bob')
    const settled = dialing.catch((e: unknown) => e)
    await clock.advance(999)
    await clock.advance(1)
    expect(await settled).toBeInstanceOf(TimeoutError)
    expect(a.stats.dialFailures).toBe(1)
    expect(clock.pendingTimers()).toBe(0)
  })

  it('an aborted dial rejects with AbortError; stop fails pending dials and closes links', async () => {
    const { clock, a, b } = await pair()
    a.hang = true
    const controller = createAbortController()
    const aborted = a.dial('bob', { signal: controller.signal }).catch((e: unknown) => e)
    controller.abort()
    expect(await aborted).toBeInstanceOf(AbortError)
    const pending = a.dial('bob').catch((e: unknown) => e)
    a.hang = false
    const opened = a.dial('bob')
    await clock.advance(20)
    const link = await opened
    const reasons: string[] = []
    link.on('close', ({ reason }) => reasons.push(reason))
    await a.stop()
    expect(await pending).toBeInstanceOf(ClosedError)
    expect(reasons).toEqual(['transport-stopped'])
    await expect(a.dial('bob')).rejects.toBeInstanceOf(ClosedError)
    await b.stop()
  })

  it('enforces the link limit on both dial and accept', async () => {
    const { clock, a, b } = await pair({ maxLinks: 1 })
    const first = a.dial('bob')
    await clock.advance(20)
    await first
    await expect(a.dial('bob')).rejects.toMatchObject({ code: ErrorCode.CAPACITY_EXCEEDED })
    const again = b.dial('alice').catch((e: unknown) => e)
    expect(await again).toMatchObject({ code: ErrorCode.CAPACITY_EXCEEDED })
    const world = new Map([['bob', b]])
    const carol = new PipeTransport('carol', world, { clock })
    await carol.start()
    const refused = carol.dial('bob').catch((e: unknown) => e)
    await clock.advance(50)
    expect(await refused).toBeInstanceOf(ClosedError)
    expect(b.stats.linksRefused).toBe(1)
  })

  it('broadcasts datagrams to peers that announced a port and routes datagrams to their link', async () => {
    const { clock, a, b } = await pair({ datagramPort: 4_000 })
    const dialing = a.dial('bob')
    await clock.advance(20)
    const link = await dialing
    expect(a.broadcast(Uint8Array.of(1, 2))).toBe(1)
    expect(a.sentDatagrams).toEqual(['bob:4000/2'])
    expect(() => a.broadcast(new Uint8Array(1_401))).toThrow(expect.objectContaining({ code: ErrorCode.FRAME_TOO_LARGE }))
    const got: number[][] = []
    link.on('frame', (f) => got.push([...f]))
    a.datagramFrom('bob', 4_000, Uint8Array.of(9))
    a.datagramFrom('mallory', 4_000, Uint8Array.of(9))
    expect(got).toEqual([[9]])
    expect([a.stats.datagramsReceived, a.stats.datagramsDropped, a.stats.datagramsSent]).toEqual([1, 1, 1])
    await b.stop()
    await a.stop()
    expect(() => a.broadcast(Uint8Array.of(1))).toThrow(ClosedError)
  })

  it('validates its options', () => {
    const world = new Map<string, PipeTransport>()
    const clock = new TestClock()
    expect(() => new PipeTransport('x', world, {} as StreamTransportOptions)).toThrow(TypeError)
    expect(() => new PipeTransport('x', world, { clock, mtu: 0 })).toThrow(RangeError)
    expect(() => new PipeTransport('x', world, { clock, highWaterBytes: 1_000, mtu: 1_000, maxQueueBytes: 1_999 })).toThrow(RangeError)
  })
})
