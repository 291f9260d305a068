/**
 * `SimulatedBleRadio`: an in-memory BLE medium shared by every simulated adapter of one world,
 * running in the virtual time of an injected {@link Clock}. It models what the transport above
 * depends on: advertising and scanning within range, GATT connections with connection limits on
 * both ends, ATT MTU exchange, one frame per write/notify delivered after `bytes / bandwidth +
 * latency`, per-frame loss, and supervision (a link whose ends drift out of range drops with
 * reason `out-of-range`). Airtime is modelled per connection direction, not as a shared channel.
 * @module
 */
import {
  AbortError,
  BitMeshError,
  CapacityError,
  ClosedError,
  ErrorCode,
  FrameTooLargeError,
  type AbortSignalLike,
  type Clock,
  type LinkCloseReason,
  type Rng,
  type TimerHandle,
} from '@bitmesh/interface'
import type {
  BleAdvertisement,
  BleCentralConnection,
  BleDiscovery,
  BleGattServerSpec,
  BlePeripheralHandlers,
  BlePlatformAdapter,
  BleScanOptions,
} from '../adapter.js'
import { onAbort } from '@bitmesh/interface'
import { ATT_HEADER_BYTES, DEFAULT_ATT_MTU, REQUESTED_ATT_MTU } from '../constants.js'

/** Signal strength and loss between two radios, or `null` when out of range. */
export interface BleLinkSample {
  /** RSSI at the receiver in dBm. */
  rssiDbm: number
  /** Probability in [0, 1] that one frame or advertisement is lost. */
  lossRate: number
}

/** Where radios are and how well they hear each other; the simulator implements it from positions. */
export interface BlePropagationModel {
  /** Conditions from `from` to `to` now, or `null` when out of range. */
  sample(from: string, to: string): BleLinkSample | null
  /**
   * Optional spatial index: addresses that may be in range of `address`. Without it every
   * advertising radio is sampled on each scan sweep (O(n²) per second in big worlds).
   */
  candidates?(address: string): Iterable<string>
}

/** Everyone in range at −60 dBm, no loss. */
export const EVERYONE_IN_RANGE: BlePropagationModel = { sample: () => ({ rssiDbm: -60, lossRate: 0 }) }

/** Options of {@link SimulatedBleRadio}. */
export interface SimulatedBleRadioOptions {
  /** Virtual time. */
  clock: Clock
  /** Loss draws, discovery phase. */
  rng: Rng
  /** Range, RSSI and loss (default {@link EVERYONE_IN_RANGE}). */
  propagation?: BlePropagationModel
  /** Airtime per connection direction in bytes per second (default 20 000 ≈ 160 kbit/s of GATT goodput). */
  bandwidthBytesPerSecond?: number
  /** Largest ATT MTU a simulated adapter supports unless it says otherwise (default 517). */
  defaultMtu?: number
  /** Called for every frame put on the air (including frames then lost). */
  onTransmit?: (from: string, to: string, bytes: number) => void
  /** One-way latency added to each frame after its airtime (default 5 ms). */
  latencyMs?: number
  /** Time a connection attempt takes to succeed or fail (default 50 ms). */
  connectLatencyMs?: number
  /** Advertising interval: each scanner hears each advertiser in range once per interval (default 1 000 ms). */
  advertisingIntervalMs?: number
  /** How often open connections are checked against the propagation model (default 1 000 ms). */
  supervisionIntervalMs?: number
}

/** Options of {@link createSimulatedBleAdapter}. */
export interface SimulatedBleAdapterOptions {
  /** This radio's address (what others' scans report and what they dial). Unique per radio. */
  address: string
  /** Connections in total this radio accepts (central + peripheral; default 8). */
  maxConnections?: number
  /** Largest ATT MTU this radio supports (default the radio's `defaultMtu`). */
  maxAttMtu?: number
}

/** A simulated adapter: a {@link BlePlatformAdapter} plus world controls. */
export interface SimulatedBleAdapter extends BlePlatformAdapter {
  readonly localAddress: string
  /** Open connections (both roles). */
  readonly connectionCount: number
  /** Switch the radio off: drop every connection, stop advertising, scanning and serving. */
  powerOff(): void
}

