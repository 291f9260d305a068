/**
 * `SimulatedHotspotWorld`: local-only hotspots in the virtual time of an injected
 * {@link Clock}. A head's `startLocalOnlyHotspot` draws an SSID and passphrase from the injected
 * {@link Rng}; members join with the passphrase (a wrong one is refused, as WPA2 would), get an
 * address on that hotspot's LAN, and reach the head over simulated TCP pipes and datagrams.
 * @module
 */
import { AbortError, BitMeshError, ClosedError, ErrorCode, type AbortSignalLike, type Clock, type Rng } from '@bitmesh/interface'
import type { HotspotAdapter, HotspotJoinConfiguration, HotspotReservation } from '../adapter.js'
import { onAbort, createSimulatedPipe, type ByteStream, type DatagramHandler, type DatagramSocket } from '@bitmesh/stream-link'

/** Options of {@link SimulatedHotspotWorld}. */
export interface SimulatedHotspotWorldOptions {
  clock: Clock
  /** SSIDs and passphrases. */
  rng: Rng
  /** One-way latency in ms (default 3). */
  latencyMs?: number
  /** Airtime per stream direction in bytes per second (default 6 250 000 ≈ 50 Mbit/s). */
  bandwidthBytesPerSecond?: number
  /** Time joining a network takes, in ms (default 2 000). */
  joinMs?: number
  /** Who is in Wi-Fi range of whom (default everyone). */
  canReach?(from: string, to: string): boolean
}

interface Network {
  readonly ssid: string
  readonly passphrase: string
  readonly subnet: number
  readonly head: Device
  nextHost: number
}

interface Device {
  readonly label: string
  /** Address per network this device is on (ssid → ip). */
  readonly addresses: Map<string, string>
  readonly listeners: Map<number, (stream: ByteStream) => void>
  readonly sockets: Map<number, DatagramHandler>
  hosting: Network | undefined
}

const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** The shared medium of one simulated world. */
export class SimulatedHotspotWorld {
  readonly #o: SimulatedHotspotWorldOptions
  readonly #networks = new Map<string, Network>()
  readonly #byIp = new Map<string, Device>()
  readonly #labels = new Set<string>()
  #subnets = 42
  #ports = 40_000

  /** @param options clock, rng and link conditions */
  constructor(options: SimulatedHotspotWorldOptions) {
    this.#o = options
  }

  /**
   * The adapter of one device.
   * @param label - unique device label
   */
  adapter(label: string): HotspotAdapter {
    if (this.#labels.has(label)) throw new TypeError(`device ${label} already exists`)
    this.#labels.add(label)
    const device: Device = { label, addresses: new Map(), listeners: new Map(), sockets: new Map(), hosting: undefined }
    const world = this
    const o = this.#o
    const reach = (a: Device, b: Device): boolean => o.canReach?.(a.label, b.label) ?? true
    return {
      localAddress: label,
      async startLocalOnlyHotspot(): Promise<HotspotReservation> {
        if (device.hosting !== undefined) return world.#reservation(device.hosting)
        const ssid = `DIRECT-bm-${world.#random(6)}`
        const network: Network = { ssid, passphrase: world.#random(16), subnet: world.#subnets++, head: device, nextHost: 2 }
        world.#networks.set(ssid, network)
        device.hosting = network
        const ip = `192.168.${network.subnet}.1`
        device.addresses.set(ssid, ip)
        world.#byIp.set(ip, device)
        return world.#reservation(network)
      },
      async stopLocalOnlyHotspot() {
        const n = device.hosting
        if (n === undefined) return
        device.hosting = undefined
        world.#networks.delete(n.ssid)
        for (const [ip, d] of [...world.#byIp]) {
          if (d.addresses.get(n.ssid) === ip) {
            world.#byIp.delete(ip)
            d.addresses.delete(n.ssid)
          }
        }
      },
      joinNetwork(config: HotspotJoinConfiguration, opts: { signal?: AbortSignalLike }): Promise<void> {
        return new Promise((resolve, reject) => {
          if (opts.signal?.aborted) return reject(new AbortError())
          const timer = o.clock.setTimeout(() => {
            off()
            const n = world.#networks.get(config.ssid)
            if (n === undefined || !reach(device, n.head)) return reject(new BitMeshError(ErrorCode.CLOSED, `hotspot ${config.ssid} not in range`))
            if (n.passphrase !== config.passphrase) return reject(new BitMeshError(ErrorCode.AUTH_FAILED, `wrong passphrase for ${config.ssid}`))
            if (!device.addresses.has(n.ssid)) {
              const ip = `192.168.${n.subnet}.${n.nextHost++}`
              device.addresses.set(n.ssid, ip)
              world.#byIp.set(ip, device)
            }
            resolve()
          }, o.joinMs ?? 2_000)
          const off = onAbort(opts.signal, () => {
            o.clock.clearTimeout(timer)
            reject(new AbortError())
          })
        })
      },
      async leaveNetwork(ssid: string) {
        const ip = device.addresses.get(ssid)
        if (ip === undefined || device.hosting?.ssid === ssid) return
        device.addresses.delete(ssid)
        world.#byIp.delete(ip)
      },
      async listen(port: number, onStream: (stream: ByteStream) => void) {
        const bound = port === 0 ? world.#ports++ : port
        device.listeners.set(bound, onStream)
        return bound
      },
      async stopListening() {
        device.listeners.clear()
      },
      async openStream(host: string, port: number, opts: { signal?: AbortSignalLike }) {
        if (opts.signal?.aborted) throw new AbortError()
        const target = world.#byIp.get(host)
        const accept = target?.listeners.get(port)
        const shared = target === undefined ? undefined : [...device.addresses.entries()].find(([ssid]) => target.addresses.has(ssid))
        if (target === undefined || accept === undefined || shared === undefined || !reach(device, target)) throw new ClosedError(`connection refused by ${host}:${port}`)
        const [mine, theirs] = createSimulatedPipe(`${shared[1]}:${world.#ports++}`, `${host}:${port}`, {
          clock: o.clock,
          latencyMs: o.latencyMs ?? 3,
          bandwidthBytesPerSecond: o.bandwidthBytesPerSecond ?? 6_250_000,
        })
        accept(theirs)
        return mine
      },
      async bindDatagram(port: number, onDatagram: DatagramHandler): Promise<DatagramSocket> {
        const bound = port === 0 ? world.#ports++ : port
        device.sockets.set(bound, onDatagram)
        return {
          port: bound,
          send: (host, toPort, bytes) => {
            const target = world.#byIp.get(host)
            const from = target === undefined ? undefined : [...device.addresses.entries()].find(([ssid]) => target.addresses.has(ssid))
            if (target === undefined || from === undefined) return
            const copy = bytes.slice()
            o.clock.setTimeout(() => target.sockets.get(toPort)?.({ host: from[1], port: bound }, copy), o.latencyMs ?? 3)
          },
          close: async () => void device.sockets.delete(bound),
        }
      },
    }
  }

  #reservation(n: Network): HotspotReservation {
    return { ssid: n.ssid, passphrase: n.passphrase, hostAddress: `192.168.${n.subnet}.1` }
  }

  #random(length: number): string {
    let s = ''
    for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(this.#o.rng.next() * ALPHABET.length)]
    return s
  }
}
