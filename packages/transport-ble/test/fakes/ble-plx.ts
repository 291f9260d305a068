/**
 * A fake `react-native-ble-plx` 3.x `BleManager` whose devices are peripherals on a
 * SimulatedBleRadio. What it keeps of ble-plx's documented behaviour:
 * * values cross as base64 strings (characteristic values, `device.serviceData` keyed by the
 *   lower-case service UUID);
 * * `startDeviceScan(uuids, options, listener)` replaces a running scan; `listener(error, null)`
 *   once and the scan stops on a state error (`powerOff()` here: BluetoothPoweredOff, 102);
 * * `connectToDevice` rejects with DeviceAlreadyConnected (203) when connected, and with
 *   OperationCancelled (2) when `cancelDeviceConnection` runs while it is pending;
 * * a connection starts at ATT MTU 23; `requestMTUForDevice` runs the exchange (Android) and
 *   resolves a Device with the new `mtu`; in `ios` mode it only reports the MTU CoreBluetooth
 *   negotiated itself (here 185) — ble-plx documents requestMTU as a no-op on iOS;
 * * characteristic operations need `discoverAllServicesAndCharacteristicsForDevice` first
 *   (CharacteristicNotFound, 503 / DeviceNotConnected, 205 otherwise);
 * * `monitorCharacteristicForDevice` returns a Subscription whose `remove()` stops delivery; the
 *   listener gets `(error, null)` once when the device disconnects (DeviceDisconnected, 201) or
 *   the CCCD write fails;
 * * `onDeviceDisconnected(id, listener)` fires for remote drops and for `cancelDeviceConnection`.
 */
import type { BleCentralConnection, SimulatedBleAdapter, SimulatedBleRadio } from '../../src/index.js'
import { BITCHAT_CHARACTERISTIC_UUID, BITCHAT_SERVICE_UUID } from '../../src/index.js'
import { base64ToBytes, bytesToBase64 } from '../../src/react-native/base64.js'
import type {
  BlePlxCharacteristic,
  BlePlxConnectionOptions,
  BlePlxDevice,
  BlePlxError,
  BlePlxManagerLike,
  BlePlxScanOptions,
  BlePlxSubscription,
} from '../../src/react-native/index.js'

export const BleErrorCode = {
  OperationCancelled: 2,
  BluetoothPoweredOff: 102,
  DeviceConnectionFailed: 200,
  DeviceDisconnected: 201,
  DeviceAlreadyConnected: 203,
  DeviceNotConnected: 205,
  CharacteristicNotFound: 503,
  CharacteristicWriteFailed: 401,
  CharacteristicNotifyChangeFailed: 403,
} as const

export class FakeBleError extends Error implements BlePlxError {
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message)
    this.name = 'BleError'
  }
}

interface FakeConnection {
  conn: BleCentralConnection
  mtu: number
  discovered: boolean
}

export class FakeBleManager implements BlePlxManagerLike {
  readonly sim: SimulatedBleAdapter
  readonly #platform: 'android' | 'ios'
  readonly #connections = new Map<string, FakeConnection>()
  readonly #pending = new Map<string, AbortController>()
  readonly #disconnectListeners = new Map<string, Set<(error: BlePlxError | null, device: BlePlxDevice | null) => void>>()
  #scanListener: ((error: BlePlxError | null, device: BlePlxDevice | null) => void) | undefined
  /** Calls, for assertions. */
  readonly calls: string[] = []
  /** Refuse the next CCCD write (monitor fails). */
  failNextMonitor = false

  constructor(
    radio: SimulatedBleRadio,
    address: string,
    platform: 'android' | 'ios' = 'android',
  ) {
    this.sim = radio.createAdapter({ address })
    this.#platform = platform
  }

