/**
 * The Web Bluetooth central adapter against a double of `navigator.bluetooth` whose devices are
 * peripherals on the simulated radio: a web central talks to a simulated bitchat peripheral
 * through the real BLE transport and link code. (No browser here; see web-bluetooth.browser.test.ts
 * for what real Chromium reports.)
 */
import { ErrorCode, FrameTooLargeError, isBitMeshError, type LinkCloseReason } from '@bitmesh/interface'
import { runTransportCompliance } from '@bitmesh/transport-compliance'
import { describe, expect, it } from 'vitest'
import { BITCHAT_SERVICE_UUID, bleTransport, createSimulatedBleAdapter, SimulatedBleRadio, type BleTransport } from '../src/index.js'
import {
  detectWebBluetooth,
  WEB_BLUETOOTH_ASSUMED_RSSI_DBM,
  WEB_BLUETOOTH_ATT_MTU,
  webBluetoothAdapter,
  WebBluetoothUnavailableError,
  type BluetoothLike,
  type WebBluetoothAdapter,
} from '../src/web-bluetooth/index.js'
import { FakeBluetooth, type FakeDevice } from './fakes/web-bluetooth.js'
import { centralComplianceEnv, phoneOnRadio, until } from './helpers/central-harness.js'
import { pattern } from './helpers/world.js'
import { seededRng, TestClock } from './helpers/virtual.js'

/** One radio; a simulated bitchat phone (dual role) and a web page's Web Bluetooth. */
function makeWebWorld(opts: { leScan?: boolean; peerId?: Uint8Array; autoConnect?: boolean } = {}) {
  const { clock, rng, radio, phone } = phoneOnRadio(21, opts.peerId)
  const bluetooth = new FakeBluetooth(radio, 'browser', clock, { leScan: opts.leScan ?? false })
  const adapter = webBluetoothAdapter({ bluetooth, clock })
  const web = bleTransport({ adapter, clock, rng, autoConnect: opts.autoConnect ?? true })
  return { clock, radio, phone, bluetooth, adapter, web }
}

/** Click: run `fn` with transient user activation while virtual time passes. */
async function withGesture<T>(bluetooth: FakeBluetooth, clock: TestClock, fn: () => Promise<T>): Promise<T> {
  bluetooth.userActivation = true
  const p = fn()
  bluetooth.userActivation = false
  let settled = false
  p.then(
    () => (settled = true),
    () => (settled = true),
  )
  for (let i = 0; i < 100 && !settled; i++) await clock.advance(100)
  return p
}

describe('detectWebBluetooth', () => {
  it('reports no API where navigator.bluetooth is missing (Node)', async () => {
    expect(await detectWebBluetooth()).toEqual({ api: false, available: false, leScan: false, grantedDevices: false })
  })

  it('reports availability and the optional parts of a given object', async () => {
    const clock = new TestClock()
    const radio = new SimulatedBleRadio({ clock, rng: seededRng(1) })
    expect(await detectWebBluetooth(new FakeBluetooth(radio, 'x', clock, { leScan: true }))).toEqual({ api: true, available: true, leScan: true, grantedDevices: true })
    expect(await detectWebBluetooth(new FakeBluetooth(radio, 'y', clock, { available: false, getDevices: false }))).toEqual({
      api: true,
      available: false,
      leScan: false,
      grantedDevices: false,
    })
  })

  it('treats a throwing getAvailability as unavailable and a missing one as unknown', async () => {
    const base = { requestDevice: () => Promise.reject(new Error('no')) }
    expect((await detectWebBluetooth({ ...base, getAvailability: () => Promise.reject(new Error('policy')) })).available).toBe(false)
    expect((await detectWebBluetooth(base as BluetoothLike)).available).toBeUndefined()
  })
})

