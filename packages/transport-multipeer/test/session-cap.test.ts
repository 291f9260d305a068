/**
 * MultipeerConnectivity's session cap (8 peers including the local one) and the two send modes,
 * over the Node adapter: real TCP for reliable messages, real UDP for unreliable ones.
 */
import type { Link } from '@bitmesh/interface'
import { afterEach, describe, expect, it } from 'vitest'
import { multipeerTransport, type MultipeerTransport } from '../src/index.js'
import { memoryDirectory, nodeMultipeerAdapter } from '../src/node/index.js'
import { RealClock } from '../../stream-link/test/helpers/real.js'

const started: MultipeerTransport[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.stop()))
})

async function peers(n: number, clock: RealClock) {
  const directory = memoryDirectory()
  const out: MultipeerTransport[] = []
  for (let i = 0; i < n; i++) {
    const t = multipeerTransport({ adapter: nodeMultipeerAdapter({ peerId: `p${i}`, directory, clock }), clock })
    await t.start()
    started.push(t)
    out.push(t)
  }
  return out
}

function inboundOf(t: MultipeerTransport): Promise<Link> {
  return new Promise((resolve) => {
    const off = t.on('link:open', (l) => {
      off()
      resolve(l)
    })
  })
}

describe('multipeer session of eight peers', () => {
  it('a hub takes seven peers (8 with itself), refuses an eighth, and every link carries frames both ways', async () => {
    const clock = new RealClock()
    const [hub, ...others] = await peers(9, clock)
    const members = others.slice(0, 7)
    const extra = others[7]!
    const links = await Promise.all(members.map(async (m, i) => {
      const inbound = inboundOf(hub!)
      const out = await m.dial('p0')
      return { m, out, i, inbound: await inbound }
    }))
    expect(hub!.links).toHaveLength(7)
    expect(hub!.freeSlots).toBe(0)
    expect(hub!.stats.invitationsAccepted).toBe(7)
    // The ninth device is declined by the full hub…
    await expect(extra.dial('p0')).rejects.toMatchObject({ code: 'CLOSED' })
    expect(hub!.stats.invitationsDeclined).toBe(1)
    // …and the hub itself cannot invite anyone more.
    await expect(hub!.dial('p8')).rejects.toMatchObject({ code: 'CAPACITY_EXCEEDED' })
    expect(hub!.links).toHaveLength(7)
    // Every member ↔ hub link works both ways.
    const received = new Map<string, number[]>()
    for (const l of hub!.links) l.on('frame', (f) => received.set(l.remoteAddress, [...(received.get(l.remoteAddress) ?? []), f[0]!]))
    const echoes = links.map(({ out }) => new Promise<number>((resolve) => out.on('frame', (f) => resolve(f[0]!))))
    for (const { out, i } of links) out.send(Uint8Array.of(i, 1, 2, 3))
    for (const l of hub!.links) l.send(Uint8Array.of(100 + Number(l.remoteAddress.slice(1))))
    expect((await Promise.all(echoes)).sort()).toEqual([101, 102, 103, 104, 105, 106, 107])
    await expect.poll(() => received.size).toBe(7)
    for (let i = 0; i < 7; i++) expect(received.get(`p${i + 1}`)).toEqual([i])
    // A slot frees when a member leaves, and the ninth device gets in.
    const inbound = inboundOf(hub!)
    await links[0]!.out.close()
    await expect.poll(() => hub!.links.length).toBe(6)
    const late = await extra.dial('p0')
    expect((await inbound).remoteAddress).toBe('p8')
    expect(late.status).toBe('open')
  })

  it('unreliable frames travel as UDP datagrams; reliable ones over TCP; oversize unreliable frames are refused', async () => {
    const clock = new RealClock()
    const [a, b] = await peers(2, clock)
    const inbound = inboundOf(b!)
    const link = await a!.dial('p1')
    const there = await inbound
    const got: number[] = []
    there.on('frame', (f) => got.push(f[0]!))
    a!.sendUnreliable(link, Uint8Array.of(7, 7))
    link.send(Uint8Array.of(9))
    await expect.poll(() => got.length).toBe(2)
    expect(got.sort()).toEqual([7, 9])
    expect(a!.stats.unreliableSent).toBe(1)
    expect(b!.stats.unreliableReceived).toBe(1)
    expect(() => a!.sendUnreliable(link, new Uint8Array(1_401))).toThrow(expect.objectContaining({ code: 'FRAME_TOO_LARGE' }))
    await link.close()
    expect(() => a!.sendUnreliable(link, Uint8Array.of(1))).toThrow(expect.objectContaining({ code: 'CLOSED' }))
  })

  it('discovers advertised peers with their discovery info', async () => {
    const clock = new RealClock()
    const directory = memoryDirectory()
    const a = multipeerTransport({ adapter: nodeMultipeerAdapter({ peerId: 'a', directory, clock, discoveryIntervalMs: 20 }), clock })
    const b = multipeerTransport({ adapter: nodeMultipeerAdapter({ peerId: 'b', directory, clock }), clock, discoveryInfo: { v: '1' } })
    started.push(a, b)
    const seen: { address: string; advertisement?: Uint8Array }[] = []
    a.on('peer:discovered', (d) => seen.push(d))
    await a.start()
    await b.start()
    await expect.poll(() => seen.length).toBeGreaterThan(0)
    expect(seen[0]!.address).toBe('b')
    expect(new TextDecoder().decode(seen[0]!.advertisement)).toBe('v=1')
  })

  it('refuses a session size above Apple’s limit', () => {
    const clock = new RealClock()
    expect(() => multipeerTransport({ adapter: nodeMultipeerAdapter({ peerId: 'x', directory: memoryDirectory(), clock }), clock, maxSessionPeers: 9 })).toThrow(RangeError)
  })
})
