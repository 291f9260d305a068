/**
 * bitchat's handshake preset (`bitchat-wire.md` §5.1): XX, empty prologue, empty payloads.
 * @module
 */
import { HandshakeState, type HandshakeOptions } from './handshake-state.js'

/** Options of {@link createBitchatHandshake}: everything bitchat leaves to the peer. */
export type BitchatHandshakeOptions = Pick<HandshakeOptions, 'crypto' | 'initiator' | 'staticKeyPair' | 'ephemeralPrivateKey' | 'rng'>

/**
 * Start one side of a bitchat Noise handshake: `Noise_XX_25519_ChaChaPoly_SHA256`, empty
 * prologue. Send `writeMessage()` with no payload; the three messages are 32, 96 and 64 bytes.
 * Wrap `split()` in a `BitchatTransport` once the status is `complete`.
 * @param options - provider, role, our static X25519 key pair (the noise key announced in
 *   bitchat's ANNOUNCE), optional injected ephemeral key or Rng.
 * @returns a fresh {@link HandshakeState}.
 * @throws TypeError when `staticKeyPair` is missing or malformed.
 */
export function createBitchatHandshake(options: BitchatHandshakeOptions): HandshakeState {
  return new HandshakeState({ ...options, pattern: 'XX' })
}
