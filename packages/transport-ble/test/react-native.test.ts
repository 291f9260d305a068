/**
 * The react-native-ble-plx central adapter against a fake BleManager whose devices are
 * peripherals on the simulated radio (nothing React Native runs here): the real BLE transport
 * and link code dial a simulated bitchat peripheral through the adapter.
 */
import { ErrorCode, type LinkCloseReason } from '@bitmesh/interface'
import { runTransportCompliance } from '@bitmesh/transport-compliance'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BITCHAT_SERVICE_UUID, bleTransport, createSimulatedBleAdapter, SimulatedBleRadio } from '../src/index.js'
import { base64ToBytes, blePlxAdapter, bytesToBase64, type BlePlxError } from '../src/react-native/index.js'
import { BleErrorCode, FakeBleManager } from './fakes/ble-plx.js'
import { centralComplianceEnv, phoneOnRadio, until } from './helpers/central-harness.js'
import { pattern } from './helpers/world.js'
import { seededRng, TestClock } from './helpers/virtual.js'

describe('base64 (bridge values)', () => {
  it('round-trips and matches RFC 4648 (Node Buffer as the reference)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const text = bytesToBase64(bytes)
        expect(text).toBe(Buffer.from(bytes).toString('base64'))
        expect(base64ToBytes(text)).toEqual(bytes)
      }),
    )
  })

  it('decodes RFC 4648 §10 vectors, unpadded input too, and rejects non-base64', () => {
    const vectors: Array<[string, string]> = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']]
    for (const [plain, encoded] of vectors) {
      expect(bytesToBase64(new TextEncoder().encode(plain))).toBe(encoded)
      expect(new TextDecoder().decode(base64ToBytes(encoded)!)).toBe(plain)
    }
    expect(base64ToBytes('Zm8')).toEqual(new TextEncoder().encode('fo'))
    for (const bad of ['Z', 'Zm9v$', 'Zg===', 'Zé==', 'Zm 9v']) expect(base64ToBytes(bad)).toBeNull()
  })
})

function makeRnWorld(opts: { platform?: 'android' | 'ios'; peerId?: Uint8Array; autoConnect?: boolean } = {}) {
  const { clock, rng, radio, phone } = phoneOnRadio(41, opts.peerId)
  const manager = new FakeBleManager(radio, 'rn-app', opts.platform ?? 'android')
  const errors: BlePlxError[] = []
  const adapter = blePlxAdapter({ manager, onError: (e) => errors.push(e) })
  const app = bleTransport({ adapter, clock, rng, autoConnect: opts.autoConnect ?? true })
  return { clock, radio, phone, manager, adapter, app, errors }
}

