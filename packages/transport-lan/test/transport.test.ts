/** The LAN transport over real loopback TCP, with discovery on an in-memory mDNS bus. */
import { afterEach, describe, expect, it } from 'vitest'
import type { Link } from '@bitmesh/interface'
import { connectTcp, listenTcp } from '@bitmesh/stream-link/node'
import { createLanTransport, parseLanAddress, type LanNetwork, type LanTransport } from '../src/index.js'
import { lanTransport } from '../src/node/index.js'
import { RealClock } from '../../stream-link/test/helpers/real.js'
import { MdnsBus } from './helpers/bus.js'

const started: LanTransport[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.stop()))
})

function network(bus?: MdnsBus): LanNetwork {
  return {
    listen: (host, port, onStream) => listenTcp(host, port, onStream),
    connect: (host, port, signal) => connectTcp(host, port, signal),
    ...(bus === undefined ? {} : { openMdns: async () => bus.socket() }),
  }
}

async function make(clock: RealClock, nodeId: string, bus?: MdnsBus, peers?: string[]): Promise<LanTransport> {
  const t = createLanTransport({ clock, nodeId, host: '127.0.0.1', port: 0, network: network(bus), redialDelayMs: 50, staticRetryMs: 50, ...(peers ? { discovery: { peers } } : {}) })
  started.push(t)
  await t.start()
  return t
}

