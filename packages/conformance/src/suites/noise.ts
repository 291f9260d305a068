/**
 * Noise cases (`conformance-adapter.md` `noise.*`; `bitchat-wire.md` §5.1 handshake, §5.4
 * transport framing and replay window): the cacophony `Noise_XX_25519_ChaChaPoly_SHA256` vector
 * replayed through the adapter, then live XX handshakes between two sessions of the same adapter
 * (message sizes 32/96/64, equal handshake hashes, each side's view of the other's static key),
 * transport both ways, out-of-order delivery, replay, tampering and truncation.
 *
 * The vector is read when the suite runs, from `shared/vectors` beside the checkout or
 * `$BITMESH_VECTORS_DIR` (see `noise-vectors.ts`); when it is missing, the vector cases fail at
 * their first step with the path that was tried. Expected static public keys are derived with
 * `node:crypto`, not by the implementation under test. The runner skips every case here when the
 * adapter's `hello` does not list the `noise.*` ops.
 * @module
 */
import type { JsonObject } from '../json.js'
import { matchJson } from '../match.js'
import { AdapterErrorCode } from '../protocol.js'
import { expectCheck, rep, utf8Hex } from './helpers.js'
import { loadCacophonyVector, noiseVectorsDir, x25519PublicHex, type CacophonyVector } from './noise-vectors.js'
import type { CaseStep, ConformanceCase, ConformanceSuite, ResultCheck, StepContext } from './types.js'

const LIVE_SOURCE = 'conformance-adapter.md noise.*; bitchat-wire §5.1 (XX, empty prologue), §5.4 (framing, 1024-nonce window)'
const VECTOR_SOURCE = 'cacophony Noise_XX_25519_ChaChaPoly_SHA256 (public domain), read from shared/vectors/noise-cacophony'

/** Protocol name of the vector the suite replays (the one bitchat iOS and Android test against). */
export const NOISE_SUITE_VECTOR = 'Noise_XX_25519_ChaChaPoly_SHA256'
/** Handshake messages of XX; the vector's later messages are transport messages. */
const XX_HANDSHAKE_MESSAGES = 3
/** Static private keys of the live handshakes (any 32 bytes are an X25519 private key). */
const INITIATOR_STATIC = rep('a1', 32)
const RESPONDER_STATIC = rep('b2', 32)
/** Nonce + tag that bitchat framing adds to a plaintext (§5.4). */
const FRAME_OVERHEAD_BYTES = 20
/** A nonce far ahead of anything sent: forged onto a frame, it must not slide the window. */
const FAR_NONCE = 5000

/** A list of steps where each step's index is known when it is added (later args refer to it). */
class Script {
  readonly steps: CaseStep[] = []
  /**
   * @param step - The step to append.
   * @returns Its index in the case's results.
   */
  add(step: CaseStep): number {
    this.steps.push(step)
    return this.steps.length - 1
  }
}

/** String member `name` of an earlier step's result (throws, and the runner reports it, when absent). */
function from(ctx: StepContext, index: number, name: string): string {
  const value = ctx.results[index]?.[name]
  if (typeof value !== 'string') throw new Error(`step ${index + 1} returned no string "${name}"`)
  return value
}

const isHex = (value: unknown): value is string => typeof value === 'string' && /^(?:[0-9a-f]{2})*$/.test(value)

/** 4-byte big-endian nonce prefix, as hex. */
const nonceHex = (n: number): string => n.toString(16).padStart(8, '0')

/** Flip the low bit of byte `index` (negative: from the end) of a hex frame. */
function flipByte(hex: string, index: number): string {
  const i = index < 0 ? hex.length / 2 + index : index
  const b = (Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16) ^ 0x01).toString(16).padStart(2, '0')
  return hex.slice(0, 2 * i) + b + hex.slice(2 * i + 2)
}

const sessionCheck: ResultCheck = (r) =>
  typeof r.session === 'string' && r.session !== '' ? undefined : `result.session must be a non-empty string, got ${JSON.stringify(r.session)}`

function messageCheck(bytes: number, complete: boolean): ResultCheck {
  return (r) => {
    if (!isHex(r.message)) return 'result.message must be lowercase hex'
    if (r.message.length !== bytes * 2) return `result.message: expected ${bytes} bytes, got ${r.message.length / 2}`
    return r.complete === complete ? undefined : `result.complete: expected ${complete}, got ${JSON.stringify(r.complete)}`
  }
}

const matches =
  (expected: () => JsonObject): ResultCheck =>
  (r) =>
    matchJson(expected(), r)

function newSession(role: 'initiator' | 'responder', args: JsonObject | (() => JsonObject)): CaseStep {
  const build = typeof args === 'function' ? args : () => args
  return expectCheck('noise.new', () => ({ pattern: 'XX', role, ...build() }), 'a session name', sessionCheck)
}

