/**
 * Gozzip nearby mode.
 * @module
 */
export * from './nearby-session.js'
