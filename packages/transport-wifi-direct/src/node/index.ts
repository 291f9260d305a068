/**
 * `@bitmesh/transport-wifi-direct/node`: the Node adapter (real `node:net` / `node:dgram` sockets,
 * Wi-Fi P2P lifecycle emulated through a directory) and the socket helpers it is built from.
 * @module
 */
export { nodeWifiP2pAdapter, type NodeWifiP2pAdapterOptions } from './adapter.js'
export {
  memoryDirectory,
  fileDirectory,
  socketStream,
  listenTcp,
  connectTcp,
  bindUdp,
  type EmulationDirectory,
  type DirectoryRecord,
  type TcpListener,
} from '@bitmesh/stream-link/node'