/** Encrypt `plaintextHex` on the session made by step `session`; the frame must carry `nonce`. */
function encrypt(session: number, plaintextHex: string, nonce: number): CaseStep {
  const bytes = plaintextHex.length / 2
  return expectCheck(
    'noise.encrypt',
    (c) => ({ session: from(c, session, 'session'), plaintext: plaintextHex }),
    `frame = nonce ${nonceHex(nonce)} ‖ ${bytes}-byte ciphertext ‖ tag`,
    (r) => {
      if (!isHex(r.frame)) return 'result.frame must be lowercase hex'
      if (r.frame.length !== (bytes + FRAME_OVERHEAD_BYTES) * 2) {
        return `result.frame: expected ${bytes + FRAME_OVERHEAD_BYTES} bytes, got ${r.frame.length / 2}`
      }
      return r.frame.startsWith(nonceHex(nonce)) ? undefined : `result.frame: expected nonce prefix ${nonceHex(nonce)}, got ${r.frame.slice(0, 8)}`
    },
  )
}

/** Decrypt the frame from step `frame` (optionally altered) on the session made by step `session`. */
function decrypt(session: number, frame: number, plaintextHex: string): CaseStep {
  return expectCheck(
    'noise.decrypt',
    (c) => ({ session: from(c, session, 'session'), frame: from(c, frame, 'frame') }),
    'the original plaintext',
    matches(() => ({ plaintext: plaintextHex })),
  )
}

function decryptFails(session: number, frame: (c: StepContext) => string, error: string, reasons?: readonly string[]): CaseStep {
  const args = (c: StepContext): JsonObject => ({ session: from(c, session, 'session'), frame: frame(c) })
  return { op: 'noise.decrypt', args, expect: reasons === undefined ? { error } : { error, reasons } }
}

/**
 * Steps 0–7: two fresh sessions (0 initiator, 1 responder) complete bitchat's XX handshake with
 * empty payloads; the messages must be 32, 96 and 64 bytes.
 */
function liveHandshake(): Script {
  const s = new Script()
  const i = s.add(newSession('initiator', { staticPrivate: INITIATOR_STATIC, prologue: '' }))
  const r = s.add(newSession('responder', { staticPrivate: RESPONDER_STATIC, prologue: '' }))
  const sizes = [32, 96, 64] as const
  sizes.forEach((bytes, n) => {
    const [sender, receiver] = n % 2 === 0 ? [i, r] : [r, i]
    const last = n === sizes.length - 1
    const written = s.add(
      expectCheck(
        'noise.write',
        (c) => ({ session: from(c, sender, 'session'), payload: '' }),
        `message ${n + 1}: ${bytes} bytes${last ? ', complete' : ''}`,
        messageCheck(bytes, last),
      ),
    )
    s.add(
      expectCheck(
        'noise.read',
        (c) => ({ session: from(c, receiver, 'session'), message: from(c, written, 'message') }),
        'empty payload',
        matches(() => ({ payload: '', complete: last })),
      ),
    )
  })
  return s
}
const I = 0
const R = 1

/**
 * The vector's two sessions and its three handshake messages (steps 0–7), each written by one
 * session and read by the other, every byte compared with the vector.
 */
function vectorHandshake(vector: () => CacophonyVector): Script {
  const s = new Script()
  s.add(
    newSession('initiator', () => {
      const v = vector()
      return { staticPrivate: v.initStatic, ephemeralPrivate: v.initEphemeral, prologue: v.initPrologue }
    }),
  )
  s.add(
    newSession('responder', () => {
      const v = vector()
      return { staticPrivate: v.respStatic, ephemeralPrivate: v.respEphemeral, prologue: v.respPrologue }
    }),
  )
  for (let n = 0; n < XX_HANDSHAKE_MESSAGES; n++) {
    const [sender, receiver] = n % 2 === 0 ? [I, R] : [R, I]
    const complete = n === XX_HANDSHAKE_MESSAGES - 1
    const message = () => vector().messages[n]!
    const written = s.add(
      expectCheck(
        'noise.write',
        (c) => ({ session: from(c, sender, 'session'), payload: message().payload }),
        `handshake message ${n + 1} as in the vector`,
        matches(() => ({ message: message().ciphertext, complete })),
      ),
    )
    s.add(
      expectCheck(
        'noise.read',
        (c) => ({ session: from(c, receiver, 'session'), message: from(c, written, 'message') }),
        `payload ${n + 1} as in the vector`,
        matches(() => ({ payload: message().payload, complete })),
      ),
    )
  }
  return s
}

