/**
 * `SimulatedWifiP2pWorld`: an in-memory Wi-Fi P2P medium in the virtual time of an injected
 * {@link Clock}. Devices discover each other, owners create groups, members join them, and the
 * group's TCP streams and UDP datagrams travel through simulated pipes with latency and
 * bandwidth. Every device gets its own IP (`10.49.<n>.1`) so many groups share one world.
 * @module
 */
import { AbortError, BitMeshError, ClosedError, ErrorCode, type AbortSignalLike, type Clock, type TimerHandle } from '@bitmesh/interface'
import type { WifiP2pAdapter, WifiP2pDevice, WifiP2pInfo } from '../adapter.js'
import { onAbort, createSimulatedPipe, type ByteStream, type DatagramHandler, type DatagramSocket } from '@bitmesh/stream-link'

/** Options of {@link SimulatedWifiP2pWorld}. */
export interface SimulatedWifiP2pWorldOptions {
  clock: Clock
  /** One-way latency of data in ms (default 2). */
  latencyMs?: number
  /** Airtime per stream direction in bytes per second (default 12.5 MB/s ≈ 100 Mbit/s). */
  bandwidthBytesPerSecond?: number
  /** Time group formation (create or join) takes, in ms (default 500). */
  groupFormationMs?: number
  /** Who can see whom (default everyone). */
  canReach?(from: string, to: string): boolean
}

interface Device {
  readonly address: string
  readonly ip: string
  discovering: ((peers: readonly WifiP2pDevice[]) => void) | undefined
  ownsGroup: boolean
  memberOf: string | undefined
  readonly listeners: Map<number, (stream: ByteStream) => void>
  readonly sockets: Map<number, DatagramHandler>
}

/** The shared medium of one simulated world. */
export class SimulatedWifiP2pWorld {
  readonly clock: Clock
  readonly #latencyMs: number
  readonly #bandwidth: number
  readonly #formationMs: number
  readonly #canReach: (from: string, to: string) => boolean
  readonly #devices = new Map<string, Device>()
  readonly #byIp = new Map<string, Device>()
  readonly #timers = new Set<TimerHandle>()
  #nextPort = 40_000

  /** @param options clock and link conditions */
  constructor(options: SimulatedWifiP2pWorldOptions) {
    this.clock = options.clock
    this.#latencyMs = options.latencyMs ?? 2
    this.#bandwidth = options.bandwidthBytesPerSecond ?? 12_500_000
    this.#formationMs = options.groupFormationMs ?? 500
    this.#canReach = options.canReach ?? (() => true)
  }

