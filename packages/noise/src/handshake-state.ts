/**
 * Noise `HandshakeState` (spec rev 34 §5.3), driven by the pattern table in `patterns.ts`.
 * @module
 */
import { CryptoError, isBitMeshError, type CryptoProvider, type Rng } from '@bitmesh/interface'
import { assertBytes, EMPTY_BYTES, wipe } from './bytes.js'
import type { CipherState } from './cipher-state.js'
import { DH_LEN_BYTES, MAX_NOISE_MESSAGE_BYTES, TAG_BYTES } from './constants.js'
import { dh, isLowOrderPublicKey, type KeyPair } from './dh.js'
import { handshakeMessageLength, PATTERNS, validatePattern, type HandshakePattern, type MessageToken, type PatternName } from './patterns.js'
import { protocolName } from './protocol-name.js'
import { SymmetricState } from './symmetric-state.js'

/**
 * What a {@link HandshakeState} expects next: `write` or `read` a message, `complete` (call
 * `split`), `split` (done; keys handed over) or `failed` (a message was rejected; discard it).
 */
export type HandshakeStatus = 'write' | 'read' | 'complete' | 'split' | 'failed'

/** Options of {@link HandshakeState}. */
export interface HandshakeOptions {
  /** Crypto provider for X25519, SHA-256, HKDF and ChaCha20-Poly1305. */
  crypto: CryptoProvider
  /** A built-in pattern name (`XX`, `XK`, `IK`, `NK`, `X`) or a custom pattern row. */
  pattern: PatternName | HandshakePattern
  /** `true` for the party that sends the first message. */
  initiator: boolean
  /** Prologue both sides must agree on; default empty (bitchat, §5.1). Copied. */
  prologue?: Uint8Array
  /**
   * Our static key pair, required when the pattern sends or uses our `s`. Kept by reference and
   * never zeroed here: the caller owns its identity key. Its public half is trusted as given.
   */
  staticKeyPair?: KeyPair
  /** The peer's static public key, required when the pattern has it as a pre-message (`<- s`). */
  remoteStaticPublicKey?: Uint8Array
  /**
   * Fixed ephemeral private key (test vectors, deterministic simulations). Copied, and the copy
   * is zeroed once the handshake no longer needs it. Normally omit it: a fresh key is drawn.
   */
  ephemeralPrivateKey?: Uint8Array
  /** The peer's ephemeral public key, only for patterns with an `e` pre-message. */
  remoteEphemeralPublicKey?: Uint8Array
  /**
   * Source of the ephemeral private key when `ephemeralPrivateKey` is absent; default
   * `crypto.randomBytes`. Must be cryptographically secure outside simulations.
   */
  rng?: Rng
}

/** The two transport ciphers and the facts a session needs once a two-way handshake is done. */
export interface TransportCiphers {
  /** Encrypts what we send (initiator: c1, responder: c2). */
  readonly send: CipherState
  /** Decrypts what we receive (initiator: c2, responder: c1). */
  readonly receive: CipherState
  /** Final handshake hash `h` (channel binding); 32 bytes. */
  readonly handshakeHash: Uint8Array
  /** The peer's authenticated static public key, or `null` for patterns that do not reveal it (NK). */
  readonly remoteStaticPublicKey: Uint8Array | null
}

function handshakeError(message: string): CryptoError {
  return new CryptoError('HANDSHAKE_ERROR', message)
}

function usesLocalStatic(pattern: HandshakePattern, initiator: boolean): boolean {
  const myPre = initiator ? pattern.initiatorPreMessage : pattern.responderPreMessage
  if (myPre.includes('s')) return true
  return pattern.messages.some((tokens, i) =>
    tokens.some((t) => t === 'ss' || (t === 's' && (i % 2 === 0) === initiator) || t === (initiator ? 'se' : 'es')),
  )
}