interface Pending {
  timer: TimerHandle
  resolve: () => void
}

interface Connection {
  readonly central: Node
  readonly peripheral: Node
  attMtu: number
  subscribed: boolean
  open: boolean
  closeReason: LinkCloseReason | undefined
  busyUntilToPeripheral: number
  busyUntilToCentral: number
  readonly pending: Set<Pending>
  notifyListeners: Array<(bytes: Uint8Array) => void>
  disconnectListeners: Array<(reason: LinkCloseReason) => void>
}

interface Node {
  readonly address: string
  readonly maxConnections: number
  readonly maxAttMtu: number
  advertisement: BleAdvertisement | undefined
  scan: { options: BleScanOptions; onDiscover: (d: BleDiscovery) => void; timer: TimerHandle | undefined } | undefined
  server: { spec: BleGattServerSpec; handlers: BlePeripheralHandlers } | undefined
  readonly connections: Set<Connection>
  readonly timers: Set<TimerHandle>
}

/** Radio defaults. */
const DEFAULT_BANDWIDTH_BYTES_PER_SECOND = 20_000
const DEFAULT_LATENCY_MS = 5
const DEFAULT_CONNECT_LATENCY_MS = 50
const DEFAULT_ADVERTISING_INTERVAL_MS = 1_000
const DEFAULT_SUPERVISION_INTERVAL_MS = 1_000
const DEFAULT_MAX_CONNECTIONS = 8

/** The shared in-memory BLE medium of one simulated world. */
export class SimulatedBleRadio {
  readonly #clock: Clock
  readonly #rng: Rng
  readonly #propagation: BlePropagationModel
  readonly #msPerByte: number
  readonly #defaultMtu: number
  readonly #onTransmit: ((from: string, to: string, bytes: number) => void) | undefined
  readonly #latencyMs: number
  readonly #connectLatencyMs: number
  readonly #advIntervalMs: number
  readonly #supervisionMs: number
  readonly #nodes = new Map<string, Node>()
  readonly #connections = new Set<Connection>()
  #supervisionTimer: TimerHandle | undefined

