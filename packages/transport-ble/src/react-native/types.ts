/**
 * The slice of `react-native-ble-plx` 3.x (`BleManager`, `Device`, `Characteristic`,
 * `Subscription`) this adapter uses, typed structurally: the package does not depend on
 * react-native or ble-plx at build time, and a fake manager can stand in for tests.
 * Values cross the bridge as base64 strings, as in ble-plx.
 * @module
 */

/** `Subscription`: a listener registration; `remove()` ends it. */
export interface BlePlxSubscription {
  remove(): void
}

/** `BleError`, reduced to what the adapter reads. */
export interface BlePlxError {
  message: string
  /** `BleErrorCode` number (e.g. 201 DeviceDisconnected, 2 OperationCancelled). */
  errorCode?: number
}

/** `Device` as delivered by scans and connections. */
export interface BlePlxDevice {
  /** MAC address on Android, a per-app UUID on iOS. */
  readonly id: string
  /** Last RSSI in dBm, when known. */
  readonly rssi: number | null
  /** Current ATT MTU of the connection (23 before any exchange). */
  readonly mtu: number
  /** Advertised service data: service UUID → base64 value. */
  readonly serviceData?: Readonly<Record<string, string>> | null
  /** Advertised service UUIDs. */
  readonly serviceUUIDs?: readonly string[] | null
}

/** `Characteristic` as delivered to monitor listeners. */
export interface BlePlxCharacteristic {
  /** Base64 value, `null` when empty or unknown. */
  readonly value: string | null
}

/** `ScanOptions`, reduced. */
export interface BlePlxScanOptions {
  allowDuplicates?: boolean
}

/** `ConnectionOptions`, reduced. */
export interface BlePlxConnectionOptions {
  /** Android only: request this MTU as part of connecting. */
  requestMTU?: number
  /** Milliseconds, Android only. */
  timeout?: number
}

/** `BleManager`, reduced to the calls the adapter makes. */
export interface BlePlxManagerLike {
  startDeviceScan(
    uuids: string[] | null,
    options: BlePlxScanOptions | null,
    listener: (error: BlePlxError | null, device: BlePlxDevice | null) => void,
  ): void | Promise<void>
  stopDeviceScan(): void | Promise<void>
  connectToDevice(deviceId: string, options?: BlePlxConnectionOptions): Promise<BlePlxDevice>
  requestMTUForDevice(deviceId: string, mtu: number, transactionId?: string): Promise<BlePlxDevice>
  discoverAllServicesAndCharacteristicsForDevice(deviceId: string, transactionId?: string): Promise<BlePlxDevice>
  monitorCharacteristicForDevice(
    deviceId: string,
    serviceUuid: string,
    characteristicUuid: string,
    listener: (error: BlePlxError | null, characteristic: BlePlxCharacteristic | null) => void,
    transactionId?: string,
  ): BlePlxSubscription
  writeCharacteristicWithoutResponseForDevice(
    deviceId: string,
    serviceUuid: string,
    characteristicUuid: string,
    base64Value: string,
    transactionId?: string,
  ): Promise<unknown>
  cancelDeviceConnection(deviceId: string): Promise<unknown>
  onDeviceDisconnected(deviceId: string, listener: (error: BlePlxError | null, device: BlePlxDevice | null) => void): BlePlxSubscription
}
