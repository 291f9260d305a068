/**
 * The data-plane seam of the fast-link transports: a reliable, ordered byte stream (a TCP socket
 * on Android, iOS and Node; a simulated pipe in the simulator) and an optional datagram socket.
 * Adapters hand these to the transport; the transport frames them (`@bitmesh/wire-format` stream
 * framing).
 * @module
 */

/** What a {@link ByteStream} reports to its single owner. */
export interface ByteStreamHandlers {
  /** Bytes arrived. The chunk is only valid during the call. */
  data(chunk: Uint8Array): void
  /** The write buffer fell below its high-water mark after `write` returned `false`. */
  drain(): void
  /** The stream ended (remote end, error or local `end`/`destroy`); fires once. */
  close(error?: unknown): void
}

/** A reliable, ordered byte stream. */
export interface ByteStream {
  /** `host:port` of the remote end. */
  readonly remoteAddress: string
  /**
   * Install the handlers (exactly once, right after the stream was handed over; bytes that
   * arrive earlier are held). A stream that already closed calls `close` at once.
   */
  setHandlers(handlers: ByteStreamHandlers): void
  /**
   * Write bytes; the caller never reuses the array afterwards. Returns `false` when the platform
   * buffer is above its high-water mark: the bytes are queued, wait for `drain`.
   */
  write(bytes: Uint8Array): boolean
  /**
   * Optional gather write: the parts go out back to back (one `writev` on a socket), which lets
   * the framer send its 4-byte header and the caller's frame without copying the frame. The
   * caller must not modify the parts afterwards. Same return value as {@link ByteStream.write}.
   */
  writev?(parts: readonly Uint8Array[]): boolean
  /** Flush what was written, then close. Idempotent. */
  end(): void
  /** Close at once, dropping unsent bytes. Idempotent. */
  destroy(): void
}

/** A bound UDP-style socket: unreliable, unordered whole datagrams. */
export interface DatagramSocket {
  /** Local port the socket is bound to. */
  readonly port: number
  /** Send one datagram (best effort: loss is silent). */
  send(host: string, port: number, bytes: Uint8Array): void
  /** Close the socket. Idempotent. */
  close(): Promise<void>
}

/** Receives the datagrams of a {@link DatagramSocket}. */
export type DatagramHandler = (from: { host: string; port: number }, bytes: Uint8Array) => void

/** Split `host:port` (IPv6 hosts in brackets or bare) into its parts, or `undefined`. */
export function parseHostPort(address: string): { host: string; port: number } | undefined {
  const i = address.lastIndexOf(':')
  if (i <= 0) return undefined
  let host = address.slice(0, i)
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1)
  const port = Number(address.slice(i + 1))
  if (!Number.isInteger(port) || port < 1 || port > 0xffff) return undefined
  return { host, port }
}