/**
 * One side of a Noise handshake. Call {@link HandshakeState.writeMessage} and
 * {@link HandshakeState.readMessage} as {@link HandshakeState.status} says, then
 * {@link HandshakeState.split} (or {@link HandshakeState.splitOneWay} for `X`).
 *
 * Fail-closed: a rejected message (wrong length, bad tag, small-order key) moves the state to
 * `failed`, zeroes its secrets and throws a `CryptoError`; every later call throws
 * `HANDSHAKE_ERROR`, and the session layer starts a new handshake. An out-of-turn call (reading
 * when it is our turn to write, say a duplicated message 1) throws `HANDSHAKE_ERROR` but leaves
 * the state as it was, so a stray frame cannot kill a handshake in progress.
 *
 * @example
 * ```ts
 * const a = new HandshakeState({ crypto, pattern: 'XX', initiator: true, staticKeyPair: alice })
 * const b = new HandshakeState({ crypto, pattern: 'XX', initiator: false, staticKeyPair: bob })
 * b.readMessage(a.writeMessage())
 * a.readMessage(b.writeMessage())
 * b.readMessage(a.writeMessage())
 * const { send, receive } = a.split()
 * ```
 */
export class HandshakeState {
  /** The pattern row this state follows. */
  readonly pattern: HandshakePattern
  /** Full protocol name, e.g. `Noise_XX_25519_ChaChaPoly_SHA256`. */
  readonly protocolName: string
  /** Whether we sent (or will send) the first message. */
  readonly initiator: boolean

  readonly #crypto: CryptoProvider
  readonly #rng: Rng | undefined
  readonly #ss: SymmetricState
  readonly #s: KeyPair | undefined
  #ePriv: Uint8Array | null = null
  #ePub: Uint8Array | null = null
  #rs: Uint8Array | null = null
  #re: Uint8Array | null = null
  #index = 0
  #failed = false
  #split = false

