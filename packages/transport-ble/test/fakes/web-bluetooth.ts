/**
 * A test double of `navigator.bluetooth` whose devices are peripherals on a SimulatedBleRadio.
 * It keeps what a page can observe of Chrome's Web Bluetooth:
 * * `requestDevice` needs a user gesture (`SecurityError` otherwise), needs `filters`, shows a
 *   "chooser" (here: the first advertiser of a filtered service heard on the air within one
 *   advertising sweep, or `NotFoundError` as when the user cancels);
 * * `BluetoothDevice.id` is an opaque per-origin id, not the radio address;
 * * only services named in `filters` / `optionalServices` are accessible (`SecurityError`);
 * * UUID strings must be lower case (`TypeError` otherwise, as Chrome's UUID parser);
 * * `gatt.connect()` runs the ATT MTU exchange itself (up to 517) and never reports the result;
 *   `gatt.disconnect()` during `connect()` makes it reject with `AbortError`, and fires
 *   `gattserverdisconnected` when connected; a remote drop fires it too;
 * * `startNotifications` writes the CCCD; each notification updates `characteristic.value` (a
 *   DataView) and fires `characteristicvaluechanged` at the characteristic (real EventTarget);
 * * `writeValue*` refuse values over 512 bytes (`InvalidModificationError`) and reject with
 *   `NetworkError` when not connected.
 */
import type { Clock } from '@bitmesh/interface'
import type { BleCentralConnection, BleDiscovery, SimulatedBleAdapter, SimulatedBleRadio } from '../../src/index.js'
import { BITCHAT_CHARACTERISTIC_UUID } from '../../src/index.js'
import type {
  BluetoothLike,
  WebBluetoothLEScan,
  WebBluetoothLEScanOptions,
  WebBluetoothRequestDeviceOptions,
} from '../../src/web-bluetooth/index.js'

/** A DOMException-like error with the browser's `name`. */
export function domError(name: string, message: string): Error {
  const error = new Error(message)
  error.name = name
  return error
}

/** Virtual time after which the simulated user closes a chooser that lists nothing. */
const CHOOSER_GIVE_UP_MS = 5_000

const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

function checkUuid(uuid: string): void {
  if (!LOWER_UUID.test(uuid)) throw new TypeError(`Invalid Service name: '${uuid}'. It must be a valid UUID alias or a lower-case 128-bit UUID.`)
}

export interface FakeBluetoothOptions {
  /** What getAvailability() answers (default true). */
  available?: boolean
  /** Offer requestLEScan (default false, as in stable Chrome). */
  leScan?: boolean
  /** Offer getDevices (default true). */
  getDevices?: boolean
}

export class FakeBluetooth extends EventTarget implements BluetoothLike {
  /** Set by tests around calls that a user gesture would trigger. */
  userActivation = false
  readonly sim: SimulatedBleAdapter
  readonly #available: boolean
  readonly #granted = new Map<string, FakeDevice>()
  #idSeq = 0
  requestDeviceCalls: WebBluetoothRequestDeviceOptions[] = []
  declare getDevices?: () => Promise<FakeDevice[]>
  declare requestLEScan?: (options: WebBluetoothLEScanOptions) => Promise<WebBluetoothLEScan>

