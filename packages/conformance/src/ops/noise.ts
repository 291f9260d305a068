/**
 * `noise.*` operations (`shared/spec/conformance-adapter.md`): handshakes with
 * `@bitmesh/noise`'s `HandshakeState` (patterns XX, XK, IK, NK and one-way X) and bitchat's
 * transport framing with `BitchatTransport` (4-byte big-endian nonce ‖ ciphertext ‖ tag, 1 024
 * nonce replay window, `bitchat-wire.md` §5.4).
 *
 * Sessions live in a bounded map owned by the table ({@link createNoiseOps}); protocol v1 has no
 * op to close one, so a full map answers `CAPACITY_EXCEEDED` and the runner restarts the adapter.
 *
 * Error codes: `REPLAY` and `AUTH_FAILED` as the spec says; `DECODE_ERROR` (reason `TRUNCATED`
 * or `BAD_LENGTH`) for a frame or handshake message of impossible size; `BAD_STATE` for a call
 * out of turn (writing when it is the peer's turn, encrypting before the handshake is complete,
 * decrypting on the sending side of one-way X, asking for a static key not known yet);
 * `UNKNOWN_SESSION`; `CRYPTO_ERROR` for a small-order peer key; `BAD_REQUEST` for malformed
 * arguments. The same codes as the independent Go adapter in `interop/go-noise`, except
 * `CAPACITY_EXCEEDED` (Go: `CAPACITY`) and `CRYPTO_ERROR` (Go: `BAD_KEY`).
 * @module
 */
import { defaultCryptoProvider } from '@bitmesh/crypto'
import { CapacityError, DecodeError, type CryptoProvider } from '@bitmesh/interface'
import {
  BitchatTransport,
  CipherState,
  HandshakeState,
  keyPairFromPrivateKey,
  MAX_FILE_PAYLOAD_BYTES,
  MAX_NOISE_MESSAGE_BYTES,
  PATTERNS,
  type PatternName,
} from '@bitmesh/noise'
import type { JsonObject, JsonValue } from '../json.js'
import { badRequest, hexArg, hexOut, requireHex, stringArg } from './args.js'
import { RequestError, type OpTable } from './types.js'

/** Most sessions one table holds at once (v1 has no close op; restart the adapter to free them). */
export const MAX_NOISE_SESSIONS = 4096

/**
 * Largest transport plaintext accepted by `noise.encrypt` / `noise.decrypt`: bitchat's
 * private-file cap (1 MiB + 64 KiB), so file payloads can be checked too.
 */
export const MAX_NOISE_PLAINTEXT_BYTES = MAX_FILE_PAYLOAD_BYTES

/** Patterns `noise.new` accepts. */
export const NOISE_PATTERNS: readonly PatternName[] = ['XX', 'XK', 'IK', 'NK', 'X']

/** Error codes of the `noise.*` family beyond the spec's (`REPLAY`, `AUTH_FAILED`, `DECODE_ERROR`). */
export const NoiseErrorCode = {
  /** The call is out of turn for the session's state (misuse by the runner, not bad bytes). */
  BAD_STATE: 'BAD_STATE',
  /** No session with that name. */
  UNKNOWN_SESSION: 'UNKNOWN_SESSION',
} as const

/** Options of {@link createNoiseOps}. */
export interface NoiseOpsOptions {
  /** Crypto provider; default `defaultCryptoProvider` from `@bitmesh/crypto`. */
  crypto?: CryptoProvider
  /** Session cap; default {@link MAX_NOISE_SESSIONS}. */
  maxSessions?: number
}

interface Session {
  readonly handshake: HandshakeState
  /** Set once the handshake is complete and split. */
  transport: BitchatTransport | null
  /** Kept after split (the handshake's copy is wiped then). */
  handshakeHash: Uint8Array | null
  remoteStatic: Uint8Array | null
}

function badState(message: string): RequestError {
  return new RequestError(NoiseErrorCode.BAD_STATE, message)
}

function patternArg(value: JsonValue | undefined): PatternName {
  if (typeof value !== 'string' || !(NOISE_PATTERNS as readonly string[]).includes(value)) {
    throw badRequest(`pattern: expected one of ${NOISE_PATTERNS.join(', ')}`)
  }
  return value as PatternName
}

function roleArg(value: JsonValue | undefined): boolean {
  if (value === 'initiator') return true
  if (value === 'responder') return false
  throw badRequest('role: expected "initiator" or "responder"')
}

