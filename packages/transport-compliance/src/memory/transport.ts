/**
 * The reference in-memory {@link Transport} (kind `memory`): what every real transport is measured
 * against, and a fast stand-in for a radio in mesh tests.
 * @module
 */
import {
  AbortError,
  ClosedError,
  TypedEmitter,
  transportSymbol,
  type AbortOptions,
  type Link,
  type LinkCloseReason,
  type Transport,
  type TransportEvents,
  type TransportKind,
} from '@bitmesh/interface'
import { MemoryLink, type MemoryLinkLimits } from './link.js'
import type { MemoryEndpoint, MemoryNetwork } from './network.js'
import type { Task } from './scheduler.js'

/** Default largest frame, in bytes: about what one write carries on a BLE link negotiated to MTU 517. */
export const DEFAULT_MEMORY_MTU_BYTES = 512
/** Default send-queue high-water mark, in bytes, above which `send` returns `false`. */
export const DEFAULT_HIGH_WATER_MARK_BYTES = 16 * 1024
/** Default hard cap of a link's send queue, in bytes; `send` throws `CAPACITY_EXCEEDED` beyond it. */
export const DEFAULT_MAX_QUEUE_BYTES = 1024 * 1024

/** Options of {@link memoryTransport}. */
export interface MemoryTransportOptions {
  /** The shared medium. */
  network: MemoryNetwork
  /** This transport's address on the network (what others `dial`). */
  address: string
  /** Largest frame this end accepts; a link uses the smaller MTU of its two ends (default 512). */
  mtu?: number
  /** `send` returns `false` once this many bytes are queued (default 16 KiB). */
  highWaterMarkBytes?: number
  /** `drain` fires when the queue falls to this many bytes (default: half the high-water mark). */
  lowWaterMarkBytes?: number
  /** Hard cap of the send queue in bytes (default 1 MiB, at least the high-water mark plus one MTU). */
  maxQueueBytes?: number
  /** Reported transport kind (default `memory`), so mesh tests can stand in for other kinds. */
  kind?: TransportKind
}

