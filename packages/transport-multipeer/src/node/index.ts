/**
 * `@bitmesh/transport-multipeer/node`: the Node adapter (real `node:net` / `node:dgram` sockets,
 * MultipeerConnectivity emulated through a directory).
 * @module
 */
export { nodeMultipeerAdapter, type NodeMultipeerAdapterOptions } from './adapter.js'
export { memoryDirectory, fileDirectory, type EmulationDirectory, type DirectoryRecord } from '@bitmesh/stream-link/node'