describe('blePlxAdapter', () => {
  it('needs a manager and is central only', () => {
    expect(() => blePlxAdapter({} as never)).toThrow(TypeError)
    const { adapter } = makeRnWorld()
    expect(adapter.roles).toEqual({ central: true, peripheral: false })
  })

  it('scans for the service, dials, negotiates 517 on Android and carries base64 frames both ways', async () => {
    const peerId = Uint8Array.of(9, 8, 7, 6, 5, 4, 3, 2)
    const { clock, phone, app, manager } = makeRnWorld({ peerId })
    const seen: Array<{ address: string; rssiDbm?: number; advertisement?: Uint8Array }> = []
    app.on('peer:discovered', (d) => seen.push(d))
    await phone.start()
    await app.start()
    await until(clock, () => app.links.length === 1 && phone.links.length === 1)
    expect(manager.calls[0]).toBe(`startDeviceScan ${BITCHAT_SERVICE_UUID} dup=true`)
    expect(seen[0]).toEqual({ address: 'phone', rssiDbm: -60, advertisement: peerId })
    expect(manager.calls).toContain('requestMTUForDevice phone 517')
    const appLink = app.links[0]!
    const phoneLink = phone.links[0]!
    expect([appLink.direction, appLink.mtu, appLink.remoteAddress]).toEqual(['outbound', 514, 'phone'])
    expect([phoneLink.direction, phoneLink.mtu, phoneLink.remoteAddress]).toEqual(['inbound', 514, 'rn-app'])
    const atApp: Uint8Array[] = []
    const atPhone: Uint8Array[] = []
    appLink.on('frame', (f) => atApp.push(f))
    phoneLink.on('frame', (f) => atPhone.push(f))
    appLink.send(pattern(514, 1))
    phoneLink.send(pattern(514, 2))
    phoneLink.send(pattern(1, 3))
    await clock.advance(500)
    expect(atPhone).toEqual([pattern(514, 1)])
    expect(atApp).toEqual([pattern(514, 2), pattern(1, 3)])
    expect(phone.stats.discoveries).toBe(0) // the app never advertised
    await app.stop()
    expect(manager.activeSubscriptions).toBe(0)
    expect(manager.calls).toContain('cancelDeviceConnection phone')
    await phone.stop()
    expect(clock.pendingTimers()).toBe(0)
  })

  it('on iOS reports the MTU CoreBluetooth negotiated (requestMTU is a no-op there)', async () => {
    const { clock, phone, app } = makeRnWorld({ platform: 'ios' })
    await phone.start()
    await app.start()
    await until(clock, () => app.links.length === 1)
    expect(app.links[0]!.mtu).toBe(182)
    await app.stop()
    await phone.stop()
  })

  it('closes the link with reason remote when the device disconnects, and removes every subscription', async () => {
    const { clock, phone, app, manager } = makeRnWorld()
    await phone.start()
    await app.start()
    await until(clock, () => app.links.length === 1)
    const reasons: LinkCloseReason[] = []
    app.links[0]!.on('close', ({ reason }) => reasons.push(reason))
    await phone.stop()
    await clock.advance(100)
    expect(reasons).toEqual(['remote'])
    expect(manager.activeSubscriptions).toBe(0)
    await app.stop()
  })

  it('closes the link when the notification subscription fails (no half links)', async () => {
    const { clock, phone, app, manager } = makeRnWorld({ autoConnect: false })
    await phone.start()
    await app.start()
    manager.failNextMonitor = true
    const reasons: LinkCloseReason[] = []
    app.on('link:close', ({ reason }) => reasons.push(reason))
    const dialling = app.dial('phone')
    dialling.catch(() => {})
    await clock.advance(300)
    // The CCCD write fails right after subscribe(): the link opens, then closes at once.
    await expect(dialling).resolves.toMatchObject({ status: 'closed' })
    expect(reasons).toEqual(['error'])
    expect(app.links).toHaveLength(0)
    expect(manager.calls.at(-1)).toBe('cancelDeviceConnection phone')
    expect(phone.links).toHaveLength(0)
    await app.stop()
    await phone.stop()
  })

  it('aborting a dial cancels the pending connection', async () => {
    const { clock, phone, app, manager } = makeRnWorld({ autoConnect: false })
    await phone.start()
    await app.start()
    const controller = new AbortController()
    const dialling = app.dial('phone', { signal: controller.signal })
    dialling.catch(() => {})
    await clock.advance(10)
    controller.abort()
    await expect(dialling).rejects.toMatchObject({ code: ErrorCode.ABORTED })
    await clock.advance(500)
    expect(manager.calls).toContain('cancelDeviceConnection phone')
    expect(app.links).toHaveLength(0)
    expect(phone.links).toHaveLength(0)
    await app.stop()
    await phone.stop()
  })

  it('reports scan errors (Bluetooth off) through onError', async () => {
    const { clock, app, manager, errors } = makeRnWorld()
    await app.start()
    await clock.advance(10)
    manager.powerOff()
    expect(errors.map((e) => e.errorCode)).toEqual([BleErrorCode.BluetoothPoweredOff])
    await app.stop()
  })
})

runTransportCompliance({
  name: 'ble (react-native-ble-plx central over a fake BleManager → simulated peripheral)',
  async setup() {
    const clock = new TestClock()
    const rng = seededRng(43)
    const radio = new SimulatedBleRadio({ clock, rng })
    const manager = new FakeBleManager(radio, 'rn-a')
    const a = bleTransport({ adapter: blePlxAdapter({ manager }), clock, rng, autoConnect: false })
    const b = bleTransport({ adapter: createSimulatedBleAdapter(radio, { address: 'sim-b' }), clock, rng, autoConnect: false })
    await a.start()
    await b.start()
    return centralComplianceEnv(a, b, clock, 'sim-b', 'ble-plx')
  },
})
