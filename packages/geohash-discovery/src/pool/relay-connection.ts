/**
 * One relay's socket with reconnect backoff. The pool owns the protocol; this class only keeps
 * a socket open (or retrying) and hands frames up.
 * @module
 */
import type { Clock, TimerHandle } from '@bitmesh/interface'
import { reconnectDelayMs } from './backoff.js'
import { WS_OPEN, type WebSocketConstructor, type WebSocketLike } from './websocket.js'

/** Connection states. `failed`: gave up after the attempt limit; `closed`: closed by the owner. */
export type RelayStatus = 'connecting' | 'open' | 'waiting' | 'failed' | 'closed'

/** Settings of a {@link RelayConnection}. */
export interface RelayConnectionOptions {
  /** Relay URL. */
  url: string
  /** WebSocket implementation. */
  WebSocket: WebSocketConstructor
  /** Timers. */
  clock: Clock
  /** First reconnect delay (ms). */
  initialBackoffMs: number
  /** Reconnect delay cap (ms). */
  maxBackoffMs: number
  /** Consecutive failed attempts before giving up. */
  maxAttempts: number
  /** A connect that has not opened after this long is abandoned (ms). */
  connectTimeoutMs: number
  /** Socket opened. */
  onOpen(): void
  /** Text frame received. */
  onMessage(text: string): void
  /** Status changed. */
  onStatus(status: RelayStatus): void
}

/** A relay socket that reconnects with exponential backoff. */
export class RelayConnection {
  readonly url: string
  readonly #o: RelayConnectionOptions
  #socket: WebSocketLike | null = null
  #status: RelayStatus = 'closed'
  #attempts = 0
  #timer: TimerHandle | undefined
  #connectTimer: TimerHandle | undefined

  /** @param options - URL, socket factory, clock, backoff and callbacks. */
  constructor(options: RelayConnectionOptions) {
    this.url = options.url
    this.#o = options
  }

  /** Current status. */
  get status(): RelayStatus {
    return this.#status
  }

  /** Consecutive failed attempts since the last successful open. */
  get failedAttempts(): number {
    return this.#attempts
  }

  /** Open now (resetting the attempt count), unless already open or connecting. */
  connect(): void {
    if (this.#status === 'open' || this.#status === 'connecting') return
    this.#clearTimers()
    this.#attempts = 0
    this.#open()
  }

  /**
   * Send a text frame.
   * @param text - Frame.
   * @returns False when the socket is not open (nothing sent).
   */
  send(text: string): boolean {
    const s = this.#socket
    if (this.#status !== 'open' || s === null || s.readyState !== WS_OPEN) return false
    try {
      s.send(text)
      return true
    } catch {
      return false
    }
  }

  /** Close for good (no reconnect). */
  close(): void {
    this.#clearTimers()
    this.#setStatus('closed')
    const s = this.#socket
    this.#socket = null
    if (s !== null) {
      detach(s)
      try {
        s.close()
      } catch {
        // Already closed.
      }
    }
  }

  #open(): void {
    this.#setStatus('connecting')
    let socket: WebSocketLike
    try {
      socket = new this.#o.WebSocket(this.url)
    } catch {
      this.#failed()
      return
    }
    this.#socket = socket
    this.#connectTimer = this.#o.clock.setTimeout(() => {
      this.#connectTimer = undefined
      if (this.#socket === socket && this.#status === 'connecting') this.#lost(socket)
    }, this.#o.connectTimeoutMs)
    socket.onopen = () => {
      if (this.#socket !== socket) return
      if (this.#connectTimer !== undefined) this.#o.clock.clearTimeout(this.#connectTimer)
      this.#connectTimer = undefined
      this.#attempts = 0
      this.#setStatus('open')
      this.#o.onOpen()
    }
    socket.onmessage = (event: { data?: unknown }) => {
      if (this.#socket === socket && typeof event.data === 'string') this.#o.onMessage(event.data)
    }
    socket.onerror = () => {
      if (this.#socket === socket) this.#lost(socket)
    }
    socket.onclose = () => {
      if (this.#socket === socket) this.#lost(socket)
    }
  }

  #lost(socket: WebSocketLike): void {
    detach(socket)
    this.#socket = null
    if (this.#connectTimer !== undefined) this.#o.clock.clearTimeout(this.#connectTimer)
    this.#connectTimer = undefined
    try {
      socket.close()
    } catch {
      // Already closed.
    }
    this.#failed()
  }

  #failed(): void {
    if (this.#status === 'closed') return
    if (this.#attempts >= this.#o.maxAttempts) {
      this.#setStatus('failed')
      return
    }
    const delay = reconnectDelayMs(this.#attempts, this.#o.initialBackoffMs, this.#o.maxBackoffMs)
    this.#attempts++
    this.#setStatus('waiting')
    this.#timer = this.#o.clock.setTimeout(() => {
      this.#timer = undefined
      this.#open()
    }, delay)
  }

  #clearTimers(): void {
    if (this.#timer !== undefined) this.#o.clock.clearTimeout(this.#timer)
    if (this.#connectTimer !== undefined) this.#o.clock.clearTimeout(this.#connectTimer)
    this.#timer = undefined
    this.#connectTimer = undefined
  }

  #setStatus(status: RelayStatus): void {
    if (this.#status === status) return
    this.#status = status
    this.#o.onStatus(status)
  }
}

// `ws` is an EventEmitter underneath: an 'error' emitted with no listener (closing a socket that
// is still connecting emits one) would throw, so a detached socket keeps a no-op error handler.
const ignore = (): void => {}

function detach(s: WebSocketLike): void {
  s.onopen = null
  s.onmessage = null
  s.onclose = null
  s.onerror = ignore
}