  /**
   * @param options - see {@link HandshakeOptions}.
   * @throws TypeError for an unknown pattern, a missing or wrongly sized key the pattern needs, or
   *   a remote key the pattern does not take as a pre-message.
   */
  constructor(options: HandshakeOptions) {
    const { crypto, initiator } = options
    if (typeof crypto !== 'object' || crypto === null) throw new TypeError('crypto provider required')
    let pattern: HandshakePattern
    if (typeof options.pattern === 'string') {
      if (!Object.hasOwn(PATTERNS, options.pattern)) throw new TypeError(`unknown handshake pattern ${JSON.stringify(options.pattern)}`)
      pattern = PATTERNS[options.pattern]
    } else {
      pattern = validatePattern(options.pattern)
    }
    this.pattern = pattern
    this.initiator = initiator === true
    this.protocolName = protocolName(pattern.name)
    this.#crypto = crypto
    this.#rng = options.rng

    const remotePre = this.initiator ? pattern.responderPreMessage : pattern.initiatorPreMessage
    const localPre = this.initiator ? pattern.initiatorPreMessage : pattern.responderPreMessage

    if (usesLocalStatic(pattern, this.initiator)) {
      const s = options.staticKeyPair
      if (s === undefined) throw new TypeError(`pattern ${pattern.name} needs staticKeyPair for the ${this.role}`)
      assertBytes(s.privateKey, DH_LEN_BYTES, 'staticKeyPair.privateKey')
      assertBytes(s.publicKey, DH_LEN_BYTES, 'staticKeyPair.publicKey')
      this.#s = s
    } else {
      this.#s = undefined
    }

    if (remotePre.includes('s')) {
      const rs = options.remoteStaticPublicKey
      if (rs === undefined) throw new TypeError(`pattern ${pattern.name} needs remoteStaticPublicKey for the ${this.role}`)
      assertBytes(rs, DH_LEN_BYTES, 'remoteStaticPublicKey')
      this.#rs = rs.slice()
    } else if (options.remoteStaticPublicKey !== undefined) {
      throw new TypeError(`pattern ${pattern.name} learns the remote static key in the handshake; do not pass it`)
    }

    if (remotePre.includes('e')) {
      const re = options.remoteEphemeralPublicKey
      if (re === undefined) throw new TypeError(`pattern ${pattern.name} needs remoteEphemeralPublicKey`)
      assertBytes(re, DH_LEN_BYTES, 'remoteEphemeralPublicKey')
      this.#re = re.slice()
    } else if (options.remoteEphemeralPublicKey !== undefined) {
      throw new TypeError(`pattern ${pattern.name} has no remote ephemeral pre-message`)
    }

    if (options.ephemeralPrivateKey !== undefined) {
      assertBytes(options.ephemeralPrivateKey, DH_LEN_BYTES, 'ephemeralPrivateKey')
      this.#ePriv = options.ephemeralPrivateKey.slice()
      this.#ePub = crypto.x25519.getPublicKey(this.#ePriv)
    } else if (localPre.includes('e')) {
      throw new TypeError(`pattern ${pattern.name} needs ephemeralPrivateKey for its pre-message`)
    }

    const prologue = options.prologue ?? EMPTY_BYTES
    assertBytes(prologue, undefined, 'prologue')

    this.#ss = new SymmetricState(crypto, this.protocolName)
    this.#ss.mixHash(prologue)
    // Pre-messages: the initiator's keys are hashed first, whichever side we are (§7.1).
    for (const [owner, tokens] of [
      [true, pattern.initiatorPreMessage],
      [false, pattern.responderPreMessage],
    ] as const) {
      const mine = owner === this.initiator
      for (const token of tokens) {
        const key = token === 's' ? (mine ? this.#s!.publicKey : this.#rs!) : mine ? this.#ePub! : this.#re!
        this.#ss.mixHash(key)
      }
    }
  }

  /** `'initiator'` or `'responder'`. */
  get role(): 'initiator' | 'responder' {
    return this.initiator ? 'initiator' : 'responder'
  }

  /** What the state expects next; see {@link HandshakeStatus}. */
  get status(): HandshakeStatus {
    if (this.#failed) return 'failed'
    if (this.#split) return 'split'
    if (this.#index >= this.pattern.messages.length) return 'complete'
    return (this.#index % 2 === 0) === this.initiator ? 'write' : 'read'
  }

  /** Index of the next handshake message (0-based); equals the message count once complete. */
  get messageIndex(): number {
    return this.#index
  }

  /**
   * Size of the next message when it carries `payloadBytes` of payload (bitchat XX with empty
   * payloads: 32, 96, 64). Useful to classify an incoming frame before reading it.
   * @param payloadBytes - payload size; default 0.
   * @returns the byte length, or `null` when no message is expected.
   */
  nextMessageLength(payloadBytes = 0): number | null {
    if (this.#failed || this.#index >= this.pattern.messages.length) return null
    return handshakeMessageLength(this.pattern, this.#index, payloadBytes)
  }

  /**
   * The peer's static public key once known (pre-message or received), else `null`.
   * @returns a copy.
   */
  get remoteStaticPublicKey(): Uint8Array | null {
    return this.#rs === null ? null : this.#rs.slice()
  }

  /**
   * The current handshake hash `h` (after the last message: the value both sides share, usable
   * for channel binding).
   * @returns a 32-byte copy.
   */
  getHandshakeHash(): Uint8Array {
    return this.#ss.getHandshakeHash()
  }

  /**
   * Noise `WriteMessage(payload)`: produce the next handshake message.
   * @param payload - application payload; empty for bitchat (§5.1).
   * @returns the message bytes.
   * @throws CryptoError `HANDSHAKE_ERROR` when it is not our turn or the state failed (state
   *   unchanged); `CRYPTO_ERROR` when a DH hits a small-order peer key (the state then fails).
   * @throws RangeError when the message would exceed 65 535 bytes (nothing changes).
   */
  writeMessage(payload: Uint8Array = EMPTY_BYTES): Uint8Array {
    if (this.status !== 'write') throw handshakeError(`writeMessage() called in state '${this.status}'`)
    assertBytes(payload, undefined, 'payload')
    const length = handshakeMessageLength(this.pattern, this.#index, payload.length)
    if (length > MAX_NOISE_MESSAGE_BYTES) {
      throw new RangeError(`handshake message would be ${length} bytes; the Noise maximum is ${MAX_NOISE_MESSAGE_BYTES}`)
    }
    const out = new Uint8Array(length)
    try {
      let offset = 0
      for (const token of this.pattern.messages[this.#index]!) {
        if (token === 'e') {
          if (this.#ePriv === null) {
            const priv = this.#rng ? this.#rng.randomBytes(DH_LEN_BYTES) : this.#crypto.randomBytes(DH_LEN_BYTES)
            assertBytes(priv, DH_LEN_BYTES, 'random ephemeral key')
            this.#ePriv = priv
            this.#ePub = this.#crypto.x25519.getPublicKey(priv)
          }
          out.set(this.#ePub!, offset)
          offset += DH_LEN_BYTES
          this.#ss.mixHash(this.#ePub!)
        } else if (token === 's') {
          const c = this.#ss.encryptAndHash(this.#s!.publicKey)
          out.set(c, offset)
          offset += c.length
        } else {
          this.#mixDh(token)
        }
      }
      out.set(this.#ss.encryptAndHash(payload), offset)
    } catch (error) {
      throw this.#fail(error)
    }
    this.#advance()
    return out
  }

  /**
   * Noise `ReadMessage(message)`: consume the peer's next handshake message.
   * @param message - the received bytes.
   * @returns the decrypted payload (a new array).
   * @throws CryptoError `HANDSHAKE_ERROR` when it is not our turn (state unchanged). For a
   *   rejected message the state fails and the code says why: `HANDSHAKE_ERROR` for a wrong
   *   length, `AUTH_FAILED` for a tag that does not verify, `CRYPTO_ERROR` for a small-order key.
   * @throws TypeError when `message` is not a `Uint8Array` (state unchanged).
   */
  readMessage(message: Uint8Array): Uint8Array {
    if (this.status !== 'read') throw handshakeError(`readMessage() called in state '${this.status}'`)
    assertBytes(message, undefined, 'message')
    try {
      const minLength = handshakeMessageLength(this.pattern, this.#index, 0)
      if (message.length < minLength || message.length > MAX_NOISE_MESSAGE_BYTES) {
        throw handshakeError(`handshake message ${this.#index} has ${message.length} bytes; expected at least ${minLength}`)
      }
      let offset = 0
      for (const token of this.pattern.messages[this.#index]!) {
        if (token === 'e') {
          const re = message.slice(offset, offset + DH_LEN_BYTES)
          offset += DH_LEN_BYTES
          if (isLowOrderPublicKey(re)) throw new CryptoError('CRYPTO_ERROR', 'peer ephemeral key has small order')
          this.#re = re
          this.#ss.mixHash(re)
        } else if (token === 's') {
          const size = this.#ss.hasKey() ? DH_LEN_BYTES + TAG_BYTES : DH_LEN_BYTES
          const rs = this.#ss.tryDecryptAndHash(message.subarray(offset, offset + size))
          offset += size
          if (rs === null) throw new CryptoError('AUTH_FAILED', 'peer static key failed authentication')
          const copy = rs.slice()
          if (isLowOrderPublicKey(copy)) throw new CryptoError('CRYPTO_ERROR', 'peer static key has small order')
          this.#rs = copy
        } else {
          this.#mixDh(token)
        }
      }
      const keyed = this.#ss.hasKey()
      const payload = this.#ss.tryDecryptAndHash(message.subarray(offset))
      if (payload === null) throw new CryptoError('AUTH_FAILED', 'handshake payload failed authentication')
      this.#advance()
      // A key-less payload is a view of the caller's buffer; hand out our own copy.
      return keyed ? payload : payload.slice()
    } catch (error) {
      throw this.#fail(error)
    }
  }

  /**
   * Noise `Split()` for two-way patterns: hand over the transport ciphers. Zeroes the chaining
   * key; the state becomes `split`.
   * @returns send/receive ciphers for our role, the handshake hash and the peer's static key.
   * @throws CryptoError `HANDSHAKE_ERROR` unless the status is `complete`.
   * @throws TypeError for a one-way pattern (use {@link HandshakeState.splitOneWay}).
   */
  split(): TransportCiphers {
    if (this.pattern.oneWay) throw new TypeError(`pattern ${this.pattern.name} is one-way; use splitOneWay()`)
    if (this.status !== 'complete') throw handshakeError(`split() called in state '${this.status}'`)
    const handshakeHash = this.#ss.getHandshakeHash()
    const [c1, c2] = this.#ss.split()
    this.#split = true
    const remoteStaticPublicKey = this.remoteStaticPublicKey
    return this.initiator
      ? { send: c1, receive: c2, handshakeHash, remoteStaticPublicKey }
      : { send: c2, receive: c1, handshakeHash, remoteStaticPublicKey }
  }

  /**
   * `Split()` for one-way patterns (`X`): the initiator gets its sending cipher, the responder its
   * receiving cipher (both c1); c2 is zeroed and discarded as the spec says.
   * @returns the one cipher this side may use.
   * @throws CryptoError `HANDSHAKE_ERROR` unless the status is `complete`.
   * @throws TypeError for a two-way pattern.
   */
  splitOneWay(): CipherState {
    if (!this.pattern.oneWay) throw new TypeError(`pattern ${this.pattern.name} is two-way; use split()`)
    if (this.status !== 'complete') throw handshakeError(`splitOneWay() called in state '${this.status}'`)
    const [c1, c2] = this.#ss.split()
    c2.destroy()
    this.#split = true
    return c1
  }

  /**
   * Zero every secret this state holds (ephemeral private key, chaining key, handshake key,
   * handshake hash) and mark it failed. The caller's static key pair is left alone. Idempotent.
   */
  destroy(): void {
    if (!this.#split) this.#failed = true
    this.#wipeSecrets()
    this.#ss.destroy()
  }

  #mixDh(token: Exclude<MessageToken, 'e' | 's'>): void {
    const initiator = this.initiator
    let priv: Uint8Array | null
    let pub: Uint8Array | null
    switch (token) {
      case 'ee':
        priv = this.#ePriv
        pub = this.#re
        break
      case 'es':
        priv = initiator ? this.#ePriv : this.#s!.privateKey
        pub = initiator ? this.#rs : this.#re
        break
      case 'se':
        priv = initiator ? this.#s!.privateKey : this.#ePriv
        pub = initiator ? this.#re : this.#rs
        break
      case 'ss':
        priv = this.#s!.privateKey
        pub = this.#rs
        break
    }
    // A custom pattern could order tokens so a key is not there yet; that is a pattern bug.
    if (priv === null || pub === null) throw handshakeError(`token '${token}' before both keys are known`)
    const shared = dh(this.#crypto, priv, pub)
    this.#ss.mixKey(shared)
    wipe(shared)
  }

  #advance(): void {
    this.#index++
    // Past the last message no DH remains, so the ephemeral private key can go now.
    if (this.#index >= this.pattern.messages.length) this.#wipeSecrets()
  }

  #wipeSecrets(): void {
    wipe(this.#ePriv)
    this.#ePriv = null
  }

  #fail(error: unknown): unknown {
    this.#failed = true
    this.#wipeSecrets()
    this.#ss.destroy()
    if (isBitMeshError(error) || error instanceof TypeError || error instanceof RangeError) return error
    return new CryptoError('HANDSHAKE_ERROR', 'handshake failed', { cause: error })
  }
}
