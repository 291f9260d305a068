/**
 * Faithful in-memory fakes of the `@abandonware/noble` and `@abandonware/bleno` APIs the Node
 * adapter uses, joined by a fake "air". There is no Bluetooth radio on CI; these reproduce the
 * libraries' observable behaviour as documented and as their sources show:
 * - noble: EventEmitter module with `state`, `stateChange`, `discover` (Peripheral with `id`,
 *   `address`, `rssi`, `mtu` null until connected, `advertisement.serviceData[{uuid, data}]` parsed
 *   from the advertising + scan-response payloads), `*Async` methods, characteristics emitting
 *   `data(buffer, isNotification)`; the HCI binding exchanges the ATT MTU itself on connect,
 *   asking for 256, and sets `peripheral.mtu`.
 * - bleno: EventEmitter module with `state`, `accept(clientAddress)`, `mtuChange(mtu)`,
 *   `disconnect(clientAddress)`, `startAdvertisingWithEIRData(adv, scan, cb)` (≤ 31 bytes each),
 *   `setServices`, `disconnect()`; `Characteristic` copies `onWriteRequest`/`onSubscribe`/
 *   `onUnsubscribe` from its options, `onSubscribe(maxValueSize = mtu − 3, updateValueCallback)`;
 *   on disconnect subscribed characteristics get `onUnsubscribe` before bleno emits `disconnect`.
 *   One central at a time (the Linux HCI binding's behaviour).
 * Both libraries hand out Node `Buffer`s and expect `Buffer`s; the fakes assert that.
 * @module
 */
import { EventEmitter } from 'node:events'
import type { BlenoCharacteristicOptions, NodeBleModules } from '../../src/index.js'

/** noble's HCI binding asks for this ATT MTU when it connects. */
const NOBLE_DESIRED_MTU = 256
/** bleno's HCI binding answers MTU requests with this. */
const BLENO_MAX_MTU = 256

const removeDashes = (uuid: string): string => uuid.replace(/-/g, '').toLowerCase()

function mustBeBuffer(value: unknown, what: string): Buffer {
  if (!Buffer.isBuffer(value)) throw new TypeError(`${what} must be a Buffer`)
  return value
}

/** Parse AD structures (length, type, data). */
function parseAd(bytes: Buffer): Array<{ type: number; data: Buffer }> {
  const out: Array<{ type: number; data: Buffer }> = []
  let i = 0
  while (i < bytes.length) {
    const len = bytes[i]!
    if (len === 0) break
    out.push({ type: bytes[i + 1]!, data: bytes.subarray(i + 2, i + 1 + len) })
    i += 1 + len
  }
  return out
}

function uuidFromLe(bytes: Buffer): string {
  return Buffer.from(bytes).reverse().toString('hex')
}

export class FakeBlenoCharacteristic extends EventEmitter {
  static readonly RESULT_SUCCESS = 0x00
  static readonly RESULT_ATTR_NOT_LONG = 0x0b
  readonly uuid: string
  readonly properties: string[]
  onWriteRequest: BlenoCharacteristicOptions['onWriteRequest'] = (_d, _o, _w, cb) => cb(0x0e)
  onSubscribe: BlenoCharacteristicOptions['onSubscribe'] = () => {}
  onUnsubscribe: BlenoCharacteristicOptions['onUnsubscribe'] = () => {}
  constructor(options: BlenoCharacteristicOptions) {
    super()
    this.uuid = removeDashes(options.uuid)
    this.properties = options.properties
    if (options.onWriteRequest) this.onWriteRequest = options.onWriteRequest
    if (options.onSubscribe) this.onSubscribe = options.onSubscribe
    if (options.onUnsubscribe) this.onUnsubscribe = options.onUnsubscribe
  }
}

export class FakeBlenoPrimaryService {
  readonly uuid: string
  readonly characteristics: FakeBlenoCharacteristic[]
  constructor(options: { uuid: string; characteristics: unknown[] }) {
    this.uuid = removeDashes(options.uuid)
    this.characteristics = options.characteristics as FakeBlenoCharacteristic[]
  }
}

interface Connection {
  central: FakeNoble
  peripheral: FakeBleno
  remote: FakePeripheral
  mtu: number
  subscribed: FakeBlenoCharacteristic | undefined
  open: boolean
}

