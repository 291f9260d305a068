/**
 * @packageDocumentation
 * Geohash discovery over Nostr for BitMesh, compatible with bitchat (`bitchat-wire.md` §7):
 * geohash utilities with bitchat's channel levels; per-geohash identities; kind-20000 chat and
 * kind-20001 presence; relay selection by distance; a reconnecting relay pool; bitchat's own
 * private-message envelope and standard NIP-17/NIP-44; and Gozzip nearby mode with mutual
 * identity reveal.
 *
 * @example
 * ```ts
 * import WebSocket from 'ws'
 * import { RelayPool, deriveGeohashIdentity, createGeohashChatEvent, geohashChannelFilter, encodeGeohash } from '@bitmesh/geohash-discovery'
 *
 * const clock = { now: () => Date.now(), setTimeout, clearTimeout }
 * const rng = { next: Math.random, randomBytes: (n: number) => crypto.getRandomValues(new Uint8Array(n)) }
 * const geohash = encodeGeohash(52.52, 13.405, 5)
 * const me = deriveGeohashIdentity(deviceSeed, geohash)
 * const pool = new RelayPool({ WebSocket, clock, relays: ['wss://relay.example'] })
 * pool.subscribe([geohashChannelFilter(geohash, clock.now())], { onEvent: (e) => console.log(e.content) })
 * await pool.publish(createGeohashChatEvent({ geohash, content: 'hi' }, me.secretKey, { clock, rng }))
 * ```
 */
export * from './geohash/index.js'
export * from './nostr/index.js'
export * from './bitchat/index.js'
export * from './channels/index.js'
export * from './relays/index.js'
export * from './pool/index.js'
export * from './nearby/index.js'
