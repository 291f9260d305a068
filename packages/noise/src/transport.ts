/**
 * bitchat's transport framing over a Noise cipher pair (`bitchat-wire.md` §5.4):
 * `4-byte big-endian nonce ‖ ChaCha20-Poly1305 ciphertext ‖ 16-byte tag`, empty AD, replay window.
 * @module
 */
import { BitMeshError, CryptoError, DecodeError, ErrorCode } from '@bitmesh/interface'
import { EMPTY_BYTES } from './bytes.js'
import type { CipherState } from './cipher-state.js'
import {
  MAX_TRANSPORT_PLAINTEXT_BYTES,
  MAX_TRANSPORT_SEND_NONCE,
  TRANSPORT_NONCE_BYTES,
  TRANSPORT_OVERHEAD_BYTES,
} from './constants.js'
import { ReplayWindow } from './replay-window.js'

/** Why {@link BitchatTransport.tryDecrypt} refused a frame. Stable strings. */
export const TransportRejection = {
  /** Shorter than nonce + tag (20 bytes). */
  TRUNCATED: 'TRUNCATED',
  /** Plaintext would exceed the caller's limit. */
  TOO_LARGE: 'TOO_LARGE',
  /** Nonce already seen or older than the window. */
  REPLAY: 'REPLAY',
  /** Tag did not verify (forged, corrupted, or wrong key). */
  AUTH_FAILED: 'AUTH_FAILED',
  /** The transport was destroyed. */
  CLOSED: 'CLOSED',
} as const

/** Union of {@link TransportRejection} values. */
export type TransportRejectionValue = (typeof TransportRejection)[keyof typeof TransportRejection]

/** The cipher pair a transport wraps: `HandshakeState.split()` output fits as is. */
export interface TransportCipherPair {
  /** Cipher for outgoing messages; its counter is the sending nonce. */
  readonly send: CipherState
  /** Cipher for incoming messages; the nonce comes from each frame. */
  readonly receive: CipherState
  /** Optional handshake hash to keep alongside (channel binding). */
  readonly handshakeHash?: Uint8Array
  /** Optional peer static key to keep alongside. */
  readonly remoteStaticPublicKey?: Uint8Array | null
}

/**
 * One established bitchat Noise session's message protection.
 *
 * Hot path: `encrypt` allocates only its output and has the provider's AEAD write ciphertext ‖
 * tag straight behind the 4-byte nonce when the provider implements the optional `sealInto`
 * (both `@bitmesh/crypto` providers do); with a provider lacking it, the sealed result is copied
 * in, producing the same bytes; `tryDecrypt` returns the provider's plaintext and allocates
 * nothing else (one `subarray` view). Nonce scratch buffers and the replay bitmap are reused.
 *
 * @example
 * ```ts
 * const alice = new BitchatTransport(initiatorHandshake.split())
 * const bob = new BitchatTransport(responderHandshake.split())
 * const frame = alice.encrypt(new Uint8Array([0x01, 0x00, 0x02, 0x6d, 0x31, 0x01, 0x02, 0x68, 0x69]))
 * bob.decrypt(frame) // the typed private message
 * ```
 */
export class BitchatTransport {
  /** Final handshake hash, when the pair carried one. */
  readonly handshakeHash: Uint8Array | null
  /** The peer's static public key, when the pair carried one. */
  readonly remoteStaticPublicKey: Uint8Array | null

  readonly #send: CipherState
  readonly #receive: CipherState
  readonly #window = new ReplayWindow()
  #received = 0
  #closed = false

  /**
   * @param ciphers - `{ send, receive }` with keys, typically `HandshakeState.split()`. The
   *   transport takes ownership: it drives their counters and zeroes them on destroy.
   * @throws TypeError when a cipher has no key or both are the same object.
   */
  constructor(ciphers: TransportCipherPair) {
    const { send, receive } = ciphers
    if (!send?.hasKey() || !receive?.hasKey()) throw new TypeError('transport ciphers must both have keys')
    if (send === receive) throw new TypeError('send and receive must be distinct ciphers')
    this.#send = send
    this.#receive = receive
    this.handshakeHash = ciphers.handshakeHash ?? null
    this.remoteStaticPublicKey = ciphers.remoteStaticPublicKey ?? null
  }

  /** Counter the next {@link BitchatTransport.encrypt} will use (= messages sent so far). */
  get nextSendNonce(): number {
    return this.#send.nonce
  }

  /** Number of frames encrypted so far (the counter starts at 0, so equal to {@link BitchatTransport.nextSendNonce}). */
  get messagesSent(): number {
    return this.#send.nonce
  }

