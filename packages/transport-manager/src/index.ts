/**
 * @packageDocumentation
 * `@bitmesh/transport-manager`: one `Transport` over many. Per neighbour it picks the best link
 * along Multipeer → Wi-Fi Direct → hotspot → BLE by preference, measured success, latency,
 * throughput and power; upgrades when a faster link comes up and downgrades without losing or
 * duplicating frames when one drops.
 */
export { createTransportManager, TransportManager, type TransportManagerEvents } from './manager.js'
export { ManagedLink } from './managed-link.js'
export { PlainLink } from './plain-link.js'
export type { LinkChoiceEvent, NeighbourSnapshot, TransportManagerExtraEvents, TransportManagerOptions, TransportManagerStats } from './options.js'
export * from './constants.js'
export { ENVELOPE_MAGIC, ENVELOPE_VERSION, EnvelopeType, DATA_HEADER_BYTES } from './envelope.js'