  get activeSubscriptions(): number {
    let n = 0
    for (const set of this.#disconnectListeners.values()) n += set.size
    return n + this.monitors
  }
  monitors = 0

  async startDeviceScan(
    uuids: string[] | null,
    options: BlePlxScanOptions | null,
    listener: (error: BlePlxError | null, device: BlePlxDevice | null) => void,
  ): Promise<void> {
    this.calls.push(`startDeviceScan ${uuids?.join(',')} dup=${options?.allowDuplicates}`)
    this.#scanListener = listener
    await this.sim.startScanning({ serviceUuid: uuids?.[0] ?? BITCHAT_SERVICE_UUID, allowDuplicates: options?.allowDuplicates ?? false }, (d) => {
      if (this.#scanListener !== listener) return
      const serviceData: Record<string, string> | null =
        d.serviceData === undefined ? null : { [(uuids?.[0] ?? BITCHAT_SERVICE_UUID).toLowerCase()]: bytesToBase64(d.serviceData) }
      listener(null, { id: d.address, rssi: d.rssiDbm, mtu: 23, serviceData, serviceUUIDs: uuids })
    })
  }

  async stopDeviceScan(): Promise<void> {
    this.calls.push('stopDeviceScan')
    this.#scanListener = undefined
    await this.sim.stopScanning()
  }

  /** Bluetooth switched off: the scan ends with an error, connections drop. */
  powerOff(): void {
    const listener = this.#scanListener
    this.#scanListener = undefined
    void this.sim.stopScanning()
    listener?.(new FakeBleError(BleErrorCode.BluetoothPoweredOff, 'BluetoothLE is powered off'), null)
  }

  async connectToDevice(deviceId: string, _options?: BlePlxConnectionOptions): Promise<BlePlxDevice> {
    this.calls.push(`connectToDevice ${deviceId}`)
    if (this.#connections.has(deviceId)) throw new FakeBleError(BleErrorCode.DeviceAlreadyConnected, `Device ${deviceId} is already connected`)
    const controller = new AbortController()
    this.#pending.set(deviceId, controller)
    let conn: BleCentralConnection
    try {
      conn = await this.sim.connect(deviceId, {
        signal: controller.signal,
        server: { serviceUuid: BITCHAT_SERVICE_UUID, characteristicUuid: BITCHAT_CHARACTERISTIC_UUID },
      })
    } catch (error) {
      if (controller.signal.aborted) throw new FakeBleError(BleErrorCode.OperationCancelled, 'Operation was cancelled')
      throw new FakeBleError(BleErrorCode.DeviceConnectionFailed, `Device ${deviceId} connection failed: ${(error as Error).message}`)
    } finally {
      this.#pending.delete(deviceId)
    }
    const entry: FakeConnection = { conn, mtu: 23, discovered: false }
    this.#connections.set(deviceId, entry)
    if (this.#platform === 'ios') entry.mtu = Math.min(185, await conn.requestMtu(185)) // CoreBluetooth's own exchange
    conn.onDisconnect(() => {
      if (this.#connections.get(deviceId) !== entry) return
      this.#connections.delete(deviceId)
      this.#fireDisconnected(deviceId, new FakeBleError(BleErrorCode.DeviceDisconnected, `Device ${deviceId} was disconnected`))
    })
    return this.#device(deviceId, entry.mtu)
  }

  async requestMTUForDevice(deviceId: string, mtu: number): Promise<BlePlxDevice> {
    this.calls.push(`requestMTUForDevice ${deviceId} ${mtu}`)
    const entry = this.#connected(deviceId)
    if (this.#platform === 'android') entry.mtu = await entry.conn.requestMtu(mtu)
    return this.#device(deviceId, entry.mtu)
  }

  async discoverAllServicesAndCharacteristicsForDevice(deviceId: string): Promise<BlePlxDevice> {
    this.calls.push(`discoverAllServicesAndCharacteristicsForDevice ${deviceId}`)
    const entry = this.#connected(deviceId)
    entry.discovered = true
    return this.#device(deviceId, entry.mtu)
  }

  monitorCharacteristicForDevice(
    deviceId: string,
    serviceUuid: string,
    characteristicUuid: string,
    listener: (error: BlePlxError | null, characteristic: BlePlxCharacteristic | null) => void,
  ): BlePlxSubscription {
    this.calls.push(`monitorCharacteristicForDevice ${deviceId}`)
    let active = true
    this.monitors++
    const sub: BlePlxSubscription = {
      remove: () => {
        if (!active) return
        active = false
        this.monitors--
      },
    }
    const fail = (error: FakeBleError): void => {
      if (!active) return
      sub.remove()
      listener(error, null)
    }
    const entry = this.#connections.get(deviceId)
    if (entry === undefined) {
      queueMicrotask(() => fail(new FakeBleError(BleErrorCode.DeviceNotConnected, `Device ${deviceId} is not connected`)))
      return sub
    }
    if (!entry.discovered || !sameUuid(serviceUuid, BITCHAT_SERVICE_UUID) || !sameUuid(characteristicUuid, BITCHAT_CHARACTERISTIC_UUID)) {
      queueMicrotask(() => fail(new FakeBleError(BleErrorCode.CharacteristicNotFound, `Characteristic ${characteristicUuid} not found`)))
      return sub
    }
    if (this.failNextMonitor) {
      this.failNextMonitor = false
      queueMicrotask(() => fail(new FakeBleError(BleErrorCode.CharacteristicNotifyChangeFailed, 'Characteristic notify change failed')))
      return sub
    }
    entry.conn.onNotify((bytes) => {
      if (active) listener(null, { value: bytesToBase64(bytes) })
    })
    entry.conn.onDisconnect(() => fail(new FakeBleError(BleErrorCode.DeviceDisconnected, `Device ${deviceId} was disconnected`)))
    entry.conn.subscribe().catch((e: unknown) => fail(new FakeBleError(BleErrorCode.CharacteristicNotifyChangeFailed, String(e))))
    return sub
  }

  async writeCharacteristicWithoutResponseForDevice(deviceId: string, serviceUuid: string, characteristicUuid: string, base64Value: string): Promise<BlePlxCharacteristic> {
    const entry = this.#connected(deviceId)
    if (!entry.discovered || !sameUuid(serviceUuid, BITCHAT_SERVICE_UUID) || !sameUuid(characteristicUuid, BITCHAT_CHARACTERISTIC_UUID)) {
      throw new FakeBleError(BleErrorCode.CharacteristicNotFound, `Characteristic ${characteristicUuid} not found`)
    }
    const bytes = base64ToBytes(base64Value)
    if (bytes === null) throw new FakeBleError(BleErrorCode.CharacteristicWriteFailed, 'value is not base64')
    if (bytes.length > entry.mtu - 3) throw new FakeBleError(BleErrorCode.CharacteristicWriteFailed, `value longer than MTU - 3 (${entry.mtu - 3})`)
    await entry.conn.write(bytes)
    return { value: base64Value }
  }

  async cancelDeviceConnection(deviceId: string): Promise<BlePlxDevice> {
    this.calls.push(`cancelDeviceConnection ${deviceId}`)
    const pending = this.#pending.get(deviceId)
    if (pending !== undefined) {
      pending.abort()
      return this.#device(deviceId, 23)
    }
    const entry = this.#connections.get(deviceId)
    if (entry === undefined) throw new FakeBleError(BleErrorCode.DeviceNotConnected, `Device ${deviceId} is not connected`)
    this.#connections.delete(deviceId)
    await entry.conn.disconnect()
    this.#fireDisconnected(deviceId, null)
    return this.#device(deviceId, entry.mtu)
  }

  onDeviceDisconnected(deviceId: string, listener: (error: BlePlxError | null, device: BlePlxDevice | null) => void): BlePlxSubscription {
    let set = this.#disconnectListeners.get(deviceId)
    if (set === undefined) this.#disconnectListeners.set(deviceId, (set = new Set()))
    const wrapped = (error: BlePlxError | null, device: BlePlxDevice | null): void => listener(error, device)
    set.add(wrapped)
    return {
      remove: () => {
        set.delete(wrapped)
        if (set.size === 0) this.#disconnectListeners.delete(deviceId)
      },
    }
  }

  #fireDisconnected(deviceId: string, error: BlePlxError | null): void {
    for (const l of [...(this.#disconnectListeners.get(deviceId) ?? [])]) l(error, this.#device(deviceId, 23))
  }

  #connected(deviceId: string): FakeConnection {
    const entry = this.#connections.get(deviceId)
    if (entry === undefined) throw new FakeBleError(BleErrorCode.DeviceNotConnected, `Device ${deviceId} is not connected`)
    return entry
  }

  #device(id: string, mtu: number): BlePlxDevice {
    return { id, rssi: null, mtu, serviceData: null, serviceUUIDs: null }
  }
}

function sameUuid(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}