export class FakeBleno extends EventEmitter {
  state = 'poweredOn'
  readonly PrimaryService = FakeBlenoPrimaryService
  readonly Characteristic = FakeBlenoCharacteristic
  advertising: { adv: Buffer; scan: Buffer } | undefined
  services: FakeBlenoPrimaryService[] = []
  connection: Connection | undefined
  constructor(readonly air: FakeAir, readonly address: string) {
    super()
  }
  setState(state: string): void {
    this.state = state
    this.emit('stateChange', state)
  }
  startAdvertisingWithEIRData(adv: unknown, scan: unknown, callback?: (error?: Error | null) => void): void {
    const a = mustBeBuffer(adv, 'advertisementData')
    const s = mustBeBuffer(scan, 'scanData')
    if (a.length > 31 || s.length > 31) {
      queueMicrotask(() => callback?.(new Error('advertisementData or scanData exceeds 31 bytes')))
      return
    }
    this.advertising = { adv: Buffer.from(a), scan: Buffer.from(s) }
    queueMicrotask(() => {
      this.emit('advertisingStart', null)
      callback?.(null)
    })
  }
  stopAdvertising(callback?: () => void): void {
    this.advertising = undefined
    queueMicrotask(() => {
      this.emit('advertisingStop')
      callback?.()
    })
  }
  setServices(services: unknown[], callback?: (error?: Error | null) => void): void {
    this.services = services as FakeBlenoPrimaryService[]
    queueMicrotask(() => callback?.(null))
  }
  disconnect(): void {
    if (this.connection) this.air.drop(this.connection)
  }
}

export class FakeNobleCharacteristic extends EventEmitter {
  readonly uuid: string
  readonly properties: string[]
  constructor(readonly conn: Connection, readonly target: FakeBlenoCharacteristic) {
    super()
    this.uuid = target.uuid
    this.properties = target.properties
  }
  async writeAsync(data: unknown, withoutResponse: boolean): Promise<void> {
    const buf = mustBeBuffer(data, 'data')
    if (!this.conn.open) throw new Error('Peripheral not connected')
    if (buf.length > this.conn.mtu - 3) throw new Error(`write of ${buf.length} bytes exceeds ATT MTU ${this.conn.mtu} − 3`)
    const copy = Buffer.from(buf)
    queueMicrotask(() => {
      if (this.conn.open) this.target.onWriteRequest(copy, 0, withoutResponse, () => {})
    })
  }
  async subscribeAsync(): Promise<void> {
    if (!this.conn.open) throw new Error('Peripheral not connected')
    this.conn.subscribed = this.target
    this.target.onSubscribe(this.conn.mtu - 3, (data: Uint8Array) => {
      const buf = mustBeBuffer(data, 'notification')
      if (buf.length > this.conn.mtu - 3) throw new Error('notification exceeds ATT MTU − 3')
      const copy = Buffer.from(buf)
      queueMicrotask(() => {
        if (this.conn.open && this.conn.subscribed === this.target) this.emit('data', copy, true)
      })
    })
    this.emit('notify', true)
  }
}

export class FakePeripheral extends EventEmitter {
  readonly id: string
  readonly addressType = 'public'
  rssi: number
  mtu: number | null = null
  state: 'disconnected' | 'connecting' | 'connected' = 'disconnected'
  advertisement: { localName?: string; serviceUuids: string[]; serviceData: Array<{ uuid: string; data: Buffer }> }
  connection: Connection | undefined
  constructor(readonly air: FakeAir, readonly central: FakeNoble, readonly target: FakeBleno, readonly address: string, rssi: number) {
    super()
    this.id = address.replace(/:/g, '').toLowerCase()
    this.rssi = rssi
    this.advertisement = { serviceUuids: [], serviceData: [] }
  }
  /** Re-parse what the remote currently advertises. */
  refresh(): void {
    const serviceUuids: string[] = []
    const serviceData: Array<{ uuid: string; data: Buffer }> = []
    const ad = this.target.advertising
    for (const { type, data } of ad ? [...parseAd(ad.adv), ...parseAd(ad.scan)] : []) {
      if (type === 0x06 || type === 0x07) for (let i = 0; i + 16 <= data.length; i += 16) serviceUuids.push(uuidFromLe(data.subarray(i, i + 16)))
      if (type === 0x21) serviceData.push({ uuid: uuidFromLe(data.subarray(0, 16)), data: Buffer.from(data.subarray(16)) })
    }
    this.advertisement = { serviceUuids, serviceData }
  }
  async connectAsync(): Promise<void> {
    this.state = 'connecting'
    await Promise.resolve()
    const p = this.target
    if (this.state !== 'connecting') throw new Error('connection cancelled')
    if (p.connection !== undefined || p.advertising === undefined || !this.air.inRange(this.central.address, p.address)) {
      this.state = 'disconnected'
      throw new Error('Connection failed')
    }
    const conn: Connection = { central: this.central, peripheral: p, remote: this, mtu: 23, subscribed: undefined, open: true }
    p.connection = conn
    this.connection = conn
    this.state = 'connected'
    p.emit('accept', this.central.address)
    // noble's HCI binding runs the MTU exchange right after connecting.
    conn.mtu = Math.min(NOBLE_DESIRED_MTU, BLENO_MAX_MTU)
    this.mtu = conn.mtu
    p.emit('mtuChange', conn.mtu)
  }
  cancelConnect(): void {
    if (this.state === 'connecting') this.state = 'disconnected'
  }
  async disconnectAsync(): Promise<void> {
    if (this.connection) this.air.drop(this.connection)
  }
  async discoverSomeServicesAndCharacteristicsAsync(serviceUuids: string[], characteristicUuids: string[]) {
    const conn = this.connection
    if (!conn?.open) throw new Error('Peripheral not connected')
    const services = conn.peripheral.services.filter((s) => serviceUuids.includes(s.uuid))
    const characteristics = services
      .flatMap((s) => s.characteristics)
      .filter((c) => characteristicUuids.includes(c.uuid))
      .map((c) => new FakeNobleCharacteristic(conn, c))
    return { services, characteristics }
  }
}

