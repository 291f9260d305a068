/**
 * Bridging mesh islands over Nostr (issue #9): options, the bridge event format and the gateway.
 * @module
 */
export { NostrBridge, type BridgeHooks } from './bridge.js'
export { createBridgeEvent, parseBridgeEvent, type BridgedFrame } from './bridge-event.js'
export { resolveBridgeOptions, type MeshBridgeOptions, type ResolvedBridgeOptions } from './options.js'
export * from './constants.js'