  /** Messages that can still be sent before the 2^32−2 limit forces a new handshake. */
  get sendNoncesRemaining(): number {
    return Math.max(0, MAX_TRANSPORT_SEND_NONCE + 1 - this.#send.nonce)
  }

  /** Highest nonce accepted from the peer (0 before any). */
  get highestReceivedNonce(): number {
    return this.#window.highest
  }

  /** Number of frames that decrypted successfully. */
  get messagesReceived(): number {
    return this.#received
  }

  /** Whether {@link BitchatTransport.destroy} was called. */
  get closed(): boolean {
    return this.#closed
  }

  /**
   * Encrypt one message: `nonce(4, BE) ‖ ciphertext ‖ tag(16)`, empty AD.
   * @param plaintext - typed Noise payload (type byte + data).
   * @param maxPlaintextBytes - size cap; default 65 535. Raise it only for private files, whose
   *   outer packet is v2 (§2.5).
   * @returns the frame, `plaintext.length + 20` bytes.
   * @throws RangeError when the plaintext exceeds `maxPlaintextBytes`.
   * @throws CryptoError `CRYPTO_ERROR` after nonce 2^32−2 was used (re-handshake).
   * @throws BitMeshError `CLOSED` after destroy.
   */
  encrypt(plaintext: Uint8Array, maxPlaintextBytes: number = MAX_TRANSPORT_PLAINTEXT_BYTES): Uint8Array {
    if (this.#closed) throw new BitMeshError(ErrorCode.CLOSED, 'transport destroyed')
    if (!(plaintext instanceof Uint8Array)) throw new TypeError('plaintext must be a Uint8Array')
    if (plaintext.length > maxPlaintextBytes) {
      throw new RangeError(`plaintext is ${plaintext.length} bytes; limit ${maxPlaintextBytes}`)
    }
    const n = this.#send.nonce
    if (n > MAX_TRANSPORT_SEND_NONCE) {
      throw new CryptoError('CRYPTO_ERROR', 'transport send nonce exhausted (2^32-2); re-handshake')
    }
    // One allocation: the nonce prefix, then the AEAD writes ciphertext ‖ tag right behind it.
    const out = new Uint8Array(TRANSPORT_OVERHEAD_BYTES + plaintext.length)
    out[0] = n >>> 24
    out[1] = n >>> 16
    out[2] = n >>> 8
    out[3] = n
    this.#send.encryptWithAdInto(EMPTY_BYTES, plaintext, out, TRANSPORT_NONCE_BYTES)
    return out
  }

  /**
   * Decrypt one frame without throwing. The replay window moves only when the tag verifies.
   * @param frame - `nonce ‖ ciphertext ‖ tag` as received.
   * @param maxPlaintextBytes - size cap; default 65 535 (raise for v2 private-file packets).
   * @returns the plaintext, or a {@link TransportRejection} string.
   * @throws TypeError when `frame` is not a `Uint8Array`.
   */
  tryDecrypt(frame: Uint8Array, maxPlaintextBytes: number = MAX_TRANSPORT_PLAINTEXT_BYTES): Uint8Array | TransportRejectionValue {
    if (!(frame instanceof Uint8Array)) throw new TypeError('frame must be a Uint8Array')
    if (this.#closed) return TransportRejection.CLOSED
    if (frame.length < TRANSPORT_OVERHEAD_BYTES) return TransportRejection.TRUNCATED
    if (frame.length - TRANSPORT_OVERHEAD_BYTES > maxPlaintextBytes) return TransportRejection.TOO_LARGE
    const n = ((frame[0]! << 24) | (frame[1]! << 16) | (frame[2]! << 8) | frame[3]!) >>> 0
    if (!this.#window.check(n)) return TransportRejection.REPLAY
    this.#receive.setNonce(n)
    const plaintext = this.#receive.tryDecryptWithAd(EMPTY_BYTES, frame.subarray(TRANSPORT_NONCE_BYTES))
    if (plaintext === null) return TransportRejection.AUTH_FAILED
    this.#window.accept(n)
    this.#received++
    return plaintext
  }

  /**
   * Decrypt one frame.
   * @param frame - `nonce ‖ ciphertext ‖ tag` as received.
   * @param maxPlaintextBytes - size cap; default 65 535.
   * @returns the plaintext.
   * @throws CryptoError `REPLAY` (seen or too old) or `AUTH_FAILED` (bad tag); the session is
   *   untouched either way.
   * @throws DecodeError `TRUNCATED` (< 20 bytes) or `BAD_LENGTH` (over the cap).
   * @throws BitMeshError `CLOSED` after destroy.
   */
  decrypt(frame: Uint8Array, maxPlaintextBytes: number = MAX_TRANSPORT_PLAINTEXT_BYTES): Uint8Array {
    const result = this.tryDecrypt(frame, maxPlaintextBytes)
    if (typeof result !== 'string') return result
    switch (result) {
      case TransportRejection.TRUNCATED:
        throw new DecodeError('TRUNCATED', `transport frame of ${frame.length} bytes is shorter than nonce + tag`)
      case TransportRejection.TOO_LARGE:
        throw new DecodeError('BAD_LENGTH', `transport frame of ${frame.length} bytes exceeds the plaintext limit ${maxPlaintextBytes}`)
      case TransportRejection.REPLAY:
        throw new CryptoError('REPLAY', 'transport nonce already seen or outside the replay window')
      case TransportRejection.AUTH_FAILED:
        throw new CryptoError('AUTH_FAILED', 'transport frame failed authentication')
      default:
        throw new BitMeshError(ErrorCode.CLOSED, 'transport destroyed')
    }
  }

  /** Zero both keys and refuse further use. Idempotent. */
  destroy(): void {
    this.#closed = true
    this.#send.destroy()
    this.#receive.destroy()
    this.#window.reset()
  }
}
