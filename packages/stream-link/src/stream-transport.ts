/**
 * The link table shared by the stream-based fast-link transports (Wi-Fi Direct and hotspot):
 * inbound and outbound framed streams become {@link FastLink}s, dials are bounded by a timeout
 * and abortable, and an optional UDP plane carries best-effort broadcast frames. Subclasses add
 * the platform lifecycle (group formation, hotspot start/join).
 * @module
 */
import {
  AbortError,
  BitMeshError,
  ClosedError,
  ErrorCode,
  TimeoutError,
  TypedEmitter,
  transportSymbol,
  type AbortSignalLike,
  type Clock,
  type Link,
  type LinkCloseReason,
  type Transport,
  type TransportEvents,
  type TransportKind,
} from '@bitmesh/interface'
import { createAbortController, onAbort } from '@bitmesh/interface'
import { parseHostPort, type ByteStream, type DatagramSocket } from './byte-stream.js'
import { openFramedStream, type FramedStreamOptions } from './framed-stream.js'
import { FastLink, type FrameSink } from './link.js'

/** Default largest frame of a fast link in bytes (64 KiB). */
export const FAST_LINK_MTU_BYTES = 65_536
/** Default per-link send-queue high-water mark in bytes. */
export const FAST_LINK_HIGH_WATER_BYTES = 512 * 1024
/** Default per-link send-queue cap in bytes. */
export const FAST_LINK_MAX_QUEUE_BYTES = 4 * 1024 * 1024
/** Default time a dial (platform join + TCP connect + preface) may take, in ms. */
export const FAST_LINK_CONNECT_TIMEOUT_MS = 15_000
/** Default time a peer has to send its stream preface, in ms. */
export const FAST_LINK_PREFACE_TIMEOUT_MS = 5_000
/** Largest frame sent as one UDP datagram, in bytes (stays under a 1 500-byte Ethernet MTU). */
export const FAST_LINK_MAX_DATAGRAM_BYTES = 1_400

/** Tuning shared by the stream-based transports. */
export interface StreamTransportOptions {
  clock: Clock
  /** Largest frame this side accepts, in bytes (default 64 KiB); a link uses the smaller of both ends'. */
  mtu?: number
  /** Per-link high-water mark in bytes (default 512 KiB). */
  highWaterBytes?: number
  /** Per-link queue cap in bytes (default 4 MiB; at least high-water mark + MTU). */
  maxQueueBytes?: number
  /** Most links at once (default 16); further inbound streams are refused. */
  maxLinks?: number
  /** Dial deadline in ms (default 15 000). */
  connectTimeoutMs?: number
  /** Preface deadline in ms (default 5 000). */
  prefaceTimeoutMs?: number
}

/** Counters of a stream transport. */
export interface StreamTransportStats {
  linksOpened: number
  /** Inbound streams refused (link limit, not running). */
  linksRefused: number
  dialFailures: number
  /** Streams closed for malformed framing. */
  framingErrors: number
  datagramsSent: number
  datagramsReceived: number
  /** Datagrams from no known link, or too large, dropped. */
  datagramsDropped: number
}

/** Base class: everything but the platform lifecycle. */
export abstract class StreamTransportBase extends TypedEmitter<TransportEvents> implements Transport {
  readonly [transportSymbol] = true as const
  readonly specificationVersion = 'v1' as const
  abstract readonly kind: TransportKind
  readonly stats: StreamTransportStats = {
    linksOpened: 0,
    linksRefused: 0,
    dialFailures: 0,
    framingErrors: 0,
    datagramsSent: 0,
    datagramsReceived: 0,
    datagramsDropped: 0,
  }

  protected readonly clock: Clock
  protected readonly mtuBytes: number
  protected readonly highWaterBytes: number
  protected readonly maxQueueBytes: number
  protected readonly maxLinks: number
  protected readonly connectTimeoutMs: number
  protected readonly prefaceTimeoutMs: number
  protected running = false
  protected datagram: DatagramSocket | undefined

  #linkSeq = 0
  readonly #links = new Map<string, FastLink>()
  #linksView: ReadonlyArray<Link> | undefined
  /** Link → its peer's datagram endpoint (`host:port`), and back. */
  readonly #datagramPeers = new Map<string, FastLink>()
  readonly #pending = new Set<(reason: unknown) => void>()