/** An optional hex member: absent and `null` both mean "not given". */
function optionalHex(request: JsonObject, name: string, byteLength?: number): Uint8Array | undefined {
  const value = request[name]
  return value === undefined || value === null ? undefined : hexArg(value, name, byteLength)
}

/** Why a handshake op cannot run now, in the runner's terms. */
function turnProblem(hs: HandshakeState, wanted: 'write' | 'read'): string {
  switch (hs.status) {
    case 'failed':
      return 'the handshake failed earlier; create a new session'
    case 'complete':
    case 'split':
      return 'the handshake is complete; use noise.encrypt / noise.decrypt'
    default:
      return `not this session's turn to ${wanted} (the ${hs.role} must ${hs.status} message ${hs.messageIndex + 1})`
  }
}

/**
 * Create a `noise.*` table with its own session store.
 * @param options - Crypto provider and session cap.
 * @returns The table: `noise.new`, `noise.write`, `noise.read`, `noise.encrypt`,
 *   `noise.decrypt`, `noise.handshakeHash`, `noise.remoteStatic`.
 * @throws RangeError when `maxSessions` is not a positive integer.
 */
export function createNoiseOps(options: NoiseOpsOptions = {}): OpTable {
  const crypto = options.crypto ?? defaultCryptoProvider
  const maxSessions = options.maxSessions ?? MAX_NOISE_SESSIONS
  if (!Number.isSafeInteger(maxSessions) || maxSessions < 1) throw new RangeError('maxSessions must be a positive integer')
  const sessions = new Map<string, Session>()
  let created = 0

  const lookup = (request: JsonObject): Session => {
    const name = stringArg(request.session, 'session')
    const session = sessions.get(name)
    if (session === undefined) throw new RequestError(NoiseErrorCode.UNKNOWN_SESSION, `no Noise session ${JSON.stringify(name)}`)
    return session
  }

  /** Once the last message is through: hand the keys to the transport, wipe the handshake. */
  const finishIfComplete = (s: Session): boolean => {
    const hs = s.handshake
    if (hs.status !== 'complete') return s.transport !== null
    s.handshakeHash = hs.getHandshakeHash()
    s.remoteStatic = hs.remoteStaticPublicKey
    if (hs.pattern.oneWay) {
      // X yields one cipher (initiator → responder). BitchatTransport wants a pair, so the unused
      // direction gets a throwaway random key; encrypt/decrypt refuse that direction below, so
      // it is never used. This keeps the one real framing code path under test.
      const real = hs.splitOneWay()
      const unused = new CipherState(crypto, crypto.randomBytes(32))
      s.transport = new BitchatTransport(hs.initiator ? { send: real, receive: unused } : { send: unused, receive: real })
    } else {
      s.transport = new BitchatTransport(hs.split())
    }
    hs.destroy()
    return true
  }

  const transportFor = (s: Session, direction: 'encrypt' | 'decrypt'): BitchatTransport => {
    if (s.transport === null) throw badState(`${direction} before the handshake is complete`)
    const hs = s.handshake
    if (hs.pattern.oneWay && hs.initiator !== (direction === 'encrypt')) {
      throw badState(`pattern ${hs.pattern.name} is one-way: the initiator only encrypts and the responder only decrypts`)
    }
    return s.transport
  }

  return {
    'noise.new': (req: JsonObject) => {
      const patternName = patternArg(req.pattern)
      const initiator = roleArg(req.role)
      const staticPrivate = optionalHex(req, 'staticPrivate', 32)
      const ephemeralPrivate = optionalHex(req, 'ephemeralPrivate', 32)
      const prologue = optionalHex(req, 'prologue')
      const remoteStaticPublic = optionalHex(req, 'remoteStaticPublic', 32)
      const pattern = PATTERNS[patternName]
      const remotePreMessage: readonly string[] = initiator ? pattern.responderPreMessage : pattern.initiatorPreMessage
      const knowsRemoteStatic = remotePreMessage.includes('s')
      if (knowsRemoteStatic && remoteStaticPublic === undefined) {
        throw badRequest(`remoteStaticPublic: required for the ${initiator ? 'initiator' : 'responder'} of pattern ${patternName} (pre-message s)`)
      }
      if (!knowsRemoteStatic && remoteStaticPublic !== undefined) {
        throw badRequest(`remoteStaticPublic: the ${initiator ? 'initiator' : 'responder'} of pattern ${patternName} learns the peer's static key in the handshake`)
      }
      if (sessions.size >= maxSessions) {
        throw new CapacityError(`at most ${maxSessions} Noise sessions per adapter process; restart the adapter`)
      }
      let handshake: HandshakeState
      try {
        handshake = new HandshakeState({
          crypto,
          pattern: patternName,
          initiator,
          prologue,
          // Copied: the session must not alias the request's buffer.
          staticKeyPair: staticPrivate === undefined ? undefined : keyPairFromPrivateKey(crypto, staticPrivate.slice()),
          remoteStaticPublicKey: remoteStaticPublic,
          ephemeralPrivateKey: ephemeralPrivate,
        })
      } catch (err) {
        // The constructor's TypeErrors name its own options; say which request member is missing.
        if (err instanceof TypeError && /staticKeyPair/.test(err.message)) {
          throw badRequest(`staticPrivate: required for the ${initiator ? 'initiator' : 'responder'} of pattern ${patternName}`)
        }
        throw err
      }
      const name = `s${++created}`
      sessions.set(name, { handshake, transport: null, handshakeHash: null, remoteStatic: null })
      return { session: name }
    },

    'noise.write': (req: JsonObject) => {
      const s = lookup(req)
      const payload = optionalHex(req, 'payload') ?? new Uint8Array(0)
      if (s.handshake.status !== 'write') throw badState(turnProblem(s.handshake, 'write'))
      const message = s.handshake.writeMessage(payload)
      return { message: hexOut(message), complete: finishIfComplete(s) }
    },

    'noise.read': (req: JsonObject) => {
      const s = lookup(req)
      const message = requireHex(req, 'message')
      const hs = s.handshake
      if (hs.status !== 'read') throw badState(turnProblem(hs, 'read'))
      // Size problems are answered before the state machine sees the bytes, which would
      // otherwise fail the handshake for good over a message that is merely cut short.
      const minBytes = hs.nextMessageLength(0) ?? 0
      if (message.length < minBytes) {
        throw new DecodeError('TRUNCATED', `handshake message ${hs.messageIndex + 1} has ${message.length} bytes; at least ${minBytes} expected`)
      }
      if (message.length > MAX_NOISE_MESSAGE_BYTES) {
        throw new DecodeError('BAD_LENGTH', `handshake message of ${message.length} bytes exceeds ${MAX_NOISE_MESSAGE_BYTES}`)
      }
      const payload = hs.readMessage(message)
      return { payload: hexOut(payload), complete: finishIfComplete(s) }
    },

    'noise.encrypt': (req: JsonObject) => {
      const s = lookup(req)
      const plaintext = requireHex(req, 'plaintext')
      const frame = transportFor(s, 'encrypt').encrypt(plaintext, MAX_NOISE_PLAINTEXT_BYTES)
      return { frame: hexOut(frame) }
    },

    'noise.decrypt': (req: JsonObject) => {
      const s = lookup(req)
      const frame = requireHex(req, 'frame')
      // Throws DecodeError (TRUNCATED, BAD_LENGTH) or CryptoError (REPLAY, AUTH_FAILED); the
      // adapter maps them to the spec's codes. The window moves only for a frame that verifies.
      const plaintext = transportFor(s, 'decrypt').decrypt(frame, MAX_NOISE_PLAINTEXT_BYTES)
      return { plaintext: hexOut(plaintext) }
    },

    'noise.handshakeHash': (req: JsonObject) => {
      const s = lookup(req)
      if (s.handshakeHash !== null) return { hex: hexOut(s.handshakeHash) }
      if (s.handshake.status === 'failed') throw badState('the handshake failed; its hash was wiped')
      // Before completion: the running h, as the Go adapter answers.
      return { hex: hexOut(s.handshake.getHandshakeHash()) }
    },

    'noise.remoteStatic': (req: JsonObject) => {
      const s = lookup(req)
      const key = s.transport !== null ? s.remoteStatic : s.handshake.remoteStaticPublicKey
      if (key === null) throw badState("the peer's static key is not known (not received yet, or the pattern never sends it)")
      return { hex: hexOut(key) }
    },
  }
}

/**
 * The `noise.*` handlers of BitMesh's default adapter. They share one session store across every
 * handler built from {@link defaultOps}; build separate stores with {@link createNoiseOps}.
 */
export const noiseOps: OpTable = createNoiseOps()