  /** @param options clock, rng, propagation model and radio figures */
  constructor(options: SimulatedBleRadioOptions) {
    if (options?.clock === undefined || options.rng === undefined) throw new TypeError('SimulatedBleRadio: clock and rng are required')
    this.#clock = options.clock
    this.#rng = options.rng
    this.#propagation = options.propagation ?? EVERYONE_IN_RANGE
    const bandwidth = options.bandwidthBytesPerSecond ?? DEFAULT_BANDWIDTH_BYTES_PER_SECOND
    if (!(bandwidth > 0)) throw new RangeError('bandwidthBytesPerSecond must be > 0')
    this.#msPerByte = 1000 / bandwidth
    this.#defaultMtu = options.defaultMtu ?? REQUESTED_ATT_MTU
    if (!Number.isInteger(this.#defaultMtu) || this.#defaultMtu < DEFAULT_ATT_MTU) throw new RangeError('defaultMtu must be an integer >= 23')
    this.#onTransmit = options.onTransmit
    this.#latencyMs = options.latencyMs ?? DEFAULT_LATENCY_MS
    this.#connectLatencyMs = options.connectLatencyMs ?? DEFAULT_CONNECT_LATENCY_MS
    this.#advIntervalMs = options.advertisingIntervalMs ?? DEFAULT_ADVERTISING_INTERVAL_MS
    this.#supervisionMs = options.supervisionIntervalMs ?? DEFAULT_SUPERVISION_INTERVAL_MS
    if (!(this.#advIntervalMs > 0) || !(this.#supervisionMs > 0)) throw new RangeError('intervals must be > 0')
  }

  /** Open connections in the whole world. */
  get connectionCount(): number {
    return this.#connections.size
  }

  /**
   * Drop every connection whose ends are now out of range (reason `out-of-range`). Runs on its own
   * every `supervisionIntervalMs` while connections exist; a simulator may call it after moving nodes.
   */
  checkRange(): void {
    for (const c of [...this.#connections]) {
      if (this.#propagation.sample(c.central.address, c.peripheral.address) === null) this.#close(c, 'out-of-range', 'out-of-range')
    }
  }

  /**
   * Attach a radio with its own address (prefer {@link createSimulatedBleAdapter}).
   * @throws RangeError when the address is taken
   */
  createAdapter(options: SimulatedBleAdapterOptions): SimulatedBleAdapter {
    const address = options?.address
    if (typeof address !== 'string' || address.length === 0) throw new TypeError('adapter address must be a non-empty string')
    if (this.#nodes.has(address)) throw new RangeError(`address ${address} is already on the radio`)
    const node: Node = {
      address,
      maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
      maxAttMtu: options.maxAttMtu ?? this.#defaultMtu,
      advertisement: undefined,
      scan: undefined,
      server: undefined,
      connections: new Set(),
      timers: new Set(),
    }
    this.#nodes.set(address, node)
    return this.#adapterFor(node)
  }

  #adapterFor(node: Node): SimulatedBleAdapter {
    const radio = this
    return {
      localAddress: node.address,
      get connectionCount() {
        return node.connections.size
      },
      async startAdvertising(advertisement) {
        node.advertisement = {
          ...advertisement,
          ...(advertisement.serviceData && { serviceData: advertisement.serviceData.slice() }),
          ...(advertisement.beacon && { beacon: advertisement.beacon.slice() }),
        }
      },
      async stopAdvertising() {
        node.advertisement = undefined
      },
      async startScanning(options, onDiscover) {
        radio.#stopScan(node)
        node.scan = { options, onDiscover, timer: undefined }
        // The first advertisement of each neighbour arrives within one advertising interval.
        radio.#armSweep(node, radio.#rng.next() * radio.#advIntervalMs)
      },
      async stopScanning() {
        radio.#stopScan(node)
      },
      connect(address, options) {
        return radio.#connect(node, address, options.signal, options.server)
      },
      async startServer(spec, handlers) {
        node.server = { spec, handlers }
      },
      async stopServer() {
        node.server = undefined
        for (const c of [...node.connections]) if (c.peripheral === node) radio.#close(c, 'remote', 'local')
      },
      notify(centralId, bytes) {
        for (const c of node.connections) {
          if (c.peripheral === node && c.central.address === centralId && c.open && c.subscribed) return radio.#transmit(c, 'to-central', bytes)
        }
        return Promise.reject(new ClosedError(`no subscribed central ${centralId}`))
      },
      async disconnectCentral(centralId) {
        for (const c of [...node.connections]) if (c.peripheral === node && c.central.address === centralId) radio.#close(c, 'remote', 'local')
      },
      powerOff() {
        radio.#stopScan(node)
        node.advertisement = undefined
        node.server = undefined
        for (const c of [...node.connections]) radio.#close(c, c.central === node ? 'local' : 'remote', c.peripheral === node ? 'local' : 'remote')
      },
    }
  }

  // ── discovery ───────────────────────────────────────────────────────────────────────────────

  #armSweep(node: Node, delayMs: number): void {
    const scan = node.scan
    if (scan === undefined) return
    scan.timer = this.#clock.setTimeout(() => {
      if (node.scan !== scan) return
      scan.timer = undefined
      this.#sweep(node, scan)
      this.#armSweep(node, this.#advIntervalMs)
    }, delayMs)
  }

  #sweep(node: Node, scan: NonNullable<Node['scan']>): void {
    const candidates = this.#propagation.candidates?.(node.address) ?? this.#nodes.keys()
    for (const address of candidates) {
      if (address === node.address) continue
      const other = this.#nodes.get(address)
      const adv = other?.advertisement
      if (adv === undefined || adv.serviceUuid.toUpperCase() !== scan.options.serviceUuid.toUpperCase()) continue
      const s = this.#propagation.sample(address, node.address)
      if (s === null || (s.lossRate > 0 && this.#rng.next() < s.lossRate)) continue
      const discovery: BleDiscovery = { address, rssiDbm: s.rssiDbm }
      if (adv.serviceData !== undefined) discovery.serviceData = adv.serviceData.slice()
      // The beacon's own advertising set: same interval, same path loss (one sample serves both).
      if (adv.beacon !== undefined) discovery.beacon = adv.beacon.slice()
      scan.onDiscover(discovery)
      if (node.scan !== scan) return // the listener stopped scanning
    }
  }

  #stopScan(node: Node): void {
    if (node.scan?.timer !== undefined) this.#clock.clearTimeout(node.scan.timer)
    node.scan = undefined
  }

  // ── connections ─────────────────────────────────────────────────────────────────────────────

  #connect(central: Node, address: string, signal: AbortSignalLike | undefined, spec: BleGattServerSpec): Promise<BleCentralConnection> {
    return new Promise<BleCentralConnection>((resolve, reject) => {
      if (signal?.aborted) return reject(new AbortError())
      const timer = this.#clock.setTimeout(() => {
        central.timers.delete(timer)
        unAbort()
        try {
          resolve(this.#establish(central, address, spec))
        } catch (error) {
          reject(error)
        }
      }, this.#connectLatencyMs)
      central.timers.add(timer)
      const unAbort = onAbort(signal, () => {
        this.#clock.clearTimeout(timer)
        central.timers.delete(timer)
        reject(new AbortError())
      })
    })
  }

  #establish(central: Node, address: string, spec: BleGattServerSpec): BleCentralConnection {
    const peripheral = this.#nodes.get(address)
    if (peripheral === undefined || peripheral.advertisement === undefined || peripheral.server === undefined) {
      throw new BitMeshError(ErrorCode.TIMEOUT, `no connectable BLE device at ${address}`)
    }
    if (peripheral.server.spec.characteristicUuid.toUpperCase() !== spec.characteristicUuid.toUpperCase()) {
      throw new BitMeshError(ErrorCode.UNSUPPORTED, `${address} does not serve characteristic ${spec.characteristicUuid}`)
    }
    if (this.#propagation.sample(central.address, address) === null) throw new BitMeshError(ErrorCode.TIMEOUT, `${address} is out of range`)
    if (central.connections.size >= central.maxConnections) throw new CapacityError(`${central.address}: connection limit ${central.maxConnections} reached`)
    if (peripheral.connections.size >= peripheral.maxConnections) throw new CapacityError(`${address} refused: connection limit ${peripheral.maxConnections} reached`)
    for (const c of central.connections) {
      if (c.central === central && c.peripheral === peripheral) throw new BitMeshError(ErrorCode.UNSUPPORTED, `${central.address} is already connected to ${address}`)
    }
    const c: Connection = {
      central,
      peripheral,
      attMtu: DEFAULT_ATT_MTU,
      subscribed: false,
      open: true,
      closeReason: undefined,
      busyUntilToPeripheral: 0,
      busyUntilToCentral: 0,
      pending: new Set(),
      notifyListeners: [],
      disconnectListeners: [],
    }
    central.connections.add(c)
    peripheral.connections.add(c)
    this.#connections.add(c)
    this.#armSupervision()
    const roundTrip = (fn: () => void): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        if (!c.open) return reject(new ClosedError('connection closed'))
        const entry: Pending = {
          timer: this.#clock.setTimeout(() => {
            c.pending.delete(entry)
            if (!c.open) return reject(new ClosedError('connection closed'))
            fn()
            // The peer may have refused us from inside its handler (connection limit).
            if (c.open) resolve()
            else reject(new ClosedError('connection closed by the peer'))
          }, 2 * this.#latencyMs),
          resolve: () => reject(new ClosedError('connection closed')),
        }
        c.pending.add(entry)
      })
    return {
      address,
      requestMtu: async (attMtu) => {
        await roundTrip(() => {
          c.attMtu = Math.max(DEFAULT_ATT_MTU, Math.min(attMtu, central.maxAttMtu, peripheral.maxAttMtu))
          peripheral.server?.handlers.onMtu(central.address, c.attMtu)
        })
        return c.attMtu
      },
      subscribe: () =>
        roundTrip(() => {
          c.subscribed = true
          peripheral.server?.handlers.onSubscribe(central.address, c.attMtu)
        }),
      write: (bytes) => this.#transmit(c, 'to-peripheral', bytes),
      onNotify: (listener) => void c.notifyListeners.push(listener),
      onDisconnect: (listener) => {
        if (c.open) c.disconnectListeners.push(listener)
        else listener(c.closeReason ?? 'remote')
      },
      disconnect: async () => this.#close(c, 'local', 'remote'),
    }
  }

  #transmit(c: Connection, direction: 'to-peripheral' | 'to-central', bytes: Uint8Array): Promise<void> {
    if (!c.open) return Promise.reject(new ClosedError('connection closed'))
    if (bytes.length > c.attMtu - ATT_HEADER_BYTES) return Promise.reject(new FrameTooLargeError(bytes.length, c.attMtu - ATT_HEADER_BYTES))
    const from = direction === 'to-peripheral' ? c.central : c.peripheral
    const to = direction === 'to-peripheral' ? c.peripheral : c.central
    const s = this.#propagation.sample(from.address, to.address)
    if (s === null) {
      this.#close(c, 'out-of-range', 'out-of-range')
      return Promise.resolve()
    }
    const now = this.#clock.now()
    const busy = direction === 'to-peripheral' ? c.busyUntilToPeripheral : c.busyUntilToCentral
    const doneAt = Math.max(now, busy) + bytes.length * this.#msPerByte
    if (direction === 'to-peripheral') c.busyUntilToPeripheral = doneAt
    else c.busyUntilToCentral = doneAt
    this.#onTransmit?.(from.address, to.address, bytes.length)
    const lost = s.lossRate > 0 && this.#rng.next() < s.lossRate
    // The receiver owns what it gets: copy once, now, so the sender may reuse its buffer.
    const copy = lost ? undefined : bytes.slice()
    return new Promise<void>((resolve) => {
      const sent: Pending = {
        timer: this.#clock.setTimeout(() => {
          c.pending.delete(sent)
          resolve()
          if (copy === undefined || !c.open) return
          const delivery: Pending = {
            timer: this.#clock.setTimeout(() => {
              c.pending.delete(delivery)
              if (c.open) this.#deliver(c, direction, copy)
            }, this.#latencyMs),
            resolve: () => {},
          }
          c.pending.add(delivery)
        }, doneAt - now),
        resolve,
      }
      c.pending.add(sent)
    })
  }

  #deliver(c: Connection, direction: 'to-peripheral' | 'to-central', bytes: Uint8Array): void {
    if (direction === 'to-peripheral') {
      c.peripheral.server?.handlers.onWrite(c.central.address, bytes)
    } else if (c.subscribed) {
      for (const listener of c.notifyListeners) listener(bytes)
    }
  }

  #close(c: Connection, centralReason: LinkCloseReason, peripheralReason: LinkCloseReason): void {
    if (!c.open) return
    c.open = false
    c.closeReason = centralReason
    for (const p of c.pending) {
      this.#clock.clearTimeout(p.timer)
      p.resolve()
    }
    c.pending.clear()
    c.central.connections.delete(c)
    c.peripheral.connections.delete(c)
    this.#connections.delete(c)
    if (this.#connections.size === 0 && this.#supervisionTimer !== undefined) {
      this.#clock.clearTimeout(this.#supervisionTimer)
      this.#supervisionTimer = undefined
    }
    for (const listener of c.disconnectListeners) listener(centralReason)
    c.notifyListeners = []
    c.disconnectListeners = []
    c.peripheral.server?.handlers.onDisconnect(c.central.address, peripheralReason)
  }

  #armSupervision(): void {
    if (this.#supervisionTimer !== undefined) return
    this.#supervisionTimer = this.#clock.setTimeout(() => {
      this.#supervisionTimer = undefined
      this.checkRange()
      if (this.#connections.size > 0) this.#armSupervision()
    }, this.#supervisionMs)
  }
}

/**
 * Attach a simulated adapter to a shared radio.
 * @param radio the world's medium
 * @param options this radio's address and limits
 * @returns a {@link BlePlatformAdapter} for `bleTransport({ adapter })`
 * @throws RangeError when the address is already on the radio
 */
export function createSimulatedBleAdapter(radio: SimulatedBleRadio, options: SimulatedBleAdapterOptions): SimulatedBleAdapter {
  return radio.createAdapter(options)
}