  constructor(
    readonly radio: SimulatedBleRadio,
    address: string,
    readonly clock: Clock,
    options: FakeBluetoothOptions = {},
  ) {
    super()
    this.sim = radio.createAdapter({ address })
    this.#available = options.available ?? true
    if (options.getDevices ?? true) this.getDevices = async () => [...this.#granted.values()]
    if (options.leScan === true) this.requestLEScan = (o) => this.#requestLEScan(o)
  }

  async getAvailability(): Promise<boolean> {
    return this.#available
  }

  async requestDevice(options: WebBluetoothRequestDeviceOptions): Promise<FakeDevice> {
    this.requestDeviceCalls.push(options)
    if (!this.userActivation) throw domError('SecurityError', 'Must be handling a user gesture to show a permission request.')
    if (!this.#available) throw domError('NotFoundError', 'Bluetooth adapter not available.')
    const services = (options.filters ?? []).flatMap((f) => f.services ?? [])
    if (services.length === 0) throw new TypeError('filters must name a service')
    for (const s of [...services, ...(options.optionalServices ?? [])]) checkUuid(s)
    const found = await this.#chooser(services)
    if (found === undefined) throw domError('NotFoundError', 'User cancelled the requestDevice() chooser.')
    return this.#grant(found, [...services, ...(options.optionalServices ?? [])])
  }

  /** The device granted for a radio address, if any. */
  grantedFor(address: string): FakeDevice | undefined {
    for (const d of this.#granted.values()) if (d.simAddress === address) return d
    return undefined
  }

  #grant(address: string, services: string[]): FakeDevice {
    const known = this.grantedFor(address)
    if (known !== undefined) {
      for (const s of services) known.allowed.add(s)
      return known
    }
    const device = new FakeDevice(`dev${++this.#idSeq}==`, address, new Set(services), this)
    this.#granted.set(device.id, device)
    return device
  }

  /** One sweep of the air with the service filter; the "user" picks the first device heard. */
  #chooser(services: string[]): Promise<string | undefined> {
    return new Promise((resolve) => {
      let done = false
      const finish = (address: string | undefined): void => {
        if (done) return
        done = true
        this.clock.clearTimeout(timer)
        void this.sim.stopScanning()
        resolve(address)
      }
      // Nothing heard within a few advertising intervals: the user closes the empty chooser.
      const timer = this.clock.setTimeout(() => finish(undefined), CHOOSER_GIVE_UP_MS)
      void this.sim.startScanning({ serviceUuid: services[0]!.toUpperCase(), allowDuplicates: false }, (d: BleDiscovery) => finish(d.address))
    })
  }

  async #requestLEScan(options: WebBluetoothLEScanOptions): Promise<WebBluetoothLEScan> {
    if (!this.userActivation) throw domError('SecurityError', 'Must be handling a user gesture to start an LE scan.')
    const services = (options.filters ?? []).flatMap((f) => f.services ?? [])
    for (const s of services) checkUuid(s)
    const scan = { active: true, stop: () => {
      scan.active = false
      void this.sim.stopScanning()
    } }
    await this.sim.startScanning({ serviceUuid: (services[0] ?? '').toUpperCase(), allowDuplicates: options.keepRepeatedDevices ?? false }, (d) => {
      if (!scan.active) return
      const device = this.#grant(d.address, services)
      const event = new Event('advertisementreceived') as Event & { device: FakeDevice; rssi: number; serviceData: Map<string, DataView> }
      const serviceData = new Map<string, DataView>()
      if (d.serviceData !== undefined && services[0] !== undefined) serviceData.set(services[0], new DataView(d.serviceData.slice().buffer))
      Object.assign(event, { device, rssi: d.rssiDbm, serviceData })
      this.dispatchEvent(event)
    })
    return scan
  }

}

export class FakeDevice extends EventTarget {
  readonly gatt: FakeGattServer
  readonly name = null
  constructor(
    readonly id: string,
    readonly simAddress: string,
    readonly allowed: Set<string>,
    readonly bluetooth: FakeBluetooth,
  ) {
    super()
    this.gatt = new FakeGattServer(this)
  }
}

export class FakeGattServer {
  connected = false
  conn: BleCentralConnection | undefined
  #connecting: { abort: () => void } | undefined
  #epoch = 0
  readonly #characteristics = new Map<string, FakeCharacteristic>()
  constructor(readonly device: FakeDevice) {}