function vectorCases(vector: () => CacophonyVector): ConformanceCase[] {
  const handshake = vectorHandshake(vector)
  for (const [session, peerStatic] of [
    [I, () => vector().respStatic],
    [R, () => vector().initStatic],
  ] as const) {
    handshake.add(
      expectCheck('noise.handshakeHash', (c) => ({ session: from(c, session, 'session') }), 'the vector handshake_hash', matches(() => ({ hex: vector().handshakeHash }))),
    )
    handshake.add(
      expectCheck(
        'noise.remoteStatic',
        (c) => ({ session: from(c, session, 'session') }),
        "the peer's static public key (X25519 by node:crypto)",
        matches(() => ({ hex: x25519PublicHex(peerStatic() ?? '') })),
      ),
    )
  }

  const transport = vectorHandshake(vector)
  const sent = [0, 0] // per-direction nonce counters: initiator, responder
  for (let n = XX_HANDSHAKE_MESSAGES; n < XX_HANDSHAKE_MESSAGES + 3; n++) {
    const [sender, receiver] = n % 2 === 0 ? [I, R] : [R, I]
    const nonce = sent[sender]!++
    const message = () => vector().messages[n]!
    const frame = transport.add(
      expectCheck(
        'noise.encrypt',
        (c) => ({ session: from(c, sender, 'session'), plaintext: message().payload }),
        `nonce ${nonceHex(nonce)} ‖ the vector ciphertext`,
        matches(() => ({ frame: nonceHex(nonce) + message().ciphertext })),
      ),
    )
    transport.add(
      expectCheck(
        'noise.decrypt',
        (c) => ({ session: from(c, receiver, 'session'), frame: from(c, frame, 'frame') }),
        'the vector payload',
        matches(() => ({ plaintext: message().payload })),
      ),
    )
  }

  return [
    { name: 'cacophony XX: handshake messages, handshake hash and static keys', source: VECTOR_SOURCE, steps: handshake.steps },
    { name: 'cacophony XX: transport messages with the 4-byte nonce prefix', source: VECTOR_SOURCE, steps: transport.steps },
  ]
}

function liveCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = []

  const hashes = liveHandshake()
  const hashI = hashes.add(
    expectCheck('noise.handshakeHash', (c) => ({ session: from(c, I, 'session') }), '32 bytes', (r) =>
      isHex(r.hex) && r.hex.length === 64 ? undefined : 'result.hex must be 32 bytes of lowercase hex',
    ),
  )
  hashes.add(
    expectCheck('noise.handshakeHash', (c) => ({ session: from(c, R, 'session') }), "equal to the initiator's", (r, c) =>
      matchJson({ hex: from(c, hashI, 'hex') }, r),
    ),
  )
  hashes.add(
    expectCheck('noise.remoteStatic', (c) => ({ session: from(c, I, 'session') }), "the responder's static public key", matches(() => ({ hex: x25519PublicHex(RESPONDER_STATIC) }))),
  )
  hashes.add(
    expectCheck('noise.remoteStatic', (c) => ({ session: from(c, R, 'session') }), "the initiator's static public key", matches(() => ({ hex: x25519PublicHex(INITIATOR_STATIC) }))),
  )
  cases.push({ name: 'live XX: messages of 32, 96 and 64 bytes, equal handshake hashes, static keys', source: LIVE_SOURCE, steps: hashes.steps })

  const both = liveHandshake()
  const hello = utf8Hex('hello from the initiator')
  const reply = utf8Hex('and back from the responder')
  const again = utf8Hex('second message')
  both.add(decrypt(R, both.add(encrypt(I, hello, 0)), hello))
  both.add(decrypt(I, both.add(encrypt(R, reply, 0)), reply))
  both.add(decrypt(R, both.add(encrypt(I, again, 1)), again))
  both.add(decrypt(I, both.add(encrypt(R, '', 1)), ''))
  cases.push({ name: 'live XX: transport both ways, nonces counting from 0 per direction', source: LIVE_SOURCE, steps: both.steps })

  const order = liveHandshake()
  const texts = [0, 1, 2, 3].map((n) => utf8Hex(`frame ${n}`))
  const frames = texts.map((text, n) => order.add(encrypt(I, text, n)))
  for (const n of [3, 0, 2, 1]) order.add(decrypt(R, frames[n]!, texts[n]!))
  cases.push({ name: 'live XX: frames delivered out of order within the window all decrypt (3, 0, 2, 1)', source: LIVE_SOURCE, steps: order.steps })

  const replay = liveHandshake()
  const first = replay.add(encrypt(I, texts[0]!, 0))
  const second = replay.add(encrypt(I, texts[1]!, 1))
  replay.add(decrypt(R, first, texts[0]!))
  replay.add(decryptFails(R, (c) => from(c, first, 'frame'), AdapterErrorCode.REPLAY))
  replay.add(decrypt(R, second, texts[1]!))
  replay.add(decryptFails(R, (c) => from(c, second, 'frame'), AdapterErrorCode.REPLAY))
  replay.add(decryptFails(R, (c) => from(c, first, 'frame'), AdapterErrorCode.REPLAY))
  cases.push({ name: 'live XX: a replayed frame fails with REPLAY', source: LIVE_SOURCE, steps: replay.steps })

  const tamper = liveHandshake()
  const genuine = tamper.add(encrypt(I, texts[0]!, 0))
  const frame = (c: StepContext) => from(c, genuine, 'frame')
  tamper.add(decryptFails(R, (c) => flipByte(frame(c), -1), AdapterErrorCode.AUTH_FAILED)) // tag
  tamper.add(decryptFails(R, (c) => flipByte(frame(c), 4), AdapterErrorCode.AUTH_FAILED)) // ciphertext
  tamper.add(decryptFails(R, (c) => nonceHex(FAR_NONCE) + frame(c).slice(8), AdapterErrorCode.AUTH_FAILED)) // forged nonce
  // Had any of those moved the window (to 5000) or used up nonce 0, this would be REPLAY.
  tamper.add(decrypt(R, genuine, texts[0]!))
  cases.push({
    name: 'live XX: tampered frames fail with AUTH_FAILED and do not move the window',
    source: LIVE_SOURCE,
    steps: tamper.steps,
  })

  const short = liveHandshake()
  short.add(decryptFails(R, () => rep('00', FRAME_OVERHEAD_BYTES - 1), AdapterErrorCode.DECODE_ERROR, ['TRUNCATED']))
  cases.push({ name: 'live XX: a frame shorter than nonce + tag fails with DECODE_ERROR', source: LIVE_SOURCE, steps: short.steps })

  const badMessage = new Script()
  const bi = badMessage.add(newSession('initiator', { staticPrivate: INITIATOR_STATIC }))
  const br = badMessage.add(newSession('responder', { staticPrivate: RESPONDER_STATIC }))
  const m1 = badMessage.add(expectCheck('noise.write', (c) => ({ session: from(c, bi, 'session') }), 'message 1: 32 bytes', messageCheck(32, false)))
  badMessage.add(expectCheck('noise.read', (c) => ({ session: from(c, br, 'session'), message: from(c, m1, 'message') }), 'empty payload', matches(() => ({ payload: '' }))))
  const m2 = badMessage.add(expectCheck('noise.write', (c) => ({ session: from(c, br, 'session') }), 'message 2: 96 bytes', messageCheck(96, false)))
  // Byte 40 lies inside the encrypted static key of message 2 (e is bytes 0–31).
  badMessage.add({
    op: 'noise.read',
    args: (c) => ({ session: from(c, bi, 'session'), message: flipByte(from(c, m2, 'message'), 40) }),
    expect: { error: AdapterErrorCode.AUTH_FAILED },
  })
  cases.push({ name: 'live XX: a tampered handshake message 2 fails with AUTH_FAILED', source: LIVE_SOURCE, steps: badMessage.steps })

  const cut = new Script()
  const cr = cut.add(newSession('responder', { staticPrivate: RESPONDER_STATIC }))
  cut.add({
    op: 'noise.read',
    args: (c) => ({ session: from(c, cr, 'session'), message: rep('42', 31) }),
    expect: { error: AdapterErrorCode.DECODE_ERROR, reasons: ['TRUNCATED'] },
  })
  cases.push({ name: 'live XX: a 31-byte handshake message 1 fails with DECODE_ERROR', source: LIVE_SOURCE, steps: cut.steps })

  return cases
}

/** Options of {@link createNoiseSuite}. */
export interface NoiseSuiteOptions {
  /**
   * Folder holding `noise-cacophony/`; default `$BITMESH_VECTORS_DIR`, else `shared/vectors`
   * beside the repository checkout. Resolved when the suite runs, not when it is created.
   */
  vectorsDir?: string
}

/**
 * Build the Noise suite. The vector is loaded once, the first time a case needs it.
 * @param options - Where the vectors are.
 * @returns The suite.
 */
export function createNoiseSuite(options: NoiseSuiteOptions = {}): ConformanceSuite {
  let loaded: CacophonyVector | undefined
  const vector = (): CacophonyVector => (loaded ??= loadCacophonyVector(NOISE_SUITE_VECTOR, options.vectorsDir ?? noiseVectorsDir()))
  return {
    name: 'noise',
    description: 'Noise XX: cacophony vector, live handshake, bitchat transport framing, replay window, tampering',
    cases: [...vectorCases(vector), ...liveCases()],
  }
}

/** Noise cases, vectors from the default location. */
export const noiseSuite: ConformanceSuite = createNoiseSuite()
