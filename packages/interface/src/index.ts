/**
 * @packageDocumentation
 * The BitMesh contract package: the interfaces every other `@bitmesh/*` package implements or
 * consumes (`Clock`, `Rng`, `CryptoProvider`) and the typed errors they raise. It has no
 * dependencies and almost no runtime code.
 *
 * @example
 * ```ts
 * import { isBitMeshError, type Clock } from '@bitmesh/interface'
 *
 * const systemClock: Clock = {
 *   now: () => Date.now(),
 *   setTimeout: (fn, ms) => setTimeout(fn, ms),
 *   clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
 * }
 * ```
 */
export * from './errors.js'
export * from './events.js'
export * from './transport.js'
export * from './abort.js'
export type * from './store.js'
export type * from './clock.js'
export type * from './rng.js'
export type * from './crypto.js'
