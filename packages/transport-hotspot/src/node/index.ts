/**
 * `@bitmesh/transport-hotspot/node`: the Node adapter (real `node:net` / `node:dgram` sockets,
 * Wi-Fi hotspot lifecycle emulated through a directory).
 * @module
 */
export { nodeHotspotAdapter, type NodeHotspotAdapterOptions } from './adapter.js'
export { memoryDirectory, fileDirectory, type EmulationDirectory, type DirectoryRecord } from '@bitmesh/stream-link/node'