export class FakeNoble extends EventEmitter {
  state = 'poweredOn'
  scanning: { uuids: string[]; allowDuplicates: boolean } | undefined
  readonly peripherals = new Map<string, FakePeripheral>()
  constructor(readonly air: FakeAir, readonly address: string) {
    super()
  }
  setState(state: string): void {
    this.state = state
    this.emit('stateChange', state)
  }
  async startScanningAsync(serviceUuids: string[] = [], allowDuplicates = false): Promise<void> {
    if (this.state !== 'poweredOn') throw new Error(`Could not start scanning, state is ${this.state} (not poweredOn)`)
    this.scanning = { uuids: serviceUuids.map(removeDashes), allowDuplicates }
    this.emit('scanStart')
  }
  async stopScanningAsync(): Promise<void> {
    this.scanning = undefined
    this.emit('scanStop')
  }
  /** One advertisement from `bleno` reaches this scanner. */
  hear(bleno: FakeBleno, rssi: number): void {
    if (this.scanning === undefined || bleno.advertising === undefined) return
    let p = this.peripherals.get(bleno.address)
    const first = p === undefined
    if (p === undefined) {
      p = new FakePeripheral(this.air, this, bleno, bleno.address, rssi)
      this.peripherals.set(bleno.address, p)
    }
    p.rssi = rssi
    p.refresh()
    const wanted = this.scanning.uuids
    if (wanted.length > 0 && !p.advertisement.serviceUuids.some((u) => wanted.includes(u))) return
    if (!first && !this.scanning.allowDuplicates) return
    this.emit('discover', p)
  }
}

/** The medium joining fake noble/bleno pairs. */
export class FakeAir {
  readonly devices = new Map<string, { noble: FakeNoble; bleno: FakeBleno }>()
  rssi = -60
  outOfRange = new Set<string>()
  loads = 0

  /** A device (one host with noble + bleno); `load` is the adapter's injectable module loader. */
  device(address: string): { noble: FakeNoble; bleno: FakeBleno; load: () => Promise<NodeBleModules> } {
    const d = { noble: new FakeNoble(this, address), bleno: new FakeBleno(this, address) }
    this.devices.set(address, d)
    return {
      ...d,
      load: async () => {
        this.loads++
        return d as unknown as NodeBleModules
      },
    }
  }

  inRange(a: string, b: string): boolean {
    return !this.outOfRange.has(`${a}|${b}`) && !this.outOfRange.has(`${b}|${a}`)
  }

  /** Every scanner hears every advertiser in range once. */
  advertiseAll(): void {
    for (const scanner of this.devices.values()) {
      for (const adv of this.devices.values()) {
        if (adv !== scanner && this.inRange(scanner.noble.address, adv.bleno.address)) scanner.noble.hear(adv.bleno, this.rssi)
      }
    }
  }

  /** Tear a connection down as the link layer would (both sides notified). */
  drop(conn: Connection): void {
    if (!conn.open) return
    conn.open = false
    conn.peripheral.connection = undefined
    conn.remote.connection = undefined
    conn.remote.state = 'disconnected'
    conn.remote.mtu = null
    queueMicrotask(() => {
      conn.remote.emit('disconnect')
      if (conn.subscribed) conn.subscribed.onUnsubscribe()
      conn.peripheral.emit('disconnect', conn.central.address)
    })
  }
}
