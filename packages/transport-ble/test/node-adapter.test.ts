import { ErrorCode, type Link } from '@bitmesh/interface'
import { describe, expect, it } from 'vitest'
import { bleTransport, buildAdvertisingData, nodeBleAdapter, BITCHAT_SERVICE_UUID } from '../src/index.js'
import { FakeAir } from './fakes/noble-bleno.js'
import { flush, seededRng, TestClock } from './helpers/virtual.js'

function twoHosts(options: { peerIdB?: Uint8Array } = {}) {
  const air = new FakeAir()
  const clock = new TestClock()
  const rng = seededRng(5)
  const da = air.device('aa:aa:aa:aa:aa:01')
  const db = air.device('bb:bb:bb:bb:bb:02')
  const a = bleTransport({ adapter: nodeBleAdapter({ load: da.load, localAddress: da.noble.address }), clock, rng, autoConnect: false })
  const b = bleTransport({
    adapter: nodeBleAdapter({ load: db.load, localAddress: db.noble.address }),
    clock,
    rng,
    autoConnect: false,
    ...(options.peerIdB && { advertisedPeerId: options.peerIdB }),
  })
  return { air, clock, da, db, a, b }
}

describe('nodeBleAdapter over faithful noble/bleno fakes', () => {
  it('loads the libraries lazily, once, on start', async () => {
    const h = twoHosts()
    expect(h.air.loads).toBe(0)
    await h.a.start()
    expect(h.air.loads).toBe(1)
    await h.a.stop()
    await h.a.start()
    expect(h.air.loads).toBe(1)
    await h.a.stop()
  })

  it('waits for poweredOn and fails with UNSUPPORTED when Bluetooth is unsupported', async () => {
    const h = twoHosts()
    h.da.noble.state = 'poweredOff'
    let started = false
    const starting = h.a.start().then(() => (started = true))
    await flush()
    expect(started).toBe(false)
    h.da.noble.setState('poweredOn')
    await starting
    expect(started).toBe(true)
    await h.a.stop()

    const air = new FakeAir()
    const d = air.device('cc:cc:cc:cc:cc:03')
    d.bleno.state = 'unknown'
    const t = bleTransport({ adapter: nodeBleAdapter({ load: d.load }), clock: new TestClock(), rng: seededRng(1) })
    const failing = t.start().catch((e: unknown) => e)
    await flush()
    d.bleno.setState('unsupported')
    expect(await failing).toMatchObject({ code: ErrorCode.UNSUPPORTED })
    // Already unsupported: fails at once; the failed load is not cached.
    await expect(t.start()).rejects.toMatchObject({ code: ErrorCode.UNSUPPORTED })
    expect(air.loads).toBe(2)
  })

  it('advertises like bitchat Android: flags + 128-bit service UUID; scan response = service data with the peer ID', async () => {
    const peerId = Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4)
    const h = twoHosts({ peerIdB: peerId })
    await h.b.start()
    const adv = h.db.bleno.advertising!
    expect(adv.adv.toString('hex')).toBe('020106' + '1107' + '5c4b3a2c1d8e3f9b5a4c9e4a2d5e7bf4')
    expect(adv.scan.toString('hex')).toBe('1921' + '5c4b3a2c1d8e3f9b5a4c9e4a2d5e7bf4' + 'deadbeef01020304')
    expect(buildAdvertisingData(BITCHAT_SERVICE_UUID).scanResponse).toHaveLength(0)
    // The bitchat characteristic is served with bitchat's properties.
    const ch = h.db.bleno.services[0]!.characteristics[0]!
    expect(h.db.bleno.services[0]!.uuid).toBe('f47b5e2d4a9e4c5a9b3f8e1d2c3a4b5c')
    expect(ch.uuid).toBe('a1b2c3d4e5f64a5b8c9d0e1f2a3b4c5d')
    expect(ch.properties).toEqual(['read', 'write', 'writeWithoutResponse', 'notify'])
    // A scanner sees the peer ID as service data.
    const seen: Array<{ address: string; advertisement?: Uint8Array }> = []
    h.a.on('peer:discovered', (d) => seen.push(d))
    await h.a.start()
    h.air.advertiseAll()
    expect(seen).toEqual([{ address: 'bb:bb:bb:bb:bb:02', rssiDbm: -60, advertisement: peerId }])
    await h.a.stop()
    await h.b.stop()
  })

  it('opens a link (noble central → bleno peripheral) at noble’s MTU 256 − 3 and moves frames both ways', async () => {
    const h = twoHosts()
    await h.a.start()
    await h.b.start()
    h.air.advertiseAll()
    const inbound = new Promise<Link>((resolve) => h.b.on('link:open', resolve))
    const la = await h.a.dial('bb:bb:bb:bb:bb:02')
    const lb = await inbound
    expect(la.mtu).toBe(253)
    expect(lb.mtu).toBe(253)
    expect(lb.remoteAddress).toBe('aa:aa:aa:aa:aa:01')
    const atB: number[][] = []
    const atA: number[][] = []
    lb.on('frame', (f) => atB.push([...f]))
    la.on('frame', (f) => atA.push([...f]))
    la.send(Uint8Array.of(1, 2, 3))
    lb.send(Uint8Array.of(4, 5))
    la.send(new Uint8Array(253).fill(7))
    await flush()
    expect(atB).toEqual([[1, 2, 3], new Array(253).fill(7)])
    expect(atA).toEqual([[4, 5]])
    expect(() => la.send(new Uint8Array(254))).toThrow(expect.objectContaining({ code: 'FRAME_TOO_LARGE' }))
    // Central closes: the peripheral's link closes as remote.
    const closed = new Promise<string>((resolve) => lb.on('close', ({ reason }) => resolve(reason)))
    await la.close()
    expect(await closed).toBe('remote')
    await h.a.stop()
    await h.b.stop()
  })

  it('peripheral-side close and bleno.disconnect reach the central', async () => {
    const h = twoHosts()
    await h.a.start()
    await h.b.start()
    h.air.advertiseAll()
    const inbound = new Promise<Link>((resolve) => h.b.on('link:open', resolve))
    const la = await h.a.dial('bb:bb:bb:bb:bb:02')
    const lb = await inbound
    const closed = new Promise<string>((resolve) => la.on('close', ({ reason }) => resolve(reason)))
    await lb.close()
    expect(await closed).toBe('remote')
    expect(h.a.links).toHaveLength(0)
    await h.a.stop()
    await h.b.stop()
  })

  it('learns its local address from the controller when not configured', async () => {
    const air = new FakeAir()
    const d = air.device('AA:BB:CC:00:00:09')
    const adapter = nodeBleAdapter({ load: d.load })
    expect(adapter.localAddress).toBeUndefined()
    const t = bleTransport({ adapter, clock: new TestClock(), rng: seededRng(1) })
    await t.start()
    expect(adapter.localAddress).toBe('aa:bb:cc:00:00:09')
    await t.stop()
    expect(nodeBleAdapter({ load: d.load, localAddress: 'x' }).localAddress).toBe('x')
  })

  it('dialling an address never discovered fails with a typed error', async () => {
    const h = twoHosts()
    await h.a.start()
    await expect(h.a.dial('ff:ff:ff:ff:ff:ff')).rejects.toMatchObject({ code: ErrorCode.TIMEOUT })
    await h.a.stop()
  })

  it('stop removes its bleno/noble listeners', async () => {
    const h = twoHosts()
    await h.a.start()
    h.air.advertiseAll()
    await h.a.stop()
    expect(h.da.bleno.listenerCount('accept')).toBe(0)
    expect(h.da.bleno.listenerCount('disconnect')).toBe(0)
    expect(h.da.bleno.listenerCount('mtuChange')).toBe(0)
    expect(h.da.noble.listenerCount('discover')).toBe(0)
    expect(h.da.noble.scanning).toBeUndefined()
    expect(h.da.bleno.advertising).toBeUndefined()
  })
})
