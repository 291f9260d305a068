/**
 * `nodeBleAdapter`: a {@link BlePlatformAdapter} on `@abandonware/noble` (central) and
 * `@abandonware/bleno` (peripheral). Both libraries open a Bluetooth HCI socket as soon as they
 * are imported, so they are loaded lazily, on the first call that needs the radio, through an
 * injectable loader (tests inject faithful fakes; there is no radio on CI).
 * @module
 */
import { AbortError, BitMeshError, ClosedError, ErrorCode, type AbortSignalLike, type LinkCloseReason } from '@bitmesh/interface'
import { onAbort } from '@bitmesh/interface'
import type {
  BleAdvertisement,
  BleCentralConnection,
  BleDiscovery,
  BleGattServerSpec,
  BlePeripheralHandlers,
  BlePlatformAdapter,
  BleScanOptions,
} from '../adapter.js'
import { DEFAULT_ATT_MTU } from '../constants.js'
import { buildAdvertisingData, normalizeUuid } from './eir.js'
import type { BlenoLike, NobleLike, NodeBleModules, NoblePeripheralLike } from './types.js'

/** Options of {@link nodeBleAdapter}. */
export interface NodeBleAdapterOptions {
  /**
   * Loads the two libraries (default: dynamic `import()` of `@abandonware/noble` and
   * `@abandonware/bleno`, which must be installed by the app: they are optional peer dependencies).
   */
  load?: () => Promise<NodeBleModules>
  /** This host's Bluetooth address, if known (enables the lower-address tie-break for double links). */
  localAddress?: string
  /** Discovered peripherals remembered for `connect` (default 1 024, least recently seen forgotten). */
  maxRememberedPeripherals?: number
}

const DEFAULT_MAX_REMEMBERED = 1_024

/** Import a module by a computed name so bundlers and `tsc` leave the optional peers alone. */
async function importOptional(name: string): Promise<unknown> {
  const mod = (await import(/* @vite-ignore */ name)) as { default?: unknown }
  return mod.default ?? mod
}

/** The default loader: both libraries, imported on first use. */
export async function loadNobleAndBleno(): Promise<NodeBleModules> {
  const [noble, bleno] = await Promise.all([importOptional('@abandonware/noble'), importOptional('@abandonware/bleno')])
  return { noble: noble as NobleLike, bleno: bleno as BlenoLike }
}

/**
 * Create the Node BLE adapter. Nothing is loaded until the transport starts.
 * @param options loader override and local address
 * @returns an adapter for `bleTransport({ adapter })`
 */
export function nodeBleAdapter(options: NodeBleAdapterOptions = {}): BlePlatformAdapter {
  return new NodeBleAdapter(options)
}

class NodeBleAdapter implements BlePlatformAdapter {
  readonly #configuredAddress: string | undefined
  #learnedAddress: string | undefined
  readonly #load: () => Promise<NodeBleModules>
  readonly #maxRemembered: number
  #modules: Promise<NodeBleModules> | undefined
  readonly #peripherals = new Map<string, NoblePeripheralLike>()
  #discoverListener: ((p: NoblePeripheralLike) => void) | undefined
  // Peripheral role. bleno reports which central connected ('accept') but not which one a
  // callback belongs to; on Linux it serves one central at a time, so the latest accepted is it.
  #handlers: BlePeripheralHandlers | undefined
  #currentCentral: string | undefined
  readonly #updateCallbacks = new Map<string, (data: Uint8Array) => void>()
  #blenoListeners: Array<[string, (...args: never[]) => void]> = []

  constructor(options: NodeBleAdapterOptions) {
    this.#configuredAddress = options.localAddress
    this.#load = options.load ?? loadNobleAndBleno
    this.#maxRemembered = options.maxRememberedPeripherals ?? DEFAULT_MAX_REMEMBERED
  }

  /** The configured address, else the one the controller reported (bleno's, as centrals see it). */
  get localAddress(): string | undefined {
    return this.#configuredAddress ?? this.#learnedAddress
  }

