/**
 * Relay lists and distance-based selection.
 * @module
 */
export * from './directory.js'
export { SAMPLE_RELAYS_CSV } from './sample-relays.js'
