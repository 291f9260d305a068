/**
 * Relay pool: reconnecting sockets, subscriptions, dedup, publish with OK handling.
 * @module
 */
export * from './websocket.js'
export * from './backoff.js'
export { BoundedSet } from './bounded-set.js'
export { parseRelayMessage, type RelayMessage } from './messages.js'
export { RelayConnection, type RelayStatus, type RelayConnectionOptions } from './relay-connection.js'
export * from './relay-pool.js'