  /**
   * Create the adapter of one device.
   * @param deviceAddress - unique P2P device address
   * @returns its adapter
   */
  adapter(deviceAddress: string): WifiP2pAdapter {
    if (this.#devices.has(deviceAddress)) throw new TypeError(`device ${deviceAddress} already exists`)
    const device: Device = {
      address: deviceAddress,
      ip: `10.49.${this.#devices.size + 1}.1`,
      discovering: undefined,
      ownsGroup: false,
      memberOf: undefined,
      listeners: new Map(),
      sockets: new Map(),
    }
    this.#devices.set(deviceAddress, device)
    this.#byIp.set(device.ip, device)
    return new SimulatedWifiP2pAdapter(this, device)
  }

  /** @internal */
  later(fn: () => void, ms: number): TimerHandle {
    const t = this.clock.setTimeout(() => {
      this.#timers.delete(t)
      fn()
    }, ms)
    this.#timers.add(t)
    return t
  }

  /** @internal */
  cancel(t: TimerHandle): void {
    this.#timers.delete(t)
    this.clock.clearTimeout(t)
  }

  /** @internal Peers visible to `device`. */
  peersOf(device: Device): WifiP2pDevice[] {
    const out: WifiP2pDevice[] = []
    for (const other of this.#devices.values()) {
      if (other !== device && this.#canReach(device.address, other.address) && other.discovering !== undefined) {
        out.push({ deviceAddress: other.address, deviceName: other.address, isGroupOwner: other.ownsGroup })
      }
    }
    return out
  }

  /** @internal Tell every discovering device its current peer list (after one latency). */
  announce(): void {
    this.later(() => {
      for (const d of this.#devices.values()) d.discovering?.(this.peersOf(d))
    }, this.#latencyMs)
  }

  get formationMs(): number {
    return this.#formationMs
  }

  /** @internal */
  device(address: string): Device | undefined {
    return this.#devices.get(address)
  }

  /** @internal */
  reachable(from: Device, to: Device): boolean {
    return this.#canReach(from.address, to.address)
  }

  /** @internal Open a stream from `from` to `host:port`, or `undefined` when nothing listens. */
  connectStream(from: Device, host: string, port: number): ByteStream | undefined {
    const target = this.#byIp.get(host)
    const accept = target?.listeners.get(port)
    if (target === undefined || accept === undefined || !this.#canReach(from.address, target.address)) return undefined
    const localPort = this.#nextPort++
    const [mine, theirs] = createSimulatedPipe(`${from.ip}:${localPort}`, `${host}:${port}`, {
      clock: this.clock,
      latencyMs: this.#latencyMs,
      bandwidthBytesPerSecond: this.#bandwidth,
    })
    accept(theirs)
    return mine
  }

  /** @internal */
  allocatePort(): number {
    return this.#nextPort++
  }

  /** @internal Deliver a datagram after one latency. */
  sendDatagram(from: Device, fromPort: number, host: string, port: number, bytes: Uint8Array): void {
    const target = this.#byIp.get(host)
    if (target === undefined || !this.#canReach(from.address, target.address)) return
    const copy = bytes.slice()
    this.later(() => target.sockets.get(port)?.({ host: from.ip, port: fromPort }, copy), this.#latencyMs)
  }
}

class SimulatedWifiP2pAdapter implements WifiP2pAdapter {
  readonly #world: SimulatedWifiP2pWorld
  readonly #device: Device

  constructor(world: SimulatedWifiP2pWorld, device: Device) {
    this.#world = world
    this.#device = device
  }

  get deviceAddress(): string {
    return this.#device.address
  }

  async initialize(): Promise<void> {}

  async createGroup(): Promise<WifiP2pInfo> {
    this.#device.ownsGroup = true
    return this.#info()
  }

  async removeGroup(): Promise<void> {
    this.#device.ownsGroup = false
    this.#device.memberOf = undefined
  }

  async discoverPeers(onPeers: (peers: readonly WifiP2pDevice[]) => void): Promise<void> {
    this.#device.discovering = onPeers
    this.#world.announce()
  }

  async stopPeerDiscovery(): Promise<void> {
    this.#device.discovering = undefined
  }

  connect(deviceAddress: string, options: { signal?: AbortSignalLike }): Promise<WifiP2pInfo> {
    return new Promise((resolve, reject) => {
      if (options.signal?.aborted) return reject(new AbortError())
      const timer = this.#world.later(() => {
        off()
        const owner = this.#world.device(deviceAddress)
        if (owner === undefined || !owner.ownsGroup || !this.#world.reachable(this.#device, owner)) {
          reject(new BitMeshError(ErrorCode.CLOSED, `no Wi-Fi Direct group at ${deviceAddress}`))
          return
        }
        this.#device.memberOf = owner.address
        resolve({ groupFormed: true, isGroupOwner: false, groupOwnerAddress: owner.ip })
      }, this.#world.formationMs)
      const off = onAbort(options.signal, () => {
        this.#world.cancel(timer)
        reject(new AbortError())
      })
    })
  }

  async getConnectionInfo(): Promise<WifiP2pInfo> {
    return this.#info()
  }

  async listen(port: number, onStream: (stream: ByteStream) => void): Promise<number> {
    const bound = port === 0 ? this.#world.allocatePort() : port
    this.#device.listeners.set(bound, onStream)
    return bound
  }

  async stopListening(): Promise<void> {
    this.#device.listeners.clear()
  }

  openStream(host: string, port: number, options: { signal?: AbortSignalLike }): Promise<ByteStream> {
    if (options.signal?.aborted) return Promise.reject(new AbortError())
    const stream = this.#world.connectStream(this.#device, host, port)
    return stream === undefined ? Promise.reject(new ClosedError(`connection refused by ${host}:${port}`)) : Promise.resolve(stream)
  }

  async bindDatagram(port: number, onDatagram: DatagramHandler): Promise<DatagramSocket> {
    const bound = port === 0 ? this.#world.allocatePort() : port
    this.#device.sockets.set(bound, onDatagram)
    const world = this.#world
    const device = this.#device
    return {
      port: bound,
      send: (host, toPort, bytes) => world.sendDatagram(device, bound, host, toPort, bytes),
      close: async () => {
        device.sockets.delete(bound)
      },
    }
  }

  #info(): WifiP2pInfo {
    const d = this.#device
    if (d.ownsGroup) return { groupFormed: true, isGroupOwner: true, groupOwnerAddress: d.ip }
    const owner = d.memberOf === undefined ? undefined : this.#world.device(d.memberOf)
    return owner === undefined ? { groupFormed: false, isGroupOwner: false, groupOwnerAddress: null } : { groupFormed: true, isGroupOwner: false, groupOwnerAddress: owner.ip }
  }
}