  #libs(): Promise<NodeBleModules> {
    if (this.#modules === undefined) {
      const loading = this.#load().then(async (mods) => {
        await Promise.all([poweredOn(mods.noble, 'noble'), poweredOn(mods.bleno, 'bleno')])
        this.#learnedAddress = knownAddress(mods.bleno.address) ?? knownAddress(mods.noble.address)
        return mods
      })
      this.#modules = loading
      // A failed load (library missing, Bluetooth unsupported) may be retried by a later start.
      loading.catch(() => {
        if (this.#modules === loading) this.#modules = undefined
      })
    }
    return this.#modules
  }

  // ── peripheral role (bleno) ─────────────────────────────────────────────────────────────────

  async startAdvertising(advertisement: BleAdvertisement): Promise<void> {
    const { bleno } = await this.#libs()
    const { advertisement: adv, scanResponse } = buildAdvertisingData(advertisement.serviceUuid, advertisement.serviceData)
    await new Promise<void>((resolve, reject) =>
      bleno.startAdvertisingWithEIRData(toBuffer(adv), toBuffer(scanResponse), (error) => (error ? reject(error) : resolve())),
    )
  }

  async stopAdvertising(): Promise<void> {
    if (this.#modules === undefined) return
    const { bleno } = await this.#libs()
    await new Promise<void>((resolve) => bleno.stopAdvertising(() => resolve()))
  }

  async startServer(spec: BleGattServerSpec, handlers: BlePeripheralHandlers): Promise<void> {
    const { bleno } = await this.#libs()
    this.#handlers = handlers
    const characteristic = new bleno.Characteristic({
      uuid: normalizeUuid(spec.characteristicUuid),
      // bitchat's characteristic: read, write, write-without-response, notify (spec §6.1).
      properties: ['read', 'write', 'writeWithoutResponse', 'notify'],
      onWriteRequest: (data, offset, withoutResponse, callback) => {
        if (offset !== 0) {
          if (!withoutResponse) callback(bleno.Characteristic.RESULT_ATTR_NOT_LONG)
          return
        }
        const central = this.#currentCentral
        if (central !== undefined) this.#handlers?.onWrite(central, new Uint8Array(data))
        if (!withoutResponse) callback(bleno.Characteristic.RESULT_SUCCESS)
      },
      onSubscribe: (maxValueSize, updateValueCallback) => {
        const central = this.#currentCentral
        if (central === undefined) return
        this.#updateCallbacks.set(central, updateValueCallback)
        // bleno reports the ATT MTU − 3 it may notify; the seam speaks ATT MTU.
        this.#handlers?.onSubscribe(central, maxValueSize + 3)
      },
      onUnsubscribe: () => {
        const central = this.#currentCentral
        if (central === undefined) return
        this.#updateCallbacks.delete(central)
        this.#handlers?.onDisconnect(central, 'remote')
      },
    })
    const service = new bleno.PrimaryService({ uuid: normalizeUuid(spec.serviceUuid), characteristics: [characteristic] })
    this.#listenBleno(bleno, 'accept', (address: string) => {
      this.#currentCentral = address
    })
    this.#listenBleno(bleno, 'mtuChange', (mtu: number) => {
      if (this.#currentCentral !== undefined) this.#handlers?.onMtu(this.#currentCentral, mtu)
    })
    this.#listenBleno(bleno, 'disconnect', (address: string) => {
      const central = address || this.#currentCentral
      if (central === undefined) return
      if (this.#currentCentral === central) this.#currentCentral = undefined
      if (this.#updateCallbacks.delete(central)) this.#handlers?.onDisconnect(central, 'remote')
    })
    await new Promise<void>((resolve, reject) => bleno.setServices([service], (error) => (error ? reject(error) : resolve())))
  }

  async stopServer(): Promise<void> {
    if (this.#modules === undefined) return
    const { bleno } = await this.#libs()
    for (const [event, listener] of this.#blenoListeners) bleno.removeListener(event, listener)
    this.#blenoListeners = []
    this.#handlers = undefined
    if (this.#updateCallbacks.size > 0) bleno.disconnect()
    this.#updateCallbacks.clear()
    this.#currentCentral = undefined
    await new Promise<void>((resolve) => bleno.setServices([], () => resolve()))
  }

  async notify(centralId: string, bytes: Uint8Array): Promise<void> {
    const update = this.#updateCallbacks.get(centralId)
    if (update === undefined) throw new ClosedError(`central ${centralId} is not subscribed`)
    update(toBuffer(bytes))
  }

  async disconnectCentral(centralId: string): Promise<void> {
    if (this.#modules === undefined || !this.#updateCallbacks.has(centralId)) return
    const { bleno } = await this.#libs()
    this.#updateCallbacks.delete(centralId)
    bleno.disconnect()
  }

  #listenBleno(bleno: BlenoLike, event: string, listener: (...args: never[]) => void): void {
    bleno.on(event, listener)
    this.#blenoListeners.push([event, listener])
  }

  // ── central role (noble) ────────────────────────────────────────────────────────────────────

  async startScanning(options: BleScanOptions, onDiscover: (discovery: BleDiscovery) => void): Promise<void> {
    const { noble } = await this.#libs()
    const service = normalizeUuid(options.serviceUuid)
    if (this.#discoverListener !== undefined) noble.removeListener('discover', this.#discoverListener)
    this.#discoverListener = (p: NoblePeripheralLike) => {
      const address = addressOf(p)
      this.#remember(address, p)
      const discovery: BleDiscovery = { address, rssiDbm: p.rssi }
      const data = p.advertisement.serviceData?.find((entry) => normalizeUuid(entry.uuid) === service)
      if (data !== undefined) discovery.serviceData = new Uint8Array(data.data)
      onDiscover(discovery)
    }
    noble.on('discover', this.#discoverListener)
    await noble.startScanningAsync([service], options.allowDuplicates)
  }

  async stopScanning(): Promise<void> {
    if (this.#modules === undefined) return
    const { noble } = await this.#libs()
    if (this.#discoverListener !== undefined) {
      noble.removeListener('discover', this.#discoverListener)
      this.#discoverListener = undefined
    }
    await noble.stopScanningAsync()
  }

  async connect(address: string, options: { signal?: AbortSignalLike; server: BleGattServerSpec }): Promise<BleCentralConnection> {
    if (options.signal?.aborted) throw new AbortError()
    await this.#libs()
    const p = this.#peripherals.get(address)
    if (p === undefined) throw new BitMeshError(ErrorCode.TIMEOUT, `BLE device ${address} has not been discovered`)
    let aborted = false
    const unAbort = onAbort(options.signal, () => {
      aborted = true
      p.cancelConnect?.()
      void p.disconnectAsync().catch(() => {})
    })
    try {
      await p.connectAsync()
      if (aborted) throw new AbortError()
      const { characteristics } = await p.discoverSomeServicesAndCharacteristicsAsync(
        [normalizeUuid(options.server.serviceUuid)],
        [normalizeUuid(options.server.characteristicUuid)],
      )
      if (aborted) throw new AbortError()
      const ch = characteristics.find((c) => c.uuid === normalizeUuid(options.server.characteristicUuid))
      if (ch === undefined) {
        await p.disconnectAsync().catch(() => {})
        throw new BitMeshError(ErrorCode.UNSUPPORTED, `${address} does not serve the bitchat characteristic`)
      }
      return centralConnection(address, p, ch)
    } catch (error) {
      if (aborted) throw new AbortError('BLE connect aborted', { cause: error })
      throw error
    } finally {
      unAbort()
    }
  }

  #remember(address: string, p: NoblePeripheralLike): void {
    this.#peripherals.delete(address)
    this.#peripherals.set(address, p)
    if (this.#peripherals.size > this.#maxRemembered) {
      const oldest = this.#peripherals.keys().next().value
      if (oldest !== undefined) this.#peripherals.delete(oldest)
    }
  }
}

function centralConnection(address: string, p: NoblePeripheralLike, ch: import('./types.js').NobleCharacteristicLike): BleCentralConnection {
  let localDisconnect = false
  let closed = false
  const dataListeners: Array<(data: Uint8Array) => void> = []
  const disconnectListeners: Array<(reason: LinkCloseReason) => void> = []
  const onData = (data: Uint8Array, isNotification: boolean): void => {
    if (closed || isNotification === false) return
    for (const l of dataListeners) l(new Uint8Array(data))
  }
  const onDisconnect = (): void => {
    if (closed) return
    closed = true
    ch.removeListener('data', onData as never)
    for (const l of disconnectListeners) l(localDisconnect ? 'local' : 'remote')
  }
  ch.on('data', onData as never)
  p.once('disconnect', onDisconnect as never)
  return {
    address,
    // noble runs the ATT MTU exchange itself while connecting; report what it got.
    requestMtu: async (attMtu) => Math.max(DEFAULT_ATT_MTU, Math.min(attMtu, p.mtu ?? DEFAULT_ATT_MTU)),
    subscribe: () => ch.subscribeAsync(),
    write: (bytes) => ch.writeAsync(toBuffer(bytes), true),
    onNotify: (listener) => void dataListeners.push(listener),
    onDisconnect: (listener) => void disconnectListeners.push(listener),
    disconnect: async () => {
      if (closed) return
      localDisconnect = true
      await p.disconnectAsync().catch(() => {})
      // noble fires 'disconnect' itself; make sure listeners see it even if it did not.
      onDisconnect()
      p.removeListener('disconnect', onDisconnect as never)
    },
  }
}

function knownAddress(address: string | undefined): string | undefined {
  return address !== undefined && address !== '' && address !== 'unknown' ? address.toLowerCase() : undefined
}

function addressOf(p: NoblePeripheralLike): string {
  return p.address && p.address !== 'unknown' ? p.address : p.id
}

/** Wrap bytes as a Node Buffer without copying (noble and bleno expect Buffers). */
function toBuffer(bytes: Uint8Array): Uint8Array {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Bluetooth states from which no `poweredOn` will come without the user acting. */
const DEAD_STATES = new Set(['unsupported', 'unauthorized'])

function poweredOn(mod: NobleLike | BlenoLike, name: string): Promise<void> {
  if (mod.state === 'poweredOn') return Promise.resolve()
  if (DEAD_STATES.has(mod.state)) return Promise.reject(new BitMeshError(ErrorCode.UNSUPPORTED, `${name}: Bluetooth is ${mod.state}`))
  return new Promise<void>((resolve, reject) => {
    const listener = (state: string): void => {
      if (state === 'poweredOn') {
        mod.removeListener('stateChange', listener as never)
        resolve()
      } else if (DEAD_STATES.has(state)) {
        mod.removeListener('stateChange', listener as never)
        reject(new BitMeshError(ErrorCode.UNSUPPORTED, `${name}: Bluetooth is ${state}`))
      }
    }
    mod.on('stateChange', listener as never)
  })
}
