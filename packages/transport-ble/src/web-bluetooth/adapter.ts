/**
 * `webBluetoothAdapter`: a central-only {@link BlePlatformAdapter} on Web Bluetooth.
 *
 * A web page cannot advertise, serve a characteristic or scan freely. It can connect to devices
 * the user picked in the browser's chooser (`requestDevice`, from a click) or granted earlier
 * (`getDevices`), and, where the experimental `requestLEScan` is enabled, hear advertisements
 * with RSSI. "Scanning" here therefore means: offer the granted devices to the transport (again
 * every `rediscoverIntervalMs` while it scans, so a failed dial is retried), plus whatever an LE
 * scan the app started hears.
 * @module
 */
import { BitMeshError, ErrorCode, type Clock, type TimerHandle } from '@bitmesh/interface'
import type { BleAdapterRoles, BleCentralConnection, BleDiscovery, BlePlatformAdapter, BleScanOptions } from '../adapter.js'
import { ATT_HEADER_BYTES, BITCHAT_SERVICE_UUID, DEFAULT_ATT_MTU } from '../constants.js'
import { CENTRAL_ONLY, centralOnlyPeripheralMethods } from '../central/central-only.js'
import { connectWebBluetooth } from './connection.js'
import { globalBluetooth, WebBluetoothUnavailableError } from './detect.js'
import type { BluetoothLike, WebBluetoothAdvertisingEvent, WebBluetoothDevice, WebBluetoothLEScan } from './types.js'

/**
 * ATT MTU assumed for every Web Bluetooth connection (link MTU 182). Browsers run the MTU exchange
 * themselves and do not expose the result, and a write without response longer than MTU − 3 fails.
 * 23 (link MTU 20) would be safe but useless: a bitchat packet header alone is 22 bytes. 185 is the
 * smallest MTU that CoreBluetooth (macOS/iOS hosts) negotiates with current phones and below what
 * Chrome on Android (asks for 517), BlueZ and Windows reach with bitchat's 517-capable peripherals.
 */
export const WEB_BLUETOOTH_ATT_MTU = 185
/** Largest value `writeValue*` accepts (Web Bluetooth spec: 512 bytes), so ATT MTU ≤ 515. */
export const WEB_BLUETOOTH_MAX_VALUE_BYTES = 512
/** How often granted, unconnected devices are offered again while the transport scans. */
export const WEB_BLUETOOTH_REDISCOVER_INTERVAL_MS = 2_000
/**
 * RSSI reported for granted devices seen without an advertisement (no LE scan). Above the
 * transport's default −90 dBm gate: the user just picked the device, so it was in range.
 */
export const WEB_BLUETOOTH_ASSUMED_RSSI_DBM = -70

/** Options of {@link webBluetoothAdapter}. */
export interface WebBluetoothAdapterOptions {
  /** The API (default `navigator.bluetooth`); a test double in tests. */
  bluetooth?: BluetoothLike
  /** Service UUID for the chooser filter and LE scans (default bitchat's release UUID). */
  serviceUuid?: string
  /** ATT MTU to assume, 23…515 (default {@link WEB_BLUETOOTH_ATT_MTU}). */
  attMtu?: number
  /** Re-offers granted devices while scanning; without it they are offered once per scan start. */
  clock?: Clock
  /** Interval of those re-offers (default {@link WEB_BLUETOOTH_REDISCOVER_INTERVAL_MS}). */
  rediscoverIntervalMs?: number
  /** RSSI for granted devices seen without an advertisement (default {@link WEB_BLUETOOTH_ASSUMED_RSSI_DBM}). */
  assumedRssiDbm?: number
}

/** A Web Bluetooth adapter: central only, plus the browser's permission steps. */
export interface WebBluetoothAdapter extends BlePlatformAdapter {
  readonly roles: BleAdapterRoles
  /** Ids (`BluetoothDevice.id`, per origin) of the devices this adapter may connect to. */
  readonly devices: readonly string[]
  /**
   * Show the browser's chooser filtered on the service UUID. Call it from a user gesture (click).
   * @returns the picked device's id (its transport address)
   * @throws the browser's `NotFoundError` when the user cancels, `SecurityError` without a gesture
   */
  requestDevice(): Promise<string>
  /**
   * Add the devices this origin was granted earlier (`navigator.bluetooth.getDevices`), no chooser.
   * @returns their ids; empty where the browser lacks `getDevices`
   */
  restoreGrantedDevices(): Promise<string[]>
  /**
   * Start the experimental `requestLEScan` (Chrome with `#enable-experimental-web-platform-features`),
   * from a user gesture. Its advertisements reach the transport with real RSSI and service data.
   * @throws WebBluetoothUnavailableError where the browser lacks `requestLEScan`
   */
  startLEScan(): Promise<void>
  /** Stop that LE scan. Idempotent. */
  stopLEScan(): void
}

/**
 * Create a Web Bluetooth central adapter for `bleTransport`.
 * @param options - API object, service UUID, assumed MTU, clock for re-offers.
 * @returns the adapter
 * @throws WebBluetoothUnavailableError when `navigator.bluetooth` is missing (and none was given)
 * @throws RangeError for an `attMtu` outside 23…515
 */