  connect(): Promise<FakeGattServer> {
    if (this.connected) return Promise.resolve(this)
    const epoch = ++this.#epoch
    const controller = new AbortController()
    this.#connecting = { abort: () => controller.abort() }
    const sim = this.device.bluetooth.sim
    return (async () => {
      let conn: BleCentralConnection | undefined
      try {
        conn = await sim.connect(this.device.simAddress, {
          signal: controller.signal,
          server: { serviceUuid: [...this.device.allowed][0]!.toUpperCase(), characteristicUuid: BITCHAT_CHARACTERISTIC_UUID },
        })
        await conn.requestMtu(517) // the browser's own exchange
      } catch (error) {
        if (conn !== undefined) await conn.disconnect()
        if (controller.signal.aborted) throw domError('AbortError', 'Connection attempt was aborted (disconnect() called).')
        throw domError('NetworkError', `Connection failed: ${(error as Error).message}`)
      } finally {
        this.#connecting = undefined
      }
      if (epoch !== this.#epoch) {
        await conn.disconnect()
        throw domError('AbortError', 'Connection attempt was aborted (disconnect() called).')
      }
      this.conn = conn
      this.connected = true
      const c = conn
      conn.onDisconnect(() => {
        if (this.conn !== c) return
        this.#dropped()
      })
      return this
    })()
  }

  disconnect(): void {
    this.#epoch++
    this.#connecting?.abort()
    if (!this.connected) return
    const conn = this.conn
    this.#dropped()
    void conn?.disconnect()
  }

  #dropped(): void {
    this.connected = false
    this.conn = undefined
    this.#characteristics.clear()
    this.device.dispatchEvent(new Event('gattserverdisconnected'))
  }

  async getPrimaryService(uuid: string): Promise<FakeService> {
    checkUuid(uuid)
    if (!this.device.allowed.has(uuid)) throw domError('SecurityError', `Origin is not allowed to access the service ${uuid}.`)
    if (!this.connected) throw domError('NetworkError', 'GATT Server is disconnected.')
    if (uuid.toUpperCase() !== [...this.device.allowed][0]!.toUpperCase()) throw domError('NotFoundError', 'No Services matching UUID found in Device.')
    return new FakeService(this)
  }

  characteristic(uuid: string): FakeCharacteristic {
    let c = this.#characteristics.get(uuid)
    if (c === undefined) {
      c = new FakeCharacteristic(this)
      this.#characteristics.set(uuid, c)
    }
    return c
  }
}

export class FakeService {
  constructor(readonly server: FakeGattServer) {}
  async getCharacteristic(uuid: string): Promise<FakeCharacteristic> {
    checkUuid(uuid)
    if (!this.server.connected) throw domError('NetworkError', 'GATT Server is disconnected.')
    if (uuid !== BITCHAT_CHARACTERISTIC_UUID.toLowerCase()) throw domError('NotFoundError', 'No Characteristics matching UUID found in Service.')
    return this.server.characteristic(uuid)
  }
}

export class FakeCharacteristic extends EventTarget {
  value: DataView | null = null
  notifying = false
  writes = 0
  constructor(readonly server: FakeGattServer) {
    super()
  }

  async startNotifications(): Promise<FakeCharacteristic> {
    const conn = this.#conn()
    if (this.notifying) return this
    await conn.subscribe()
    this.notifying = true
    conn.onNotify((bytes) => {
      if (!this.notifying) return
      this.value = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      this.dispatchEvent(new Event('characteristicvaluechanged'))
    })
    return this
  }

  async writeValueWithoutResponse(value: Uint8Array): Promise<void> {
    if (value.byteLength > 512) throw domError('InvalidModificationError', 'Value can\'t exceed 512 bytes.')
    const conn = this.#conn()
    this.writes++
    await conn.write(value.slice()) // the browser copies the BufferSource at call time
  }

  writeValue(value: Uint8Array): Promise<void> {
    return this.writeValueWithoutResponse(value)
  }

  #conn(): BleCentralConnection {
    const conn = this.server.conn
    if (!this.server.connected || conn === undefined) throw domError('NetworkError', 'GATT Server is disconnected. Cannot perform GATT operations.')
    return conn
  }
}
