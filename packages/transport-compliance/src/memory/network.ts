/**
 * The shared in-memory medium: every {@link MemoryTransport} of one world registers its address
 * here, and the network's latency, bandwidth and reachability shape every link between them.
 * @module
 */
import type { Clock } from '@bitmesh/interface'
import { Scheduler } from './scheduler.js'

/** Options of {@link MemoryNetwork}. */
export interface MemoryNetworkOptions {
  /** Drives latency and bandwidth; required when `latencyMs > 0` or `bandwidthBytesPerSecond` is set. */
  clock?: Clock
  /** One-way delay, in milliseconds, of every frame, close notice, dial and discovery (default 0). */
  latencyMs?: number
  /**
   * Bytes per second each link direction hands to the "radio"; frames wait in the send queue
   * (counted by `bufferedBytes`) meanwhile. Default: unlimited (the queue drains on the next microtask).
   */
  bandwidthBytesPerSecond?: number
  /** Whether `from` can discover and dial `to` (default: everyone reaches everyone). */
  canReach?: (from: string, to: string) => boolean
}

/** What the network needs from a registered transport. @internal */
export interface MemoryEndpoint {
  readonly address: string
  /** Called when another endpoint becomes reachable (it started, or this one did). */
  discovered(address: string): void
}

/**
 * An in-memory world of memory transports.
 *
 * @example
 * ```ts
 * const network = new MemoryNetwork({ clock, latencyMs: 5 })
 * const a = memoryTransport({ network, address: 'a' })
 * ```
 */
export class MemoryNetwork {
  /** One-way latency in milliseconds. */
  readonly latencyMs: number
  /** Per-direction link bandwidth in bytes per second, or `undefined` for unlimited. */
  readonly bandwidthBytesPerSecond: number | undefined
  /** Runs the network's delayed work. @internal */
  readonly scheduler: Scheduler
  readonly #canReach: (from: string, to: string) => boolean
  readonly #endpoints = new Map<string, MemoryEndpoint>()

  /**
   * @param options see {@link MemoryNetworkOptions}.
   * @throws RangeError for a negative latency or non-positive bandwidth; TypeError when a delay is configured without a clock.
   */
  constructor(options: MemoryNetworkOptions = {}) {
    const latencyMs = options.latencyMs ?? 0
    if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new RangeError('latencyMs must be a finite number >= 0')
    const bandwidth = options.bandwidthBytesPerSecond
    if (bandwidth !== undefined && !(Number.isFinite(bandwidth) && bandwidth > 0)) {
      throw new RangeError('bandwidthBytesPerSecond must be a finite number > 0')
    }
    if ((latencyMs > 0 || bandwidth !== undefined) && options.clock === undefined) {
      throw new TypeError('a clock is required when latencyMs > 0 or bandwidthBytesPerSecond is set')
    }
    this.latencyMs = latencyMs
    this.bandwidthBytesPerSecond = bandwidth
    this.scheduler = new Scheduler(options.clock)
    this.#canReach = options.canReach ?? (() => true)
  }

  /** Whether `from` can currently reach `to` (both must be listening, and `canReach` must allow it). */
  reachable(from: string, to: string): boolean {
    return from !== to && this.#endpoints.has(from) && this.#endpoints.has(to) && this.#canReach(from, to)
  }

  /** Addresses of the transports currently started on this network. */
  addresses(): string[] {
    return [...this.#endpoints.keys()]
  }

  /**
   * Start listening at `endpoint.address` and tell both sides of every reachable pair.
   * @throws RangeError when the address is already taken. @internal
   */
  register(endpoint: MemoryEndpoint): void {
    if (this.#endpoints.has(endpoint.address)) throw new RangeError(`address ${endpoint.address} is already in use`)
    this.#endpoints.set(endpoint.address, endpoint)
    for (const other of this.#endpoints.values()) {
      if (other === endpoint) continue
      if (this.reachable(endpoint.address, other.address)) endpoint.discovered(other.address)
      if (this.reachable(other.address, endpoint.address)) other.discovered(endpoint.address)
    }
  }

  /** Stop listening. Unknown endpoints are ignored. @internal */
  unregister(endpoint: MemoryEndpoint): void {
    if (this.#endpoints.get(endpoint.address) === endpoint) this.#endpoints.delete(endpoint.address)
  }

  /** The endpoint listening at `address`, if any. @internal */
  lookup(address: string): MemoryEndpoint | undefined {
    return this.#endpoints.get(address)
  }
}