interface PendingDial {
  readonly task: Task
  readonly fail: (error: unknown) => void
}

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`)
}

/** A {@link Transport} over a {@link MemoryNetwork}. Create one with {@link memoryTransport}. */
export class MemoryTransport extends TypedEmitter<TransportEvents> implements Transport, MemoryEndpoint {
  /** The transport brand (see `isTransport`). */
  readonly [transportSymbol] = true as const
  /** Implements the v1 seam. */
  readonly specificationVersion = 'v1' as const
  /** `memory` unless overridden. */
  readonly kind: TransportKind
  /** This transport's address on its network. */
  readonly address: string
  /** Largest frame this end accepts. */
  readonly mtu: number
  readonly #network: MemoryNetwork
  readonly #limits: MemoryLinkLimits
  #started = false
  #nextLinkNumber = 1
  readonly #links = new Map<string, MemoryLink>()
  #linksView: ReadonlyArray<Link> | undefined
  readonly #tasks = new Set<Task>()
  readonly #dials = new Set<PendingDial>()

  /**
   * @param options see {@link MemoryTransportOptions}.
   * @throws TypeError for a missing network or address; RangeError for inconsistent sizes.
   */
  constructor(options: MemoryTransportOptions) {
    super()
    if (options === null || typeof options !== 'object' || options.network === undefined) {
      throw new TypeError('options.network is required')
    }
    if (typeof options.address !== 'string' || options.address.length === 0) {
      throw new TypeError('options.address must be a non-empty string')
    }
    const mtu = options.mtu ?? DEFAULT_MEMORY_MTU_BYTES
    const highWaterMarkBytes = options.highWaterMarkBytes ?? DEFAULT_HIGH_WATER_MARK_BYTES
    const lowWaterMarkBytes = options.lowWaterMarkBytes ?? Math.floor(highWaterMarkBytes / 2)
    const maxQueueBytes = options.maxQueueBytes ?? Math.max(DEFAULT_MAX_QUEUE_BYTES, highWaterMarkBytes + mtu)
    checkPositiveInteger('mtu', mtu)
    checkPositiveInteger('highWaterMarkBytes', highWaterMarkBytes)
    checkPositiveInteger('maxQueueBytes', maxQueueBytes)
    if (!Number.isSafeInteger(lowWaterMarkBytes) || lowWaterMarkBytes < 0 || lowWaterMarkBytes >= highWaterMarkBytes) {
      throw new RangeError('lowWaterMarkBytes must be an integer in [0, highWaterMarkBytes)')
    }
    if (maxQueueBytes < highWaterMarkBytes + mtu) {
      // Otherwise `send` could throw CAPACITY_EXCEEDED before it ever returned false.
      throw new RangeError('maxQueueBytes must be at least highWaterMarkBytes + mtu')
    }
    this.kind = options.kind ?? 'memory'
    this.address = options.address
    this.mtu = mtu
    this.#network = options.network
    this.#limits = { highWaterMarkBytes, lowWaterMarkBytes, maxQueueBytes }
  }

  /** True between `start()` and `stop()`. */
  get started(): boolean {
    return this.#started
  }

  /** Open links, as a frozen snapshot (a new array after every change). */
  get links(): ReadonlyArray<Link> {
    this.#linksView ??= Object.freeze([...this.#links.values()])
    return this.#linksView
  }

  /**
   * Listen at {@link MemoryTransport.address} (idempotent; a stopped transport may start again).
   * @throws AbortError when `signal` is already aborted; RangeError when the address is taken.
   */
  start(options?: AbortOptions): Promise<void> {
    if (options?.signal?.aborted === true) return Promise.reject(new AbortError(undefined, { cause: options.signal.reason }))
    if (this.#started) return Promise.resolve()
    this.#started = true
    try {
      this.#network.register(this)
    } catch (error) {
      this.#started = false
      return Promise.reject(error)
    }
    return Promise.resolve()
  }

  /** Close every link (`transport-stopped`), fail pending dials with `CLOSED`, cancel every task. Idempotent. */
  stop(): Promise<void> {
    if (!this.#started) return Promise.resolve()
    this.#started = false
    this.#network.unregister(this)
    for (const task of this.#tasks) task.cancel()
    this.#tasks.clear()
    const dials = [...this.#dials]
    this.#dials.clear()
    for (const dial of dials) {
      dial.task.cancel()
      dial.fail(new ClosedError('transport stopped while dialling'))
    }
    for (const link of [...this.#links.values()]) link.closeWith('transport-stopped')
    return Promise.resolve()
  }

  /**
   * Open a link to the transport listening at `address`, after one network latency.
   * @throws (rejects) AbortError when `signal` aborts; ClosedError (`CLOSED`) when this transport is
   *   stopped or nothing reachable listens at `address`; TypeError for a non-string address.
   */
  dial(address: string, options?: AbortOptions): Promise<Link> {
    const signal = options?.signal
    if (signal?.aborted === true) return Promise.reject(new AbortError(undefined, { cause: signal.reason }))
    if (typeof address !== 'string') return Promise.reject(new TypeError('address must be a string'))
    if (!this.#started) return Promise.reject(new ClosedError('transport is not started'))
    if (!this.#network.reachable(this.address, address)) {
      return Promise.reject(new ClosedError(`no reachable memory transport listens at ${address}`))
    }
    return new Promise<Link>((resolve, reject) => {
      const onAbort = (): void => {
        dial.task.cancel()
        this.#dials.delete(dial)
        reject(new AbortError(undefined, { cause: signal?.reason }))
      }
      const dial: PendingDial = {
        task: this.#network.scheduler.schedule(() => {
          this.#dials.delete(dial)
          signal?.removeEventListener('abort', onAbort)
          const target = this.#network.lookup(address)
          if (!this.#started || !(target instanceof MemoryTransport) || !this.#network.reachable(this.address, address)) {
            reject(new ClosedError(`no reachable memory transport listens at ${address}`))
            return
          }
          resolve(this.#openTo(target))
        }, this.#network.latencyMs),
        fail: (error) => {
          signal?.removeEventListener('abort', onAbort)
          reject(error)
        },
      }
      this.#dials.add(dial)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** @internal a reachable transport started (the network calls this). */
  discovered(address: string): void {
    const task = this.#network.scheduler.schedule(() => {
      this.#tasks.delete(task)
      this.emit('peer:discovered', { address })
    }, this.#network.latencyMs)
    this.#tasks.add(task)
  }

  #openTo(target: MemoryTransport): MemoryLink {
    const mtu = Math.min(this.mtu, target.mtu)
    const outbound = this.#createLink(target.address, 'outbound', mtu)
    const inbound = target.#createLink(this.address, 'inbound', mtu)
    MemoryLink.connect(outbound, inbound)
    // The listener learns of the link first, as a peripheral sees the connection before the central's connect resolves.
    target.#adopt(inbound)
    this.#adopt(outbound)
    return outbound
  }

  #createLink(remoteAddress: string, direction: 'inbound' | 'outbound', mtu: number): MemoryLink {
    return new MemoryLink({
      id: `${this.address}#${this.#nextLinkNumber++}`,
      kind: this.kind,
      remoteAddress,
      direction,
      mtu,
      network: this.#network,
      limits: this.#limits,
      onClosed: (link, reason) => this.#forget(link, reason),
    })
  }

  #adopt(link: MemoryLink): void {
    this.#links.set(link.id, link)
    this.#linksView = undefined
    this.emit('link:open', link)
  }

  #forget(link: MemoryLink, reason: LinkCloseReason): void {
    if (!this.#links.delete(link.id)) return
    this.#linksView = undefined
    this.emit('link:close', { link, reason })
  }
}

/**
 * Create a {@link MemoryTransport}.
 * @param options network, address and queue limits; see {@link MemoryTransportOptions}.
 * @returns a stopped transport; call `start()` to listen.
 * @throws TypeError / RangeError for invalid options.
 */
export function memoryTransport(options: MemoryTransportOptions): MemoryTransport {
  return new MemoryTransport(options)
}