  /**
   * @param options clock, MTU, queue bounds, link limit and deadlines
   * @throws TypeError without a clock; RangeError for a non-positive or inconsistent bound
   */
  constructor(options: StreamTransportOptions) {
    super()
    if (options.clock === undefined) throw new TypeError('clock is required')
    this.clock = options.clock
    this.mtuBytes = positiveInt(options.mtu ?? FAST_LINK_MTU_BYTES, 'mtu')
    this.highWaterBytes = positiveInt(options.highWaterBytes ?? FAST_LINK_HIGH_WATER_BYTES, 'highWaterBytes')
    this.maxQueueBytes = positiveInt(options.maxQueueBytes ?? Math.max(FAST_LINK_MAX_QUEUE_BYTES, this.highWaterBytes + this.mtuBytes), 'maxQueueBytes')
    if (this.maxQueueBytes < this.highWaterBytes + this.mtuBytes) throw new RangeError('maxQueueBytes must be at least highWaterBytes + mtu')
    this.maxLinks = positiveInt(options.maxLinks ?? 16, 'maxLinks')
    this.connectTimeoutMs = positiveInt(options.connectTimeoutMs ?? FAST_LINK_CONNECT_TIMEOUT_MS, 'connectTimeoutMs')
    this.prefaceTimeoutMs = positiveInt(options.prefaceTimeoutMs ?? FAST_LINK_PREFACE_TIMEOUT_MS, 'prefaceTimeoutMs')
  }

  /** The open links (a frozen snapshot, rebuilt only after a link opens or closes). */
  get links(): ReadonlyArray<Link> {
    this.#linksView ??= Object.freeze([...this.#links.values()])
    return this.#linksView
  }

  abstract start(options?: { signal?: AbortSignalLike }): Promise<void>
  abstract stop(): Promise<void>
  abstract dial(address: string, options?: { signal?: AbortSignalLike }): Promise<Link>

  /**
   * Send one frame as a UDP datagram to every link whose peer has a datagram plane: best effort
   * (may be lost, duplicated or reordered), for broadcasts the mesh tolerates losing.
   * @param frame - at most {@link FAST_LINK_MAX_DATAGRAM_BYTES} bytes
   * @returns how many datagrams were sent
   * @throws BitMeshError `FRAME_TOO_LARGE` above the datagram limit; `CLOSED` when not running
   */
  broadcast(frame: Uint8Array): number {
    if (!this.running) throw new ClosedError('transport is not running')
    if (frame.length > FAST_LINK_MAX_DATAGRAM_BYTES || frame.length === 0) {
      throw new BitMeshError(ErrorCode.FRAME_TOO_LARGE, `datagram frames hold 1..${FAST_LINK_MAX_DATAGRAM_BYTES} bytes, got ${frame.length}`)
    }
    const socket = this.datagram
    if (socket === undefined) return 0
    let sent = 0
    for (const endpoint of this.#datagramPeers.keys()) {
      const hp = parseHostPort(endpoint)
      if (hp === undefined) continue
      socket.send(hp.host, hp.port, frame)
      sent++
    }
    this.stats.datagramsSent += sent
    return sent
  }

  /** A datagram arrived on the UDP plane (subclass wiring). */
  protected onDatagram(from: { host: string; port: number }, bytes: Uint8Array): void {
    const link = this.#datagramPeers.get(`${from.host}:${from.port}`)
    if (link === undefined || bytes.length === 0 || bytes.length > link.mtu) {
      this.stats.datagramsDropped++
      return
    }
    this.stats.datagramsReceived++
    link.receive(bytes.slice())
  }

