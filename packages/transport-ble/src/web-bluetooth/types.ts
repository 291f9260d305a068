/**
 * The slice of the Web Bluetooth API (https://webbluetoothcg.github.io/web-bluetooth/) this
 * adapter uses, typed structurally so that no DOM lib or `@types` package is needed and a test
 * double can stand in for `navigator.bluetooth`.
 * @module
 */

/** Minimal `EventTarget`: the adapter only adds and removes listeners. */
export interface WebBluetoothEventTarget {
  addEventListener(type: string, listener: (event: unknown) => void): void
  removeEventListener(type: string, listener: (event: unknown) => void): void
}

/** `BluetoothLEScanFilterInit`, reduced to service filters. */
export interface WebBluetoothScanFilter {
  services?: string[]
}

/** Options of `navigator.bluetooth.requestDevice`. */
export interface WebBluetoothRequestDeviceOptions {
  filters: WebBluetoothScanFilter[]
  optionalServices?: string[]
}

/** Options of the experimental `navigator.bluetooth.requestLEScan`. */
export interface WebBluetoothLEScanOptions {
  filters?: WebBluetoothScanFilter[]
  keepRepeatedDevices?: boolean
  acceptAllAdvertisements?: boolean
}

/** Handle returned by `requestLEScan`. */
export interface WebBluetoothLEScan {
  readonly active?: boolean
  stop(): void
}

/** `BluetoothAdvertisingEvent` (fired at `navigator.bluetooth` during an LE scan). */
export interface WebBluetoothAdvertisingEvent {
  readonly device: WebBluetoothDevice
  /** dBm; absent when the platform does not report it. */
  readonly rssi?: number | null
  /** Service UUID (lower case) → data. */
  readonly serviceData?: ReadonlyMap<string, DataView>
}

/** `BluetoothRemoteGATTCharacteristic`. */
export interface WebBluetoothCharacteristic extends WebBluetoothEventTarget {
  /** The last notified or read value. */
  readonly value?: DataView | null
  startNotifications(): Promise<unknown>
  stopNotifications?(): Promise<unknown>
  /** Chrome ≥ 85; older browsers only have {@link writeValue}. */
  writeValueWithoutResponse?(value: Uint8Array): Promise<void>
  writeValue(value: Uint8Array): Promise<void>
}

/** `BluetoothRemoteGATTService`. */
export interface WebBluetoothService {
  getCharacteristic(uuid: string): Promise<WebBluetoothCharacteristic>
}

/** `BluetoothRemoteGATTServer`. */
export interface WebBluetoothGattServer {
  readonly connected: boolean
  connect(): Promise<WebBluetoothGattServer>
  disconnect(): void
  getPrimaryService(uuid: string): Promise<WebBluetoothService>
}

/** `BluetoothDevice`. `id` is an opaque per-origin identifier, not the radio address. */
export interface WebBluetoothDevice extends WebBluetoothEventTarget {
  readonly id: string
  readonly name?: string | null
  readonly gatt?: WebBluetoothGattServer | null
}

/** `navigator.bluetooth`. */
export interface BluetoothLike extends Partial<WebBluetoothEventTarget> {
  /** False when the machine has no usable adapter (Chrome ≥ 78). */
  getAvailability?(): Promise<boolean>
  /** Shows the device chooser; needs a user gesture (transient activation). */
  requestDevice(options: WebBluetoothRequestDeviceOptions): Promise<WebBluetoothDevice>
  /** Devices this origin was granted before (Chrome, permissions backend). */
  getDevices?(): Promise<WebBluetoothDevice[]>
  /** Experimental (Chrome behind a flag); needs a user gesture. */
  requestLEScan?(options: WebBluetoothLEScanOptions): Promise<WebBluetoothLEScan>
}
