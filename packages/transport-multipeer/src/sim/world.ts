/**
 * `SimulatedMultipeerWorld`: MultipeerConnectivity in the virtual time of an injected
 * {@link Clock}. Advertisers publish into an in-memory registry, browsers poll it, and each
 * session pair talks over a simulated pipe (latency, bandwidth) running the same emulated MC
 * protocol as the Node adapter. Unreliable messages ride the pipe too (so they are never lost in
 * simulation; the Node adapter sends them as real UDP datagrams).
 * @module
 */
import { ClosedError, type Clock } from '@bitmesh/interface'
import type { MultipeerAdapter } from '../adapter.js'
import { createSimulatedPipe, type ByteStream } from '@bitmesh/stream-link'
import { createEmulatedMultipeerAdapter, type AdvertisementRecord } from '../emulation/session.js'

/** Options of {@link SimulatedMultipeerWorld}. */
export interface SimulatedMultipeerWorldOptions {
  clock: Clock
  /** One-way latency in ms (default 3). */
  latencyMs?: number
  /** Airtime per direction in bytes per second (default 6 250 000 ≈ 50 Mbit/s, AWDL-class). */
  bandwidthBytesPerSecond?: number
  /** Browser poll interval in ms (default 500). */
  discoveryIntervalMs?: number
  /** Who can see and reach whom (default everyone). */
  canReach?(from: string, to: string): boolean
}

/** The shared medium of one simulated world. */
export class SimulatedMultipeerWorld {
  readonly #options: SimulatedMultipeerWorldOptions
  readonly #records = new Map<string, AdvertisementRecord>()
  readonly #listeners = new Map<string, (stream: ByteStream) => void>()
  #ports = 1

  /** @param options clock and link conditions */
  constructor(options: SimulatedMultipeerWorldOptions) {
    this.#options = options
  }

  /**
   * The adapter of one device.
   * @param peerId - its unique `MCPeerID` name
   */
  adapter(peerId: string): MultipeerAdapter {
    const o = this.#options
    const reach = o.canReach ?? (() => true)
    const host = `sim-${peerId}`
    return createEmulatedMultipeerAdapter({
      peerId,
      clock: o.clock,
      ...(o.discoveryIntervalMs === undefined ? {} : { discoveryIntervalMs: o.discoveryIntervalMs }),
      registry: {
        publish: (r) => void this.#records.set(r.peerId, r),
        withdraw: (id) => void this.#records.delete(id),
        list: () => [...this.#records.values()].filter((r) => reach(peerId, r.peerId)),
      },
      listen: async (onStream) => {
        const port = this.#ports++
        const key = `${host}:${port}`
        this.#listeners.set(key, onStream)
        return { host, port, close: async () => void this.#listeners.delete(key) }
      },
      connect: async (toHost, toPort) => {
        const accept = this.#listeners.get(`${toHost}:${toPort}`)
        if (accept === undefined) throw new ClosedError(`nothing listens at ${toHost}:${toPort}`)
        const [mine, theirs] = createSimulatedPipe(`${host}:${this.#ports++}`, `${toHost}:${toPort}`, {
          clock: o.clock,
          latencyMs: o.latencyMs ?? 3,
          bandwidthBytesPerSecond: o.bandwidthBytesPerSecond ?? 6_250_000,
        })
        accept(theirs)
        return mine
      },
    })
  }
}
