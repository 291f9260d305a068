/**
 * @packageDocumentation
 * `@bitmesh/transport-ble`: bitchat's Bluetooth LE GATT link layer (wire spec §6.1, §6.2, §6.6)
 * as a BitMesh {@link Transport}. Every device is central and peripheral at once; centrals write
 * without response, peripherals notify, one whole frame per write or notification. The link MTU
 * is the negotiated ATT MTU − 3 (517 requested → 514). The transport talks to the radio only
 * through a {@link BlePlatformAdapter}: a simulated one (`SimulatedBleRadio`) and a Node one on
 * noble + bleno (`nodeBleAdapter`) ship here.
 *
 * @example
 * ```ts
 * import { bleTransport, SimulatedBleRadio, createSimulatedBleAdapter } from '@bitmesh/transport-ble'
 *
 * const radio = new SimulatedBleRadio({ clock, rng })
 * const a = bleTransport({ adapter: createSimulatedBleAdapter(radio, { address: 'A' }), clock, rng })
 * const b = bleTransport({ adapter: createSimulatedBleAdapter(radio, { address: 'B' }), clock, rng })
 * b.on('link:open', (link) => link.on('frame', (f) => console.log('got', f.length, 'bytes')))
 * await a.start(); await b.start()
 * const link = await a.dial('B')
 * link.send(new Uint8Array(514))
 * ```
 */
import type { Transport } from '@bitmesh/interface'

export * from './constants.js'
export type {
  BleAdapterRoles,
  BleAdvertisement,
  BleCentralConnection,
  BleDiscovery,
  BleGattServerSpec,
  BlePeripheralHandlers,
  BlePlatformAdapter,
  BleScanOptions,
} from './adapter.js'
export { bleTransport, type BleTransport, type BleTransportInit, type BleTransportStats } from './transport.js'
export { BleLink, type BleLinkInit, type BleLinkIo } from './link.js'
export {
  ANDROID_POWER_MODES,
  CLUSTER_MEMBER_SCAN,
  CONTINUOUS_REEVALUATE_MS,
  DutyCycler,
  IOS_CONTINUOUS_MAX_LINKS,
  IOS_DENSE_LINKS,
  IOS_DENSE_SCHEDULE,
  IOS_SPARSE_SCHEDULE,
  RECENT_TRAFFIC_WINDOW_MS,
  scanScheduleFor,
  type BlePowerMode,
  type DutyCycleContext,
  type DutyCyclerHooks,
  type ScanSchedule,
} from './duty-cycle.js'
export { ConnectBackoff, type ConnectBackoffOptions } from './backoff.js'
export {
  EVERYONE_IN_RANGE,
  SimulatedBleRadio,
  createSimulatedBleAdapter,
  type BleLinkSample,
  type BlePropagationModel,
  type SimulatedBleAdapter,
  type SimulatedBleAdapterOptions,
  type SimulatedBleRadioOptions,
} from './sim/radio.js'
export { loadNobleAndBleno, nodeBleAdapter, type NodeBleAdapterOptions } from './node/adapter.js'
export { buildAdvertisingData, normalizeUuid, uuidToLittleEndian } from './node/eir.js'
export type * from './node/types.js'

/** Re-exported for convenience: the seam this package implements. */
export type { Transport }
