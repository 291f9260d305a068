/**
 * Node data plane: `node:net` sockets as {@link ByteStream}s, for the Node adapters of the
 * socket-based transports.
 * @module
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { AbortError, type AbortSignalLike } from '@bitmesh/interface'
import type { ByteStream, ByteStreamHandlers } from '../byte-stream.js'

/**
 * Wrap a connected socket. Bytes arriving before `setHandlers` stay in the socket (it is paused
 * until then), so nothing is lost.
 * @param socket - a connected `net.Socket`
 * @returns the stream
 */
export function socketStream(socket: Socket): ByteStream {
  socket.setNoDelay(true)
  const remoteAddress = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`
  let handlers: ByteStreamHandlers | undefined
  let closed = false
  let closeError: unknown
  socket.on('error', (error) => {
    closeError ??= error
  })
  socket.once('close', () => {
    closed = true
    handlers?.close(closeError)
  })
  return {
    remoteAddress,
    setHandlers(h) {
      if (handlers !== undefined) throw new TypeError('setHandlers: already set')
      handlers = h
      if (closed) {
        h.close(closeError)
        return
      }
      socket.on('data', (chunk: Buffer) => h.data(chunk))
      socket.on('drain', () => h.drain())
    },
    write(bytes) {
      if (socket.destroyed || socket.writableEnded) return false
      return socket.write(bytes)
    },
    writev(parts) {
      if (socket.destroyed || socket.writableEnded) return false
      socket.cork()
      let ok = true
      for (const part of parts) ok = socket.write(part)
      socket.uncork()
      return ok
    },
    end() {
      if (!socket.destroyed) socket.end()
    },
    destroy() {
      socket.destroy()
    },
  }
}

/** A listening TCP server. */
export interface TcpListener {
  readonly port: number
  close(): Promise<void>
}

/**
 * Listen on `host:port` (0: any free port).
 * @param onStream - called with every accepted stream
 * @returns the bound listener
 */
export function listenTcp(host: string, port: number, onStream: (stream: ByteStream) => void): Promise<TcpListener> {
  const sockets = new Set<Socket>()
  const server: Server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    onStream(socketStream(socket))
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      const address = server.address()
      const bound = typeof address === 'object' && address !== null ? address.port : port
      resolve({
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            // Accepted sockets belong to links, which the transport closes; just stop accepting.
            server.close(() => done())
          }),
      })
    })
  })
}

/**
 * Connect to `host:port`.
 * @param signal - aborting destroys the half-open socket and rejects with `AbortError`
 */
export function connectTcp(host: string, port: number, signal?: AbortSignalLike): Promise<ByteStream> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError())
    const socket = createConnection({ host, port, noDelay: true })
    const onAbort = (): void => {
      socket.destroy()
      reject(new AbortError())
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    socket.once('error', (error) => {
      signal?.removeEventListener('abort', onAbort)
      reject(error)
    })
    socket.once('connect', () => {
      signal?.removeEventListener('abort', onAbort)
      socket.removeAllListeners('error')
      resolve(socketStream(socket))
    })
  })
}
