/**
 * The parts of `@abandonware/noble` and `@abandonware/bleno` the Node adapter uses, declared
 * structurally so the package compiles (and its tests run) without either library installed.
 * Byte arrays are Node `Buffer`s at runtime; `Uint8Array` is the part we rely on.
 * @module
 */

/** Node-style event emitter surface. */
export interface EventSourceLike {
  on(event: string, listener: (...args: never[]) => void): unknown
  once(event: string, listener: (...args: never[]) => void): unknown
  removeListener(event: string, listener: (...args: never[]) => void): unknown
}

/** One service-data entry of a noble advertisement. */
export interface NobleServiceData {
  /** Lower-case hex UUID without dashes. */
  uuid: string
  data: Uint8Array
}

/** A noble characteristic (only what the adapter calls). */
export interface NobleCharacteristicLike extends EventSourceLike {
  /** Lower-case hex UUID without dashes. */
  readonly uuid: string
  writeAsync(data: Uint8Array, withoutResponse: boolean): Promise<void>
  subscribeAsync(): Promise<void>
}

/** A noble peripheral (a remote GATT server). */
export interface NoblePeripheralLike extends EventSourceLike {
  readonly id: string
  /** MAC address, or `''`/`'unknown'` where the OS hides it (macOS). */
  readonly address: string
  readonly rssi: number
  /** ATT MTU after connecting (noble exchanges it itself), `null`/`undefined` before. */
  readonly mtu?: number | null
  readonly advertisement: { serviceUuids?: string[]; serviceData?: NobleServiceData[] }
  connectAsync(): Promise<void>
  disconnectAsync(): Promise<void>
  cancelConnect?(): void
  discoverSomeServicesAndCharacteristicsAsync(
    serviceUuids: string[],
    characteristicUuids: string[],
  ): Promise<{ characteristics: NobleCharacteristicLike[] }>
}

/** The noble module (central role). */
export interface NobleLike extends EventSourceLike {
  readonly state: string
  /** The local controller's address once known (`'unknown'` before; absent on some platforms). */
  readonly address?: string
  startScanningAsync(serviceUuids?: string[], allowDuplicates?: boolean): Promise<void>
  stopScanningAsync(): Promise<void>
}

/** Options bleno's `Characteristic` constructor takes (handlers are copied onto the instance). */
export interface BlenoCharacteristicOptions {
  uuid: string
  properties: string[]
  onWriteRequest(data: Uint8Array, offset: number, withoutResponse: boolean, callback: (result: number) => void): void
  onSubscribe(maxValueSize: number, updateValueCallback: (data: Uint8Array) => void): void
  onUnsubscribe(): void
}

/** The bleno module (peripheral role). */
export interface BlenoLike extends EventSourceLike {
  readonly state: string
  /** The local controller's address once known (`'unknown'` before). */
  readonly address?: string
  startAdvertisingWithEIRData(advertisementData: Uint8Array, scanData: Uint8Array, callback?: (error?: Error | null) => void): void
  stopAdvertising(callback?: () => void): void
  setServices(services: unknown[], callback?: (error?: Error | null) => void): void
  disconnect(): void
  readonly PrimaryService: new (options: { uuid: string; characteristics: unknown[] }) => unknown
  readonly Characteristic: (new (options: BlenoCharacteristicOptions) => unknown) & {
    readonly RESULT_SUCCESS: number
    readonly RESULT_ATTR_NOT_LONG: number
  }
}

/** Both libraries, as the adapter's loader returns them. */
export interface NodeBleModules {
  noble: NobleLike
  bleno: BlenoLike
}
