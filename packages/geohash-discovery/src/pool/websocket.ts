/**
 * The WebSocket the relay pool is given. Node 20 has no global WebSocket, and React Native and
 * browsers each bring their own, so the pool takes a constructor by injection: the browser /
 * React Native global, or `ws`'s `WebSocket` in Node. Only the `on*` handler properties are
 * used, which all three provide.
 * @module
 */

/** `readyState` value of an open socket (same in every implementation). */
export const WS_OPEN = 1

/** The subset of the WebSocket API the pool uses. */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number
  /** Send a text frame. */
  send(data: string): void
  /** Close the connection. */
  close(code?: number, reason?: string): void
  // Handler parameters are `any` so the DOM, React Native and `ws` classes all fit.
  /** Connection opened. */
  onopen: ((event: any) => void) | null
  /** Message received; `event.data` is a string for text frames. */
  onmessage: ((event: any) => void) | null
  /** Connection closed. */
  onclose: ((event: any) => void) | null
  /** Connection failed. */
  onerror: ((event: any) => void) | null
}

/** A WebSocket constructor: `globalThis.WebSocket`, or `WebSocket` from the `ws` package. */
export type WebSocketConstructor = new (url: string) => WebSocketLike