describe('webBluetoothAdapter', () => {
  it('throws a typed UNSUPPORTED error without Web Bluetooth', () => {
    let error: unknown
    try {
      webBluetoothAdapter()
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(WebBluetoothUnavailableError)
    expect(isBitMeshError(error) && error.code).toBe(ErrorCode.UNSUPPORTED)
  })

  it('refuses an ATT MTU the browser could not carry', () => {
    const { bluetooth } = makeWebWorld()
    expect(() => webBluetoothAdapter({ bluetooth, attMtu: 22 })).toThrow(RangeError)
    expect(() => webBluetoothAdapter({ bluetooth, attMtu: 516 })).toThrow(RangeError) // 513-byte writes > 512
    expect(webBluetoothAdapter({ bluetooth, attMtu: 515 }).roles).toEqual({ central: true, peripheral: false })
  })

  it('asks the chooser for the bitchat service in lower case, and needs a user gesture', async () => {
    const { clock, phone, bluetooth, adapter } = makeWebWorld()
    await phone.start()
    await expect(adapter.requestDevice()).rejects.toMatchObject({ name: 'SecurityError' })
    const id = await withGesture(bluetooth, clock, () => adapter.requestDevice())
    const lower = BITCHAT_SERVICE_UUID.toLowerCase()
    expect(bluetooth.requestDeviceCalls.at(-1)).toEqual({ filters: [{ services: [lower] }], optionalServices: [lower] })
    expect(id).not.toBe('phone') // an opaque per-origin id, not the radio address
    expect(adapter.devices).toEqual([id])
    await phone.stop()
  })

  it('surfaces the chooser being cancelled (nothing in range)', async () => {
    const { clock, bluetooth, adapter } = makeWebWorld()
    await expect(withGesture(bluetooth, clock, () => adapter.requestDevice())).rejects.toMatchObject({ name: 'NotFoundError' })
    expect(adapter.devices).toEqual([])
  })
})

describe('bleTransport over webBluetoothAdapter ↔ simulated bitchat peripheral', () => {
  async function linked(opts: Parameters<typeof makeWebWorld>[0] = {}) {
    const w = makeWebWorld(opts)
    await w.phone.start()
    await w.web.start()
    const id = await withGesture(w.bluetooth, w.clock, () => w.adapter.requestDevice())
    await until(w.clock, () => w.web.links.length === 1 && w.phone.links.length === 1)
    return { ...w, id, webLink: w.web.links[0]!, phoneLink: w.phone.links[0]! }
  }

  it('dials the granted device and carries whole frames both ways', async () => {
    const { clock, web, phone, id, webLink, phoneLink, bluetooth } = await linked()
    expect(webLink.direction).toBe('outbound')
    expect(webLink.remoteAddress).toBe(id)
    expect(webLink.mtu).toBe(WEB_BLUETOOTH_ATT_MTU - 3)
    expect(phoneLink.direction).toBe('inbound')
    expect(phoneLink.remoteAddress).toBe('browser')
    expect(phoneLink.mtu).toBe(514) // the browser's own MTU exchange reached 517
    expect(webLink.quality.rssiDbm).toBe(WEB_BLUETOOTH_ASSUMED_RSSI_DBM)
    const atWeb: Uint8Array[] = []
    const atPhone: Uint8Array[] = []
    webLink.on('frame', (f) => atWeb.push(f))
    phoneLink.on('frame', (f) => atPhone.push(f))
    webLink.send(pattern(182, 1))
    webLink.send(pattern(40, 2))
    phoneLink.send(pattern(300, 3))
    await clock.advance(500)
    expect(atPhone).toEqual([pattern(182, 1), pattern(40, 2)])
    expect(atWeb).toEqual([pattern(300, 3)])
    expect(() => webLink.send(pattern(183, 4))).toThrow(FrameTooLargeError)
    // Central only: nothing advertised, so the phone never discovered the page.
    expect(phone.stats.discoveries).toBe(0)
    expect(bluetooth.grantedFor('phone')!.gatt.connected).toBe(true)
    await web.stop()
    expect(bluetooth.grantedFor('phone')!.gatt.connected).toBe(false)
    await phone.stop()
    expect(clock.pendingTimers()).toBe(0)
  })

  it('closes the link with reason remote on gattserverdisconnected, exactly once', async () => {
    const { clock, phone, web, webLink, bluetooth } = await linked()
    const reasons: LinkCloseReason[] = []
    webLink.on('close', ({ reason }) => reasons.push(reason))
    let events = 0
    bluetooth.grantedFor('phone')!.addEventListener('gattserverdisconnected', () => events++)
    await phone.stop()
    await clock.advance(100)
    expect(events).toBe(1)
    expect(reasons).toEqual(['remote'])
    expect(web.links).toHaveLength(0)
    await web.stop()
  })

  it('re-offers a granted device while scanning, so a failed dial is retried after backoff', async () => {
    const w = makeWebWorld()
    await w.phone.start()
    const id = await withGesture(w.bluetooth, w.clock, () => w.adapter.requestDevice())
    await w.phone.stop() // gone before the page starts dialling
    await w.web.start()
    await w.clock.advance(1_000)
    expect(w.web.stats.dialFailures).toBeGreaterThanOrEqual(1)
    expect(w.web.links).toHaveLength(0)
    await w.phone.start()
    await until(w.clock, () => w.web.links.length === 1, 500, 200) // backoff 5 s ± 20 %
    expect(w.web.links[0]!.remoteAddress).toBe(id)
    await w.web.stop()
    await w.phone.stop()
  })

  it('aborting a dial disconnects the pending GATT connection', async () => {
    const w = makeWebWorld({ autoConnect: false })
    await w.phone.start()
    await w.web.start()
    const id = await withGesture(w.bluetooth, w.clock, () => w.adapter.requestDevice())
    const controller = new AbortController()
    const dialling = w.web.dial(id, { signal: controller.signal })
    dialling.catch(() => {})
    await w.clock.advance(10) // gatt.connect() in flight (the radio takes 50 ms)
    controller.abort()
    await expect(dialling).rejects.toMatchObject({ code: ErrorCode.ABORTED })
    await w.clock.advance(500)
    expect(w.web.links).toHaveLength(0)
    expect(w.phone.links).toHaveLength(0)
    expect(w.bluetooth.grantedFor('phone')!.gatt.connected).toBe(false)
    await w.web.stop()
    await w.phone.stop()
  })

  it('refuses to dial an address the user never granted', async () => {
    const w = makeWebWorld({ autoConnect: false })
    await w.web.start()
    await expect(w.web.dial('phone')).rejects.toMatchObject({ code: ErrorCode.UNSUPPORTED })
    await w.web.stop()
  })

  it('with requestLEScan, reports real RSSI and the advertised peer ID', async () => {
    const peerId = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)
    const w = makeWebWorld({ leScan: true, peerId, autoConnect: false })
    await w.phone.start()
    await w.web.start()
    const seen: Array<{ address: string; rssiDbm?: number; advertisement?: Uint8Array }> = []
    w.web.on('peer:discovered', (d) => seen.push(d))
    await withGesture(w.bluetooth, w.clock, () => w.adapter.startLEScan())
    await w.clock.advance(300)
    const device = w.bluetooth.grantedFor('phone') as FakeDevice
    expect(seen.length).toBeGreaterThan(0)
    expect(seen[0]).toEqual({ address: device.id, rssiDbm: -60, advertisement: peerId })
    w.adapter.stopLEScan()
    const count = seen.length
    await w.clock.advance(300)
    expect(seen.length).toBe(count)
    await w.web.stop()
    await w.phone.stop()
  })

  it('says plainly when requestLEScan is missing', async () => {
    const { adapter } = makeWebWorld()
    await expect(adapter.startLEScan()).rejects.toBeInstanceOf(WebBluetoothUnavailableError)
  })
})

/** Grant b's device to a's adapter; the suite then dials `id`. */
async function webHarness(seed: number) {
  const clock = new TestClock()
  const rng = seededRng(seed)
  const radio = new SimulatedBleRadio({ clock, rng, advertisingIntervalMs: 100 })
  const bluetooth = new FakeBluetooth(radio, 'web-a', clock)
  const adapter: WebBluetoothAdapter = webBluetoothAdapter({ bluetooth, clock })
  const a: BleTransport = bleTransport({ adapter, clock, rng, autoConnect: false })
  const b = bleTransport({ adapter: createSimulatedBleAdapter(radio, { address: 'sim-b' }), clock, rng, autoConnect: false })
  await a.start()
  await b.start()
  const id = await withGesture(bluetooth, clock, () => adapter.requestDevice())
  return { a, b, clock, id }
}

// Central-only pairing: the suite only ever dials from `a` to `b`, so a web central as `a`
// and a simulated dual-role peripheral as `b` run every case.
runTransportCompliance({
  name: 'ble (Web Bluetooth central over a navigator.bluetooth double → simulated peripheral)',
  async setup() {
    const { a, b, clock, id } = await webHarness(31)
    return centralComplianceEnv(a, b, clock, id, 'web')
  },
})
