/** Hotspot specifics beyond the compliance suite: roles, credentials, joining. */
import { describe, expect, it } from 'vitest'
import { hotspotTransport, SimulatedHotspotWorld } from '../src/index.js'
import { memoryDirectory, nodeHotspotAdapter } from '../src/node/index.js'
import { RealClock } from '../../stream-link/test/helpers/real.js'
import { seededRng, TestClock } from '../../stream-link/test/helpers/virtual.js'

describe('hotspot transport', () => {
  it('a head publishes credentials with its LAN address and bound port; members need credentials to dial', async () => {
    const clock = new TestClock()
    const world = new SimulatedHotspotWorld({ clock, rng: seededRng(3), joinMs: 100 })
    const head = hotspotTransport({ adapter: world.adapter('head'), role: 'head', clock })
    const member = hotspotTransport({ adapter: world.adapter('member'), role: 'member', clock })
    await head.start()
    await member.start()
    const creds = head.credentials!
    expect(creds.ssid).toMatch(/^DIRECT-bm-[A-Za-z0-9]{6}$/)
    expect(creds.passphrase).toHaveLength(16)
    expect(creds.host).toBe('192.168.42.1')
    expect(creds.port).toBe(8989)
    await expect(member.dial(creds.ssid)).rejects.toMatchObject({ code: 'UNSUPPORTED' })
    await expect(head.dial('member')).rejects.toMatchObject({ code: 'UNSUPPORTED' })
    const discovered: string[] = []
    member.on('peer:discovered', (d) => discovered.push(d.address))
    member.useCredentials(creds)
    expect(discovered).toEqual([creds.ssid])
    const dialling = member.dial(creds.ssid)
    await clock.advance(200)
    const link = await dialling
    expect(link.kind).toBe('hotspot')
    expect(head.links[0]!.remoteAddress).toBe('member')
    await member.stop()
    await head.stop()
    expect(head.credentials).toBeUndefined()
    await clock.advance(100) // the graceful TCP close (FIN after the last byte) takes one latency
    expect(clock.pendingTimers()).toBe(0)
  })

  it('a wrong passphrase is refused with AUTH_FAILED (simulated WPA2 and Node emulation alike)', async () => {
    const clock = new TestClock()
    const world = new SimulatedHotspotWorld({ clock, rng: seededRng(4), joinMs: 100 })
    const head = hotspotTransport({ adapter: world.adapter('head'), role: 'head', clock })
    const member = hotspotTransport({ adapter: world.adapter('member'), role: 'member', clock })
    await head.start()
    await member.start()
    member.useCredentials({ ...head.credentials!, passphrase: 'not the passphrase' })
    const dialling = member.dial(head.credentials!.ssid)
    dialling.catch(() => {})
    await clock.advance(200)
    await expect(dialling).rejects.toMatchObject({ code: 'AUTH_FAILED' })
    await member.stop()
    await head.stop()

    const real = new RealClock()
    const directory = memoryDirectory()
    const nodeHead = hotspotTransport({ adapter: nodeHotspotAdapter({ label: 'h', directory, rng: seededRng(1) }), role: 'head', clock: real, port: 0 })
    const nodeMember = hotspotTransport({ adapter: nodeHotspotAdapter({ label: 'm', directory, rng: seededRng(2) }), role: 'member', clock: real })
    await nodeHead.start()
    await nodeMember.start()
    nodeMember.useCredentials({ ...nodeHead.credentials!, passphrase: 'nope' })
    await expect(nodeMember.dial(nodeHead.credentials!.ssid)).rejects.toMatchObject({ code: 'AUTH_FAILED' })
    nodeMember.useCredentials(nodeHead.credentials!)
    const link = await nodeMember.dial(nodeHead.credentials!.ssid)
    expect(link.status).toBe('open')
    await nodeMember.stop()
    await nodeHead.stop()
  })

  it('useCredentials is for members only', () => {
    const clock = new TestClock()
    const world = new SimulatedHotspotWorld({ clock, rng: seededRng(5) })
    const head = hotspotTransport({ adapter: world.adapter('head'), role: 'head', clock })
    expect(() => head.useCredentials({ ssid: 's', passphrase: 'p', host: 'h', port: 1 })).toThrow(TypeError)
  })
})