/** Poll until `check` holds (generous deadline; no timing is asserted). */
async function until(check: () => boolean, what: string, deadlineMs = 10_000): Promise<void> {
  const end = Date.now() + deadlineMs
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

async function freePort(): Promise<number> {
  const l = await listenTcp('127.0.0.1', 0, (s) => s.destroy())
  await l.close()
  return l.port
}

const openLinks = (t: LanTransport): Link[] => t.links.filter((l) => l.status === 'open')
const remoteIds = (t: LanTransport): string[] => openLinks(t).map((l) => parseLanAddress(l.remoteAddress)?.id ?? '?').sort()

describe('lan transport', () => {
  it('three nodes discovering each other open exactly one link per pair, dialled by the lower id', async () => {
    const clock = new RealClock()
    const bus = new MdnsBus()
    const [a, b, c] = [await make(clock, 'a001', bus), await make(clock, 'b002', bus), await make(clock, 'c003', bus)]
    await until(() => [a, b, c].every((t) => openLinks(t).length === 2), 'a full mesh of links')
    // Let any racing duplicate dial surface before counting.
    await new Promise((r) => setTimeout(r, 200))
    expect(remoteIds(a)).toEqual(['b002', 'c003'])
    expect(remoteIds(b)).toEqual(['a001', 'c003'])
    expect(remoteIds(c)).toEqual(['a001', 'b002'])
    expect(openLinks(a).every((l) => l.direction === 'outbound')).toBe(true)
    expect(openLinks(c).every((l) => l.direction === 'inbound')).toBe(true)
    expect(a.stats.linksOpened + b.stats.linksOpened + c.stats.linksOpened).toBe(6)
    expect(a.discoveredPeers().map((p) => p.id).sort()).toEqual(['b002', 'c003'])
  })

  it('emits peer:discovered with a dialable id@host:port address', async () => {
    const clock = new RealClock()
    const bus = new MdnsBus()
    const a = createLanTransport({ clock, nodeId: 'a001', host: '127.0.0.1', port: 0, network: network(bus), autoConnect: false })
    started.push(a)
    const seen: string[] = []
    a.on('peer:discovered', (p) => seen.push(p.address))
    await a.start()
    const b = await make(clock, 'b002', bus)
    await until(() => seen.length > 0, 'discovery')
    expect(seen[0]).toBe(b.localAddress)
    // autoConnect off and b has the higher id: nobody dials.
    await new Promise((r) => setTimeout(r, 100))
    expect(openLinks(a)).toEqual([])
  })

  it('static peers dialled from both sides settle on the one link the lower id dialled', async () => {
    const clock = new RealClock()
    const [pa, pb] = [await freePort(), await freePort()]
    const mk = (nodeId: string, port: number, peer: number) => {
      const t = createLanTransport({ clock, nodeId, host: '127.0.0.1', port, network: network(), staticRetryMs: 50, discovery: { peers: [`127.0.0.1:${peer}`] } })
      started.push(t)
      return t
    }
    const a = mk('a0a0', pa, pb)
    const b = mk('b0b0', pb, pa)
    let opened = 0
    a.on('link:open', () => opened++)
    await Promise.all([a.start(), b.start()])
    await until(() => openLinks(a).length === 1 && openLinks(b).length === 1 && opened >= 1, 'one link each')
    await new Promise((r) => setTimeout(r, 300))
    expect(openLinks(a)).toHaveLength(1)
    expect(openLinks(b)).toHaveLength(1)
    // Whichever dials raced, the survivor is the one a0a0 (the lower id) dialled.
    expect(openLinks(a)[0]?.direction).toBe('outbound')
    expect(openLinks(b)[0]?.direction).toBe('inbound')
    // No churn: the static retry sees the peer linked and does not dial again.
    expect(opened).toBeLessThanOrEqual(2)
  })

  it('the lower id redials a discovered peer after the link drops', async () => {
    const clock = new RealClock()
    const bus = new MdnsBus()
    const a = await make(clock, 'a001', bus)
    const b = await make(clock, 'b002', bus)
    await until(() => openLinks(a).length === 1, 'first link')
    const first = openLinks(a)[0]!
    await openLinks(b)[0]!.close()
    await until(() => openLinks(a).length === 1 && openLinks(a)[0] !== first, 'a redial')
    expect(openLinks(a)[0]?.direction).toBe('outbound')
  })

  it('stop leaves no timers, says goodbye, and a restart works', async () => {
    const clock = new RealClock()
    const bus = new MdnsBus()
    const a = await make(clock, 'a001', bus)
    const b = await make(clock, 'b002', bus)
    await until(() => openLinks(a).length === 1, 'link')
    await a.stop()
    await until(() => b.discoveredPeers().length === 0 && openLinks(b).length === 0, 'goodbye and close at b')
    await b.stop()
    expect(clock.pendingTimers()).toBe(0)
    expect(bus.members).toBe(0)
    await a.start()
    expect(a.listeningPort).toBeGreaterThan(0)
  })

  it('runs on static peers alone when the mDNS socket cannot open', async () => {
    const clock = new RealClock()
    const errors: unknown[] = []
    const t = createLanTransport({
      clock,
      nodeId: 'a001',
      host: '127.0.0.1',
      port: 0,
      network: { ...network(), openMdns: () => Promise.reject(new Error('ENODEV')) },
    })
    started.push(t)
    t.on('error', (e) => errors.push(e))
    await t.start()
    expect(errors).toHaveLength(1)
    expect(t.discoveryStats).toBeUndefined()
    expect(t.listeningPort).toBeGreaterThan(0)
  })

  it('validates its options and dial addresses', async () => {
    const clock = new RealClock()
    expect(() => createLanTransport({ clock, network: network() })).toThrow(TypeError)
    expect(() => createLanTransport({ clock, network: network(), nodeId: 'XYZ' })).toThrow(TypeError)
    expect(() => createLanTransport({ clock, network: network(), nodeId: 'abcd', port: 70_000 })).toThrow(RangeError)
    expect(() => createLanTransport({ clock, network: network(), nodeId: 'abcd', serviceName: 'bitmesh' })).toThrow(TypeError)
    expect(() => createLanTransport({ clock, network: network(), nodeId: 'abcd', discovery: { peers: ['nope'] } })).toThrow(TypeError)
    const rng = { next: () => 0.5, randomBytes: (n: number) => new Uint8Array(n).fill(1) }
    expect(createLanTransport({ clock, network: network(), rng }).nodeId).toBe('01'.repeat(8))
    const t = await make(clock, 'a001')
    await expect(t.dial('nonsense')).rejects.toThrow(TypeError)
  })

  it('lanTransport (Node) advertises the bound host and dials over TCP', async () => {
    const clock = new RealClock()
    const a = lanTransport({ clock, nodeId: 'a001', host: '127.0.0.1', port: 0, discovery: { mdns: false } })
    const b = lanTransport({ clock, nodeId: 'b002', host: '127.0.0.1', port: 0, discovery: { mdns: false, peers: [] } })
    started.push(a, b)
    await a.start()
    await b.start()
    expect(b.localAddress).toBe(`b002@127.0.0.1:${b.listeningPort}`)
    const link = await a.dial(`127.0.0.1:${b.listeningPort}`)
    expect(link.remoteAddress).toBe(b.localAddress)
    expect(link.kind).toBe('lan')
  })
})
