/**
 * The platform adapter: the small surface through which the BLE transport talks to a radio.
 * One adapter is both GATT central (scan, connect, write without response, receive notifies)
 * and GATT peripheral (advertise, serve the bitchat characteristic, notify subscribed centrals).
 * Implementations: {@link createSimulatedBleAdapter} (in-memory radio), `nodeBleAdapter`
 * (`@abandonware/noble` + `@abandonware/bleno`), and the central-only `webBluetoothAdapter`
 * (`/web-bluetooth`) and `blePlxAdapter` (`/react-native`); Capacitor apps write their own.
 * @module
 */
import type { AbortSignalLike, LinkCloseReason } from '@bitmesh/interface'

/** One advertisement seen while scanning. */
export interface BleDiscovery {
  /** Platform address to pass to {@link BlePlatformAdapter.connect}. */
  address: string
  /** Received signal strength in dBm. */
  rssiDbm: number
  /**
   * Service data of the bitchat service UUID, when the platform exposes it. Android puts its
   * 8-byte peer ID there (scan response); iOS advertises none.
   */
  serviceData?: Uint8Array
  /**
   * BitMesh cluster beacon: service data of {@link BITMESH_BEACON_SERVICE_UUID} from the device's
   * second (non-connectable) advertising set, when it advertises one.
   */
  beacon?: Uint8Array
}

/** What to advertise. */
export interface BleAdvertisement {
  /** Service UUID (canonical dashed upper-case form). */
  serviceUuid: string
  /** Service data for the scan response (Android: the 8-byte peer ID); omitted on iOS. */
  serviceData?: Uint8Array
  /**
   * BitMesh cluster beacon, advertised as service data of {@link BITMESH_BEACON_SERVICE_UUID} in a
   * second, non-connectable advertising set (Android `AdvertisingSet`); omitted when not in
   * cluster mode and on iOS (which cannot advertise service data).
   */
  beacon?: Uint8Array
}

/** Options of {@link BlePlatformAdapter.startScanning}. */
export interface BleScanOptions {
  /** Only report devices advertising this service. */
  serviceUuid: string
  /** Report every advertisement, not just the first per device (needed for RSSI updates). */
  allowDuplicates: boolean
}

/** The GATT server the transport registers on the adapter. */
export interface BleGattServerSpec {
  serviceUuid: string
  characteristicUuid: string
}

/**
 * Callbacks of the peripheral (GATT server) role. `centralId` identifies one connected central
 * (its address where the platform reveals it).
 */
export interface BlePeripheralHandlers {
  /** A central enabled notifications on the characteristic; `attMtu` is the ATT MTU known now. */
  onSubscribe(centralId: string, attMtu: number): void
  /** The ATT MTU of a central's connection changed (MTU exchange finished). */
  onMtu(centralId: string, attMtu: number): void
  /** A central wrote one whole frame (write without response). The array is the listener's. */
  onWrite(centralId: string, bytes: Uint8Array): void
  /** A central disconnected or unsubscribed. */
  onDisconnect(centralId: string, reason: LinkCloseReason): void
}

/** The central side of one GATT connection, already bound to the bitchat characteristic. */
export interface BleCentralConnection {
  /** Address of the peripheral. */
  readonly address: string
  /**
   * Ask for an ATT MTU; resolves with the negotiated ATT MTU (`min(ours, theirs)`), or rejects
   * when negotiation fails (Android then disconnects).
   */
  requestMtu(attMtu: number): Promise<number>
  /** Enable notifications (write the CCCD). */
  subscribe(): Promise<void>
  /**
   * Write one whole frame without response. Resolves when the radio accepted it and the next
   * write may follow (the platform's flow control, e.g. iOS `canSendWriteWithoutResponse`).
   */
  write(bytes: Uint8Array): Promise<void>
  /** Listen for notifications; each carries one whole frame owned by the listener. */
  onNotify(listener: (bytes: Uint8Array) => void): void
  /** Listen for the end of the connection (fires once, also after {@link disconnect}). */
  onDisconnect(listener: (reason: LinkCloseReason) => void): void
  /** Tear the connection down. Idempotent. */
  disconnect(): Promise<void>
}

/**
 * Which GATT roles an adapter can play. Web Bluetooth and `react-native-ble-plx` are central only:
 * they cannot advertise or serve a characteristic.
 */
export interface BleAdapterRoles {
  /** Scan, connect, write, receive notifications. */
  readonly central: boolean
  /** Advertise, serve the characteristic, notify. */
  readonly peripheral: boolean
}

/** The radio, as seen by the BLE transport. */
export interface BlePlatformAdapter {
  /**
   * Roles the adapter supports; omitted means both. With `peripheral: false` the transport never
   * calls `startServer`/`startAdvertising` (it still calls the idempotent stop methods), so it
   * only dials: it is reachable by devices it finds, never found by them.
   */
  readonly roles?: BleAdapterRoles
  /**
   * This device's own address as other devices' scans report it, when known. The transport uses
   * it to break ties when two devices dial each other at once (keep the link whose central has
   * the lower address, and the higher address waits before dialling). Without it both links of
   * a simultaneous double dial stay open: the two ends could not agree which one to close.
   */
  readonly localAddress?: string
  /** Start advertising the service. */
  startAdvertising(advertisement: BleAdvertisement): Promise<void>
  /** Stop advertising. Idempotent. */
  stopAdvertising(): Promise<void>
  /** Start scanning; `onDiscover` runs for every matching advertisement until stopped. */
  startScanning(options: BleScanOptions, onDiscover: (discovery: BleDiscovery) => void): Promise<void>
  /** Stop scanning. Idempotent. */
  stopScanning(): Promise<void>
  /**
   * Connect as central and discover the bitchat characteristic. Aborting `signal` cancels the
   * attempt and rejects.
   */
  connect(address: string, options: { signal?: AbortSignalLike; server: BleGattServerSpec }): Promise<BleCentralConnection>
  /** Publish the GATT service and start delivering peripheral events. */
  startServer(spec: BleGattServerSpec, handlers: BlePeripheralHandlers): Promise<void>
  /** Remove the GATT service, drop every central. Idempotent. */
  stopServer(): Promise<void>
  /** Notify one subscribed central with one whole frame; resolves when the next may follow. */
  notify(centralId: string, bytes: Uint8Array): Promise<void>
  /** Drop one central's connection (where the platform can; otherwise stop talking to it). */
  disconnectCentral(centralId: string): Promise<void>
}
