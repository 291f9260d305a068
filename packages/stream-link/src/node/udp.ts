/**
 * Node datagram plane: a `node:dgram` UDP socket as a {@link DatagramSocket}.
 * @module
 */
import { createSocket } from 'node:dgram'
import type { DatagramHandler, DatagramSocket } from '../byte-stream.js'

/**
 * Bind a UDP socket on `host:port` (0: any free port).
 * @param onDatagram - receives every datagram (the array is the handler's)
 */
export function bindUdp(host: string, port: number, onDatagram: DatagramHandler): Promise<DatagramSocket> {
  const socket = createSocket('udp4')
  let closed = false
  socket.on('message', (message, rinfo) => onDatagram({ host: rinfo.address, port: rinfo.port }, new Uint8Array(message)))
  socket.on('error', () => {
    // Best effort by definition: a failed datagram is a lost datagram.
  })
  return new Promise((resolve, reject) => {
    socket.once('error', reject)
    socket.bind(port, host, () => {
      socket.off('error', reject)
      resolve({
        port: socket.address().port,
        send: (toHost, toPort, bytes) => {
          if (!closed) socket.send(bytes, toPort, toHost)
        },
        close: () =>
          new Promise<void>((done) => {
            if (closed) return done()
            closed = true
            socket.close(() => done())
          }),
      })
    })
  })
}