  /** Accept an inbound stream (subclass wiring for the adapter's listener). */
  protected acceptStream(stream: ByteStream): void {
    if (!this.running || this.#links.size + this.#pending.size >= this.maxLinks) {
      this.stats.linksRefused++
      stream.destroy()
      return
    }
    const handle = openFramedStream(stream, this.#framing(), {
      ready: (remote, sink, mtu) => {
        this.#pending.delete(cancel)
        if (!this.running) return undefined
        return this.#admit(stream, remote.label || stream.remoteAddress, 'inbound', mtu, sink, remote.datagramPort)
      },
      failed: (error) => {
        this.#pending.delete(cancel)
        this.#countFailure(error)
      },
    })
    const cancel = (): void => handle.cancel()
    this.#pending.add(cancel)
  }

  /**
   * Dial: run the platform step `join` (returns the stream to frame), then wait for the peer's
   * preface. Bounded by the connect timeout, abortable, cancelled by `stop()`.
   * @param address - what the link reports as its remote address when the peer sends no label
   * @param join - opens the stream (platform join + TCP connect); receives the combined abort signal
   */
  protected async dialStream(address: string, signal: AbortSignalLike | undefined, join: (signal: AbortSignalLike) => Promise<ByteStream>): Promise<Link> {
    if (signal?.aborted) throw new AbortError()
    if (!this.running) throw new ClosedError(`${this.kind} transport is not running`)
    if (this.#links.size + this.#pending.size >= this.maxLinks) throw new BitMeshError(ErrorCode.CAPACITY_EXCEEDED, `${this.kind}: link limit of ${this.maxLinks} reached`)
    const controller = createAbortController()
    const abort = (reason: unknown): void => controller.abort(reason)
    this.#pending.add(abort)
    const timer = this.clock.setTimeout(() => abort(new TimeoutError(`${this.kind} dial to ${address} timed out after ${this.connectTimeoutMs} ms`)), this.connectTimeoutMs)
    const unsubscribe = onAbort(signal, () => abort(new AbortError()))
    try {
      const aborted = new Promise<never>((_, reject) => onAbort(controller.signal, () => reject(controller.signal.reason)))
      aborted.catch(() => {})
      const joining = join(controller.signal)
      joining.then((late) => controller.signal.aborted && late.destroy(), () => {})
      const stream = await Promise.race([joining, aborted])
      return await Promise.race([
        new Promise<Link>((resolve, reject) => {
          const handle = openFramedStream(stream, this.#framing(), {
            ready: (remote, sink, mtu) => {
              if (!this.running || controller.signal.aborted) {
                reject(new ClosedError('transport stopped while dialling'))
                return undefined
              }
              const link = this.#admit(stream, remote.label || address, 'outbound', mtu, sink, remote.datagramPort)
              resolve(link)
              return link
            },
            failed: reject,
          })
          onAbort(controller.signal, () => handle.cancel())
        }),
        aborted,
      ])
    } catch (error) {
      this.stats.dialFailures++
      this.#countFailure(error)
      throw error
    } finally {
      this.clock.clearTimeout(timer)
      unsubscribe()
      this.#pending.delete(abort)
    }
  }

  /** Close every link and fail every pending dial (subclass `stop()` calls this first). */
  protected async closeAll(): Promise<void> {
    for (const abort of [...this.#pending]) abort(new ClosedError('transport stopped'))
    this.#pending.clear()
    await Promise.allSettled([...this.#links.values()].map((link) => link.shutdown('transport-stopped')))
    if (this.datagram !== undefined) {
      const socket = this.datagram
      this.datagram = undefined
      await socket.close().catch(() => {})
    }
  }

  #framing(): FramedStreamOptions {
    return {
      clock: this.clock,
      maxFrameBytes: this.mtuBytes,
      label: this.localLabel(),
      datagramPort: this.datagram?.port ?? 0,
      prefaceTimeoutMs: this.prefaceTimeoutMs,
    }
  }

  /** The label sent in this side's preface (its platform address). */
  protected abstract localLabel(): string

  #admit(stream: ByteStream, remoteAddress: string, direction: 'inbound' | 'outbound', mtu: number, sink: FrameSink, datagramPort: number): FastLink {
    const link = new FastLink({
      id: `${this.kind}-${++this.#linkSeq}`,
      kind: this.kind,
      remoteAddress,
      direction,
      mtu,
      sink,
      maxQueueBytes: this.maxQueueBytes,
      highWaterBytes: this.highWaterBytes,
      onClosed: (closed, reason) => this.#onClosed(closed, reason, endpoint),
    })
    const host = parseHostPort(stream.remoteAddress)?.host
    const endpoint = datagramPort > 0 && host !== undefined ? `${host}:${datagramPort}` : undefined
    if (endpoint !== undefined) this.#datagramPeers.set(endpoint, link)
    // A malformed record closes the link with the decoder's error: count it.
    link.on('close', ({ error }) => this.#countFailure(error))
    this.#links.set(link.id, link)
    this.#linksView = undefined
    this.stats.linksOpened++
    this.emit('link:open', link)
    return link
  }

  #onClosed(link: FastLink, reason: LinkCloseReason, endpoint: string | undefined): void {
    if (!this.#links.delete(link.id)) return
    this.#linksView = undefined
    if (endpoint !== undefined && this.#datagramPeers.get(endpoint) === link) this.#datagramPeers.delete(endpoint)
    this.emit('link:close', { link, reason })
  }

  #countFailure(error: unknown): void {
    if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === ErrorCode.DECODE_ERROR) this.stats.framingErrors++
  }
}

function positiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`)
  return value
}
