/**
 * bitchat's private messages over Nostr (§7.4).
 * @module
 */
export * from './envelope.js'
export * from './embedded.js'
export * from './private-message.js'
