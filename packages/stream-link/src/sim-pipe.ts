/**
 * A simulated byte-stream connection for the simulated adapters: what one end writes reaches the
 * other after `bytes / bandwidth` of airtime (per direction, queued behind earlier writes) plus a
 * fixed latency, all in the virtual time of an injected {@link Clock}. Ordered and lossless, like
 * TCP.
 * @module
 */
import type { Clock, TimerHandle } from '@bitmesh/interface'
import type { ByteStream, ByteStreamHandlers } from './byte-stream.js'

/** Link conditions of a simulated pipe. */
export interface SimulatedPipeOptions {
  clock: Clock
  /** One-way delay after airtime, in ms (default 2). */
  latencyMs?: number
  /** Airtime per direction in bytes per second (default 12 500 000 ≈ 100 Mbit/s; `Infinity` for none). */
  bandwidthBytesPerSecond?: number
  /** A write returns `false` while more than this many bytes wait for airtime (default 64 KiB). */
  highWaterBytes?: number
}

/** Default one-way latency of a simulated Wi-Fi pipe in ms. */
export const SIM_PIPE_LATENCY_MS = 2
/** Default airtime of a simulated Wi-Fi pipe in bytes per second (100 Mbit/s). */
export const SIM_PIPE_BANDWIDTH_BYTES_PER_SECOND = 12_500_000
/** Default write high-water mark of a simulated pipe in bytes. */
export const SIM_PIPE_HIGH_WATER_BYTES = 64 * 1024

interface End {
  readonly address: string
  handlers: ByteStreamHandlers | undefined
  held: Uint8Array[]
  closed: boolean
  closeError: unknown
  ending: boolean
  waiting: number
  blocked: boolean
  busyUntil: number
  readonly stream: ByteStream
}

/**
 * Create both ends of a simulated connection.
 * @param a - address of the first end as the second sees it (`host:port`)
 * @param b - address of the second end as the first sees it
 * @param options - clock and link conditions
 * @returns `[endA, endB]`; `endA.remoteAddress === b`
 */
export function createSimulatedPipe(a: string, b: string, options: SimulatedPipeOptions): [ByteStream, ByteStream] {
  const clock = options.clock
  const latencyMs = options.latencyMs ?? SIM_PIPE_LATENCY_MS
  const bandwidth = options.bandwidthBytesPerSecond ?? SIM_PIPE_BANDWIDTH_BYTES_PER_SECOND
  const highWater = options.highWaterBytes ?? SIM_PIPE_HIGH_WATER_BYTES
  const timers = new Set<TimerHandle>()
  const later = (fn: () => void, ms: number): void => {
    const t = clock.setTimeout(() => {
      timers.delete(t)
      fn()
    }, ms)
    timers.add(t)
  }
  const closeEnd = (end: End, error?: unknown): void => {
    if (end.closed) return
    end.closed = true
    end.closeError = error
    end.held = []
    end.handlers?.close(error)
  }
  const deliver = (to: End, bytes: Uint8Array): void => {
    if (to.closed) return
    if (to.handlers === undefined) to.held.push(bytes)
    else to.handlers.data(bytes)
  }
  const make = (address: string, remote: string, peer: () => End): End => {
    const end: End = {
      address,
      handlers: undefined,
      held: [],
      closed: false,
      closeError: undefined,
      ending: false,
      waiting: 0,
      blocked: false,
      busyUntil: 0,
      stream: {
        remoteAddress: remote,
        setHandlers(handlers) {
          if (end.handlers !== undefined) throw new TypeError('setHandlers: already set')
          end.handlers = handlers
          const held = end.held
          end.held = []
          for (const chunk of held) if (!end.closed) handlers.data(chunk)
          if (end.closed) handlers.close(end.closeError)
        },
        write(bytes) {
          if (end.closed || end.ending) return false
          const other = peer()
          const now = clock.now()
          const airtime = Number.isFinite(bandwidth) ? (bytes.length * 1000) / bandwidth : 0
          end.busyUntil = Math.max(now, end.busyUntil) + airtime
          end.waiting += bytes.length
          const sentAt = end.busyUntil
          later(() => {
            end.waiting -= bytes.length
            if (end.blocked && end.waiting <= highWater && !end.closed) {
              end.blocked = false
              end.handlers?.drain()
            }
            later(() => deliver(other, bytes), latencyMs)
          }, sentAt - now)
          if (end.waiting > highWater) end.blocked = true
          return !end.blocked
        },
        end() {
          if (end.closed || end.ending) return
          end.ending = true
          const other = peer()
          // The FIN follows the last byte: after its airtime, then the latency. Scheduled in two
          // steps like the bytes themselves, so a tie on the clock cannot let it overtake them.
          later(
            () =>
              later(() => {
                closeEnd(other)
                closeEnd(end)
              }, latencyMs),
            Math.max(0, end.busyUntil - clock.now()),
          )
        },
        destroy() {
          if (end.closed) return
          const other = peer()
          closeEnd(end)
          // An RST overtakes queued bytes: cancel everything in flight both ways.
          for (const t of timers) clock.clearTimeout(t)
          timers.clear()
          if (!other.closed) later(() => closeEnd(other), latencyMs)
        },
      },
    }
    return end
  }
  let endA: End | undefined
  let endB: End | undefined
  endA = make(a, b, () => endB!)
  endB = make(b, a, () => endA!)
  return [endA.stream, endB.stream]
}
