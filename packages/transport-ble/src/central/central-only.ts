/**
 * The peripheral half of a central-only {@link BlePlatformAdapter}: roles and inert methods.
 * @module
 */
import { BitMeshError, ErrorCode } from '@bitmesh/interface'
import type { BleAdapterRoles, BlePlatformAdapter } from '../adapter.js'

/** Roles of an adapter that can only dial. */
export const CENTRAL_ONLY: BleAdapterRoles = Object.freeze({ central: true, peripheral: false })

/** The peripheral-role methods of {@link BlePlatformAdapter}. */
export type BlePeripheralMethods = Pick<BlePlatformAdapter, 'startAdvertising' | 'stopAdvertising' | 'startServer' | 'stopServer' | 'notify' | 'disconnectCentral'>

/**
 * Peripheral-role methods for a platform without that role. The transport skips them when
 * `roles.peripheral` is false (it still calls the idempotent stops), so they are no-ops, and
 * `notify` rejects with UNSUPPORTED.
 * @param platform - Named in the `notify` error, e.g. `'Web Bluetooth'`.
 * @returns the methods, to spread into the adapter
 */
export function centralOnlyPeripheralMethods(platform: string): BlePeripheralMethods {
  return {
    async startAdvertising() {},
    async stopAdvertising() {},
    async startServer() {},
    async stopServer() {},
    notify() {
      return Promise.reject(new BitMeshError(ErrorCode.UNSUPPORTED, `${platform} cannot act as a GATT server`))
    },
    async disconnectCentral() {},
  }
}
