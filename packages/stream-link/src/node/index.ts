/**
 * `@bitmesh/stream-link/node`: the Node plumbing of the socket-based transports — `node:net`
 * sockets as byte streams, a `node:dgram` datagram plane, and the emulation directory through
 * which Node adapters stand in for radio discovery.
 * @module
 */
export { socketStream, listenTcp, connectTcp, type TcpListener } from './tcp.js'
export { bindUdp } from './udp.js'
export { memoryDirectory, fileDirectory, type EmulationDirectory, type DirectoryRecord } from './directory.js'
