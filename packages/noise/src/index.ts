/**
 * @packageDocumentation
 * `@bitmesh/noise`: the Noise Protocol Framework (rev 34) for `25519_ChaChaPoly_SHA256` —
 * table-driven handshakes (XX, XK, IK, NK and one-way X) — plus bitchat's transport framing
 * (4-byte big-endian explicit nonce, 1 024-nonce replay window). All cryptography goes through
 * an injected `CryptoProvider`, so the same code runs on Node, browsers and React Native.
 *
 * @example
 * ```ts
 * import { HandshakeState, BitchatTransport, generateKeyPair } from '@bitmesh/noise'
 * import { defaultCryptoProvider as crypto } from '@bitmesh/crypto'
 *
 * const alice = new HandshakeState({ crypto, pattern: 'XX', initiator: true, staticKeyPair: generateKeyPair(crypto) })
 * const bob = new HandshakeState({ crypto, pattern: 'XX', initiator: false, staticKeyPair: generateKeyPair(crypto) })
 * bob.readMessage(alice.writeMessage())   // 32 bytes
 * alice.readMessage(bob.writeMessage())   // 96 bytes
 * bob.readMessage(alice.writeMessage())   // 64 bytes
 * const a = new BitchatTransport(alice.split())
 * const b = new BitchatTransport(bob.split())
 * b.decrypt(a.encrypt(new Uint8Array([1, 2, 3])))
 * ```
 */
export * from './constants.js'
export { CipherState } from './cipher-state.js'
export { SymmetricState } from './symmetric-state.js'
export { noiseHkdf } from './hkdf.js'
export { NOISE_SUITE, protocolName } from './protocol-name.js'
export {
  PATTERNS,
  handshakeMessageLength,
  validatePattern,
  type HandshakePattern,
  type MessageToken,
  type PatternName,
  type PreMessageToken,
} from './patterns.js'
export { dh, generateKeyPair, isLowOrderPublicKey, keyPairFromPrivateKey, type KeyPair } from './dh.js'
export {
  HandshakeState,
  type HandshakeOptions,
  type HandshakeStatus,
  type TransportCiphers,
} from './handshake-state.js'
export { createBitchatHandshake, type BitchatHandshakeOptions } from './bitchat.js'
export { ReplayWindow } from './replay-window.js'
export {
  BitchatTransport,
  TransportRejection,
  type TransportCipherPair,
  type TransportRejectionValue,
} from './transport.js'
export * from './session/index.js'
