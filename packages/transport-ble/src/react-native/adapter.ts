/**
 * `blePlxAdapter`: a central-only {@link BlePlatformAdapter} on `react-native-ble-plx` 3.x.
 * ble-plx has no peripheral (GATT server / advertising) role, so a React Native app using only
 * this adapter dials bitchat devices it finds but is not found by them; pair it with a native
 * GATT-server module through your own adapter if the app must be reachable.
 * @module
 */
import type { BleAdapterRoles, BleCentralConnection, BleDiscovery, BlePlatformAdapter, BleScanOptions } from '../adapter.js'
import { CENTRAL_ONLY, centralOnlyPeripheralMethods } from '../central/central-only.js'
import { base64ToBytes } from './base64.js'
import { connectBlePlx } from './connection.js'
import type { BlePlxDevice, BlePlxError, BlePlxManagerLike } from './types.js'

/** RSSI reported when ble-plx gives none (HCI's "not available", below every gate). */
export const BLE_PLX_UNKNOWN_RSSI_DBM = -127

/** Options of {@link blePlxAdapter}. */
export interface BlePlxAdapterOptions {
  /** The app's one `new BleManager()` (ble-plx allows a single instance). */
  manager: BlePlxManagerLike
  /**
   * Called with scan errors (Bluetooth off, unauthorized…). ble-plx stops scanning on such an
   * error; the transport restarts it at the next scan window.
   */
  onError?: (error: BlePlxError) => void
}

/** A ble-plx adapter: central only. */
export interface BlePlxAdapter extends BlePlatformAdapter {
  readonly roles: BleAdapterRoles
}

/**
 * Create a `react-native-ble-plx` central adapter for `bleTransport`.
 * @param options - The manager and an optional scan-error callback.
 * @returns the adapter
 * @throws TypeError without a manager
 */
export function blePlxAdapter(options: BlePlxAdapterOptions): BlePlxAdapter {
  const manager = options?.manager
  if (manager === undefined || typeof manager.startDeviceScan !== 'function') throw new TypeError('blePlxAdapter: a react-native-ble-plx BleManager is required')
  const onError = options.onError
  let scanSeq = 0
  let activeScan = 0

  const toDiscovery = (device: BlePlxDevice, serviceUuid: string): BleDiscovery => {
    const discovery: BleDiscovery = { address: device.id, rssiDbm: device.rssi ?? BLE_PLX_UNKNOWN_RSSI_DBM }
    const data = device.serviceData
    if (data !== null && data !== undefined) {
      const wanted = serviceUuid.toLowerCase()
      for (const key of Object.keys(data)) {
        if (key.toLowerCase() !== wanted) continue
        const bytes = base64ToBytes(data[key]!)
        if (bytes !== null) discovery.serviceData = bytes
        break
      }
    }
    return discovery
  }

  return {
    roles: CENTRAL_ONLY,
    async startScanning(scanOptions: BleScanOptions, onDiscover: (d: BleDiscovery) => void) {
      const id = ++scanSeq
      activeScan = id
      // ble-plx replaces a running scan; late callbacks of an older scan are dropped by `id`.
      await manager.startDeviceScan([scanOptions.serviceUuid], { allowDuplicates: scanOptions.allowDuplicates }, (error, device) => {
        if (activeScan !== id) return
        if (error !== null) {
          activeScan = 0
          onError?.(error)
          return
        }
        if (device !== null) onDiscover(toDiscovery(device, scanOptions.serviceUuid))
      })
    },
    async stopScanning() {
      if (activeScan === 0) return
      activeScan = 0
      await manager.stopDeviceScan()
    },
    connect(address, { signal, server }): Promise<BleCentralConnection> {
      return connectBlePlx(manager, address, server, signal, () => {})
    },
    // ble-plx has no peripheral role; the transport skips it (roles.peripheral false).
    ...centralOnlyPeripheralMethods('react-native-ble-plx'),
  }
}
