/**
 * `react-native-tcp-socket` sockets as {@link ByteStream}s. The module is injected (the app
 * imports it and passes it in), so this file only needs the small structural types below and
 * bundles without the package installed. Untested here: no React Native runtime on CI.
 * @module
 */
import { AbortError, type AbortSignalLike } from '@bitmesh/interface'
import type { ByteStream, ByteStreamHandlers } from '../byte-stream.js'

/** The part of a `react-native-tcp-socket` `Socket` used here (Node-like). */
export interface RnTcpSocket {
  readonly remoteAddress?: string
  readonly remotePort?: number
  write(data: Uint8Array): boolean
  end(): void
  destroy(): void
  setNoDelay?(noDelay?: boolean): void
  on(event: 'data', listener: (data: Uint8Array | string) => void): unknown
  on(event: 'drain' | 'connect', listener: () => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  on(event: 'close', listener: (hadError: boolean) => void): unknown
}

/** The part of a `react-native-tcp-socket` `Server` used here. */
export interface RnTcpServer {
  listen(options: { port: number; host: string; reuseAddress?: boolean }, callback?: () => void): unknown
  address?(): { port: number } | null
  close(callback?: () => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
}

/** The part of the `react-native-tcp-socket` default export used here. */
export interface RnTcpSocketModule {
  createConnection(options: { host: string; port: number; tcpNoDelay?: boolean }, onConnect: () => void): RnTcpSocket
  createServer(onConnection: (socket: RnTcpSocket) => void): RnTcpServer
}

/** Wrap a connected socket (bytes before `setHandlers` are held). */
export function rnSocketStream(socket: RnTcpSocket): ByteStream {
  socket.setNoDelay?.(true)
  let handlers: ByteStreamHandlers | undefined
  const held: Uint8Array[] = []
  let closed = false
  let closeError: unknown
  socket.on('data', (data) => {
    // The native bridge delivers Buffers; a string would mean a mis-set encoding: drop it.
    if (typeof data === 'string') return
    if (handlers === undefined) held.push(data)
    else handlers.data(data)
  })
  socket.on('drain', () => handlers?.drain())
  socket.on('error', (error) => {
    closeError ??= error
  })
  socket.on('close', () => {
    closed = true
    handlers?.close(closeError)
  })
  return {
    remoteAddress: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`,
    setHandlers(h) {
      if (handlers !== undefined) throw new TypeError('setHandlers: already set')
      handlers = h
      for (const chunk of held.splice(0)) h.data(chunk)
      if (closed) h.close(closeError)
    },
    write: (bytes) => (closed ? false : socket.write(bytes)),
    end: () => socket.end(),
    destroy: () => socket.destroy(),
  }
}

/** Listen with `react-native-tcp-socket`; resolves with the bound port and a closer. */
export function rnListen(tcp: RnTcpSocketModule, host: string, port: number, onStream: (s: ByteStream) => void): Promise<{ port: number; close(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = tcp.createServer((socket) => onStream(rnSocketStream(socket)))
    server.on('error', reject)
    server.listen({ port, host, reuseAddress: true }, () =>
      resolve({ port: server.address?.()?.port ?? port, close: () => new Promise<void>((done) => void server.close(() => done())) }),
    )
  })
}

/** Connect with `react-native-tcp-socket`. */
export function rnConnect(tcp: RnTcpSocketModule, host: string, port: number, signal?: AbortSignalLike): Promise<ByteStream> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError())
    const socket = tcp.createConnection({ host, port, tcpNoDelay: true }, () => {
      signal?.removeEventListener('abort', onAbort)
      resolve(stream)
    })
    const stream = rnSocketStream(socket)
    const onAbort = (): void => {
      socket.destroy()
      reject(new AbortError())
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    socket.on('error', (error) => reject(error))
  })
}
