/**
 * @packageDocumentation
 * `@bitmesh/transport-ble/web-bluetooth`: a central-only BLE platform adapter on the browser's
 * Web Bluetooth API, for `bleTransport`. The page dials bitchat / BitMesh phones the user
 * picked in the browser's chooser; it cannot advertise or accept connections.
 *
 * @example
 * ```ts
 * import { bleTransport } from '@bitmesh/transport-ble'
 * import { detectWebBluetooth, webBluetoothAdapter } from '@bitmesh/transport-ble/web-bluetooth'
 *
 * if ((await detectWebBluetooth()).available) {
 *   const adapter = webBluetoothAdapter({ clock })
 *   const ble = bleTransport({ adapter, clock, rng })
 *   await ble.start()
 *   button.onclick = () => adapter.requestDevice() // chooser; the transport then dials it
 * }
 * ```
 */
export {
  WEB_BLUETOOTH_ASSUMED_RSSI_DBM,
  WEB_BLUETOOTH_ATT_MTU,
  WEB_BLUETOOTH_MAX_VALUE_BYTES,
  WEB_BLUETOOTH_REDISCOVER_INTERVAL_MS,
  webBluetoothAdapter,
  type WebBluetoothAdapter,
  type WebBluetoothAdapterOptions,
} from './adapter.js'
export { detectWebBluetooth, globalBluetooth, WebBluetoothUnavailableError, type WebBluetoothSupport } from './detect.js'
export type * from './types.js'