export function webBluetoothAdapter(options: WebBluetoothAdapterOptions = {}): WebBluetoothAdapter {
  const bluetooth = options.bluetooth ?? globalBluetooth()
  if (bluetooth === undefined) throw new WebBluetoothUnavailableError()
  const attMtu = options.attMtu ?? WEB_BLUETOOTH_ATT_MTU
  if (!Number.isInteger(attMtu) || attMtu < DEFAULT_ATT_MTU || attMtu > WEB_BLUETOOTH_MAX_VALUE_BYTES + ATT_HEADER_BYTES) {
    throw new RangeError(`attMtu must be an integer in ${DEFAULT_ATT_MTU}…${WEB_BLUETOOTH_MAX_VALUE_BYTES + ATT_HEADER_BYTES}`)
  }
  const intervalMs = options.rediscoverIntervalMs ?? WEB_BLUETOOTH_REDISCOVER_INTERVAL_MS
  if (!(intervalMs > 0)) throw new RangeError('rediscoverIntervalMs must be > 0')
  const serviceUuid = (options.serviceUuid ?? BITCHAT_SERVICE_UUID).toLowerCase()
  const assumedRssiDbm = options.assumedRssiDbm ?? WEB_BLUETOOTH_ASSUMED_RSSI_DBM
  const clock = options.clock

  const devices = new Map<string, WebBluetoothDevice>()
  const connected = new Set<string>()
  let scan: { onDiscover: (d: BleDiscovery) => void; timer: TimerHandle | undefined } | undefined
  let leScan: WebBluetoothLEScan | undefined

  const remember = (device: WebBluetoothDevice): void => {
    if (!devices.has(device.id)) devices.set(device.id, device)
  }
  const offerGranted = (): void => {
    const current = scan
    if (current === undefined) return
    for (const id of [...devices.keys()]) {
      if (scan !== current) return // the listener stopped scanning
      if (!connected.has(id)) current.onDiscover({ address: id, rssiDbm: assumedRssiDbm })
    }
  }
  const arm = (): void => {
    const current = scan
    if (clock === undefined || current === undefined) return
    current.timer = clock.setTimeout(() => {
      current.timer = undefined
      offerGranted()
      if (scan === current) arm()
    }, intervalMs)
  }
  const onAdvertisement = (event: unknown): void => {
    const ad = event as WebBluetoothAdvertisingEvent
    if (ad?.device === undefined) return
    remember(ad.device)
    if (scan === undefined) return
    const discovery: BleDiscovery = { address: ad.device.id, rssiDbm: typeof ad.rssi === 'number' ? ad.rssi : assumedRssiDbm }
    const data = ad.serviceData?.get(serviceUuid)
    if (data !== undefined) discovery.serviceData = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
    scan.onDiscover(discovery)
  }

  return {
    roles: CENTRAL_ONLY,
    get devices() {
      return [...devices.keys()]
    },
    async requestDevice() {
      const device = await bluetooth.requestDevice({ filters: [{ services: [serviceUuid] }], optionalServices: [serviceUuid] })
      remember(device)
      if (scan !== undefined && !connected.has(device.id)) scan.onDiscover({ address: device.id, rssiDbm: assumedRssiDbm })
      return device.id
    },
    async restoreGrantedDevices() {
      if (typeof bluetooth.getDevices !== 'function') return []
      const granted = await bluetooth.getDevices()
      for (const device of granted) remember(device)
      offerGranted()
      return granted.map((d) => d.id)
    },
    async startLEScan() {
      if (typeof bluetooth.requestLEScan !== 'function' || typeof bluetooth.addEventListener !== 'function') {
        throw new WebBluetoothUnavailableError('this browser has no navigator.bluetooth.requestLEScan (experimental)')
      }
      if (leScan !== undefined) return
      leScan = await bluetooth.requestLEScan({ filters: [{ services: [serviceUuid] }], keepRepeatedDevices: true })
      bluetooth.addEventListener('advertisementreceived', onAdvertisement)
    },
    stopLEScan() {
      if (leScan === undefined) return
      leScan.stop()
      leScan = undefined
      bluetooth.removeEventListener?.('advertisementreceived', onAdvertisement)
    },
    async startScanning(_options: BleScanOptions, onDiscover: (d: BleDiscovery) => void) {
      stopScan()
      scan = { onDiscover, timer: undefined }
      offerGranted()
      arm()
    },
    async stopScanning() {
      stopScan()
    },
    async connect(address, { signal, server }): Promise<BleCentralConnection> {
      const device = devices.get(address)
      if (device === undefined) throw new BitMeshError(ErrorCode.UNSUPPORTED, `unknown Web Bluetooth device ${address}: grant it with requestDevice() first`)
      connected.add(address)
      try {
        return await connectWebBluetooth(device, server, attMtu, signal, () => connected.delete(address))
      } catch (error) {
        connected.delete(address)
        throw error
      }
    },
    // The peripheral role does not exist in browsers; the transport skips it (roles.peripheral false).
    ...centralOnlyPeripheralMethods('Web Bluetooth'),
  }

  function stopScan(): void {
    if (scan?.timer !== undefined) clock?.clearTimeout(scan.timer)
    scan = undefined
  }
}
