/**
 * STUB of `react-native-ble-plx` 3.x: the `BleManager` calls the adapter and mesh.ts make, with
 * ble-plx's signatures. In a real app the package's own types replace this file.
 */
declare module 'react-native-ble-plx' {
  export enum State {
    Unknown = 'Unknown',
    Resetting = 'Resetting',
    Unsupported = 'Unsupported',
    Unauthorized = 'Unauthorized',
    PoweredOff = 'PoweredOff',
    PoweredOn = 'PoweredOn',
  }
  export interface Subscription {
    remove(): void
  }
  export interface BleError extends Error {
    errorCode: number
  }
  export interface Device {
    id: string
    name: string | null
    rssi: number | null
    mtu: number
    serviceData: { [uuid: string]: string } | null
    serviceUUIDs: string[] | null
  }
  export interface Characteristic {
    uuid: string
    value: string | null
  }
  export class BleManager {
    constructor()
    destroy(): Promise<void>
    onStateChange(listener: (state: State) => void, emitCurrentState?: boolean): Subscription
    startDeviceScan(uuids: string[] | null, options: { allowDuplicates?: boolean } | null, listener: (error: BleError | null, device: Device | null) => void): Promise<void>
    stopDeviceScan(): Promise<void>
    connectToDevice(deviceIdentifier: string, options?: { requestMTU?: number; timeout?: number; autoConnect?: boolean }): Promise<Device>
    requestMTUForDevice(deviceIdentifier: string, mtu: number, transactionId?: string): Promise<Device>
    discoverAllServicesAndCharacteristicsForDevice(deviceIdentifier: string, transactionId?: string): Promise<Device>
    monitorCharacteristicForDevice(
      deviceIdentifier: string,
      serviceUUID: string,
      characteristicUUID: string,
      listener: (error: BleError | null, characteristic: Characteristic | null) => void,
      transactionId?: string,
    ): Subscription
    writeCharacteristicWithoutResponseForDevice(deviceIdentifier: string, serviceUUID: string, characteristicUUID: string, base64Value: string, transactionId?: string): Promise<Characteristic>
    cancelDeviceConnection(deviceIdentifier: string): Promise<Device>
    onDeviceDisconnected(deviceIdentifier: string, listener: (error: BleError | null, device: Device | null) => void): Subscription
  }
}
