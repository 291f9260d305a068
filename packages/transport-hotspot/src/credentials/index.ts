/**
 * The hotspot credential exchange: codec, errors, head issuer and member requester.
 * @module
 */
export * from './codec.js'
export * from './errors.js'
export * from './exchange.js'
