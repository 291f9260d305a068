/**
 * bitchat geohash channels (§7.1–7.2).
 * @module
 */
export * from './identity.js'
export * from './events.js'
export * from './filters.js'
export * from './presence-scheduler.js'
