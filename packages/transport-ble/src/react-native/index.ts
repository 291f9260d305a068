/**
 * @packageDocumentation
 * `@bitmesh/transport-ble/react-native`: a central-only BLE platform adapter on
 * `react-native-ble-plx` 3.x (an optional peer dependency; install it in the app) for
 * `bleTransport`. ble-plx cannot advertise or serve a characteristic, so the app dials
 * the bitchat / BitMesh devices it finds and is not discoverable itself.
 *
 * @example
 * ```ts
 * import { BleManager } from 'react-native-ble-plx'
 * import { bleTransport } from '@bitmesh/transport-ble'
 * import { blePlxAdapter } from '@bitmesh/transport-ble/react-native'
 *
 * const ble = bleTransport({ adapter: blePlxAdapter({ manager: new BleManager() }), clock, rng })
 * ```
 */
export { BLE_PLX_UNKNOWN_RSSI_DBM, blePlxAdapter, type BlePlxAdapter, type BlePlxAdapterOptions } from './adapter.js'
export { BLE_PLX_DEVICE_DISCONNECTED } from './connection.js'
export { base64ToBytes, bytesToBase64 } from './base64.js'
export type * from './types.js'
