/**
 * One established Noise session with a peer: the bitchat transport plus the facts the manager
 * needs to age it, rekey it and run the authenticated-peer-state exchange.
 * @module
 */
import { BitchatTransport } from '../transport.js'
import type { TransportCiphers } from '../handshake-state.js'
import type { NoiseRole } from './types.js'

/** Internal: an established session. Not exported from the package entry. */
export class EstablishedSession {
  /** Message protection (4-byte nonce framing, replay window). */
  readonly transport: BitchatTransport
  /** Our role in the handshake that produced the session. */
  readonly role: NoiseRole
  /** `clock.now()` at establishment. */
  readonly establishedAtMs: number
  /** The peer's authenticated static key (32 bytes). */
  readonly remoteStaticPublicKey: Uint8Array
  /** Final handshake hash (32 bytes). */
  readonly handshakeHash: Uint8Array
  /** Whether our `0x21` peer state went out in this session (§2.5.6). */
  peerStateSent = false
  /** Whether the peer's first `0x21` arrived in this session. */
  peerStateReceived = false

  /**
   * @param ciphers - `HandshakeState.split()` output; the session takes ownership of the ciphers.
   * @param role - our role.
   * @param nowMs - establishment time.
   */
  constructor(ciphers: TransportCiphers, role: NoiseRole, nowMs: number) {
    this.transport = new BitchatTransport(ciphers)
    this.role = role
    this.establishedAtMs = nowMs
    // A two-way XX split always carries the remote static key; the manager checked it already.
    this.remoteStaticPublicKey = ciphers.remoteStaticPublicKey ?? new Uint8Array(0)
    this.handshakeHash = ciphers.handshakeHash
  }

  /** Messages sent plus messages received: the count iOS compares with its rekey threshold. */
  get messageCount(): number {
    return this.transport.nextSendNonce + this.transport.messagesReceived
  }

  /**
   * Age in milliseconds (0 when the clock stepped backwards).
   * @param nowMs - current time.
   * @returns the age.
   */
  ageMs(nowMs: number): number {
    return Math.max(0, nowMs - this.establishedAtMs)
  }

  /** Zero both transport keys. Idempotent. */
  destroy(): void {
    this.transport.destroy()
  }
}
