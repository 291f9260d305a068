/** Wi-Fi Direct specifics beyond the compliance suite: roles, discovery, UDP broadcast, hostile streams. */
import { createConnection } from 'node:net'
import type { Link } from '@bitmesh/interface'
import { encodeStreamPreface } from '@bitmesh/wire-format'
import { afterEach, describe, expect, it } from 'vitest'
import { SimulatedWifiP2pWorld, wifiDirectTransport, type WifiDirectTransport } from '../src/index.js'
import { memoryDirectory, nodeWifiP2pAdapter } from '../src/node/index.js'
import { RealClock } from '../../stream-link/test/helpers/real.js'
import { TestClock } from '../../stream-link/test/helpers/virtual.js'

const running: WifiDirectTransport[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.stop()))
})

function nodePair(clock = new RealClock()) {
  const directory = memoryDirectory()
  const owner = wifiDirectTransport({ adapter: nodeWifiP2pAdapter({ deviceAddress: 'owner', directory, clock, discoveryIntervalMs: 20 }), role: 'owner', clock, port: 0, prefaceTimeoutMs: 200 })
  const member = wifiDirectTransport({ adapter: nodeWifiP2pAdapter({ deviceAddress: 'member', directory, clock, discoveryIntervalMs: 20 }), role: 'member', clock })
  running.push(owner, member)
  return { owner, member, clock }
}

function nextLink(t: WifiDirectTransport): Promise<Link> {
  return new Promise((resolve) => {
    const off = t.on('link:open', (l) => {
      off()
      resolve(l)
    })
  })
}

describe('wifi-direct transport', () => {
  it('members discover the owner; the owner refuses to dial (UNSUPPORTED); a member without a group fails with CLOSED', async () => {
    const clock = new TestClock()
    const world = new SimulatedWifiP2pWorld({ clock, groupFormationMs: 50 })
    const owner = wifiDirectTransport({ adapter: world.adapter('owner'), role: 'owner', clock })
    const member = wifiDirectTransport({ adapter: world.adapter('member'), role: 'member', clock })
    const lonely = wifiDirectTransport({ adapter: world.adapter('lonely'), role: 'member', clock })
    running.push(owner, member, lonely)
    const seen: string[] = []
    member.on('peer:discovered', (d) => seen.push(d.address))
    await owner.start()
    await member.start()
    await lonely.start()
    await clock.advance(10)
    expect(seen.sort()).toEqual(['lonely', 'owner'])
    await expect(owner.dial('member')).rejects.toMatchObject({ code: 'UNSUPPORTED' })
    const failing = member.dial('lonely')
    await clock.advance(100)
    await expect(failing).rejects.toMatchObject({ code: 'CLOSED' })
    expect(member.stats.dialFailures).toBe(1)
    const dialling = member.dial('owner')
    await clock.advance(100)
    const link = await dialling
    expect(link.remoteAddress).toBe('owner')
    expect(owner.links[0]!.remoteAddress).toBe('member')
  })

  it('a dial that exceeds the connect timeout rejects with TIMEOUT and leaves nothing behind', async () => {
    const clock = new TestClock()
    const world = new SimulatedWifiP2pWorld({ clock, groupFormationMs: 60_000 })
    const owner = wifiDirectTransport({ adapter: world.adapter('owner'), role: 'owner', clock })
    const member = wifiDirectTransport({ adapter: world.adapter('member'), role: 'member', clock, connectTimeoutMs: 1_000 })
    running.push(owner, member)
    await owner.start()
    await member.start()
    const dialling = member.dial('owner')
    dialling.catch(() => {})
    await clock.advance(1_000)
    await expect(dialling).rejects.toMatchObject({ code: 'TIMEOUT' })
    expect(member.links).toHaveLength(0)
  })

  it('broadcast sends one UDP datagram per linked peer; it arrives as a frame on the link', async () => {
    const { owner, member } = nodePair()
    await owner.start()
    await member.start()
    const inbound = nextLink(owner)
    const link = await member.dial('owner')
    const there = await inbound
    const atOwner: number[] = []
    const atMember: number[] = []
    there.on('frame', (f) => atOwner.push(...f))
    link.on('frame', (f) => atMember.push(...f))
    expect(member.broadcast(Uint8Array.of(1, 2, 3))).toBe(1)
    expect(owner.broadcast(Uint8Array.of(4))).toBe(1)
    await expect.poll(() => atOwner.length + atMember.length).toBe(4)
    expect(atOwner).toEqual([1, 2, 3])
    expect(atMember).toEqual([4])
    expect(owner.stats.datagramsReceived).toBe(1)
    expect(() => member.broadcast(new Uint8Array(1_401))).toThrow(expect.objectContaining({ code: 'FRAME_TOO_LARGE' }))
  })

  it('refuses a non-BitMesh client at its first bytes and a silent one after the preface timeout', async () => {
    const { owner } = nodePair()
    await owner.start()
    const port = owner.listeningPort!
    const closed = (write?: Uint8Array) =>
      new Promise<void>((resolve) => {
        const s = createConnection({ host: '127.0.0.1', port }, () => write && s.write(write))
        s.on('error', () => {})
        s.resume() // read (and drop) the server's preface so the FIN is seen
        s.on('close', () => resolve())
      })
    await closed(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'))
    await closed()
    expect(owner.links).toHaveLength(0)
    expect(owner.stats.framingErrors).toBe(1)
  })

  it('closes a link with reason error and a typed DecodeError when the peer declares an oversized frame', async () => {
    const { owner } = nodePair()
    await owner.start()
    const inbound = nextLink(owner)
    const socket = createConnection({ host: '127.0.0.1', port: owner.listeningPort! })
    socket.on('error', () => {})
    socket.write(encodeStreamPreface({ maxFrameBytes: 1024, datagramPort: 0, label: 'rogue' }))
    const link = await inbound
    expect(link.remoteAddress).toBe('rogue')
    expect(link.mtu).toBe(1024)
    const closed = new Promise<{ reason: string; error?: unknown }>((r) => link.on('close', r))
    socket.write(Uint8Array.of(0xff, 0xff, 0xff, 0xff))
    const { reason, error } = await closed
    expect(reason).toBe('error')
    expect(error).toMatchObject({ code: 'DECODE_ERROR', reason: 'BAD_LENGTH' })
    expect(owner.stats.framingErrors).toBe(1)
    socket.destroy()
  })
})
