/**
 * The `noise.*` ops of BitMesh's adapter, driven through the request handler: cacophony vectors
 * for every pattern the vectors have (XX, XK, IK, NK), one-way X, the error codes, the session
 * cap, and replay-window properties.
 */
import { createPublicKey, createPrivateKey } from 'node:crypto'
import { hex, loadJsonVectors, toHex } from '@bitmesh-internal/test-vectors'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createAdapterHandler, type AdapterHandler } from '../src/adapter.js'
import { defaultOps } from '../src/ops/index.js'
import { createNoiseOps, MAX_NOISE_PLAINTEXT_BYTES, MAX_NOISE_SESSIONS, NoiseErrorCode, type NoiseOpsOptions } from '../src/ops/noise.js'

type Json = Record<string, any>

interface CacophonyEntry {
  protocol_name: string
  init_prologue: string
  init_static?: string
  init_ephemeral: string
  init_remote_static?: string
  resp_prologue: string
  resp_static?: string
  resp_ephemeral: string
  handshake_hash: string
  messages: { payload: string; ciphertext: string }[]
}

const cacophony = loadJsonVectors<{ vectors: CacophonyEntry[] }>('noise-cacophony', 'cacophony-25519-chachapoly-sha256.json').vectors

/** X25519 public key by OpenSSL, independent of the providers under test. */
function publicKeyOf(privateHex: string): string {
  const key = createPrivateKey({ key: Buffer.from('302e020100300506032b656e04220420' + privateHex, 'hex'), format: 'der', type: 'pkcs8' })
  return Buffer.from(String(createPublicKey(key).export({ format: 'jwk' }).x), 'base64url').toString('hex')
}

/** A handler with a Noise session store of its own. */
function newAdapter(options?: NoiseOpsOptions): { call: (op: string, args?: Json) => Promise<Json> } {
  const handler: AdapterHandler = createAdapterHandler({ ops: { ...defaultOps, ...createNoiseOps(options) } })
  let id = 0
  return {
    async call(op, args = {}) {
      return (await handler.handle(JSON.stringify({ id: ++id, op, ...args }))) as unknown as Json
    },
  }
}

/** Call and insist on success; returns the result. */
async function ok(adapter: ReturnType<typeof newAdapter>, op: string, args: Json = {}): Promise<Json> {
  const r = await adapter.call(op, args)
  if (!r.ok) throw new Error(`${op}: ${r.error.code} ${r.error.message}`)
  return r.result
}

const A_STATIC = 'a1'.repeat(32)
const B_STATIC = 'b2'.repeat(32)

/** Two sessions of one adapter through a complete XX handshake; returns their names. */
async function xxPair(adapter: ReturnType<typeof newAdapter>): Promise<{ i: string; r: string }> {
  const i = (await ok(adapter, 'noise.new', { pattern: 'XX', role: 'initiator', staticPrivate: A_STATIC })).session
  const r = (await ok(adapter, 'noise.new', { pattern: 'XX', role: 'responder', staticPrivate: B_STATIC })).session
  let [from, to] = [i, r]
  for (let n = 0; n < 3; n++) {
    const { message } = await ok(adapter, 'noise.write', { session: from })
    await ok(adapter, 'noise.read', { session: to, message })
    ;[from, to] = [to, from]
  }
  return { i, r }
}

describe('noise ops: cacophony vectors (XX, XK, IK, NK) through the adapter', () => {
  it('holds the four vectors', () => {
    expect(cacophony.map((v) => v.protocol_name.split('_')[1]).sort()).toEqual(['IK', 'NK', 'XK', 'XX'])
  })

  for (const v of cacophony) {
    const pattern = v.protocol_name.split('_')[1]!
    it(`${v.protocol_name}: every handshake and transport message, the hash and the static keys`, async () => {
      const adapter = newAdapter()
      const i = (
        await ok(adapter, 'noise.new', {
          pattern,
          role: 'initiator',
          staticPrivate: v.init_static ?? null,
          ephemeralPrivate: v.init_ephemeral,
          prologue: v.init_prologue,
          remoteStaticPublic: v.init_remote_static ?? null,
        })
      ).session
      const r = (
        await ok(adapter, 'noise.new', {
          pattern,
          role: 'responder',
          staticPrivate: v.resp_static,
          ephemeralPrivate: v.resp_ephemeral,
          prologue: v.resp_prologue,
        })
      ).session
      const handshakeMessages = pattern === 'IK' || pattern === 'NK' ? 2 : 3
      const sent = { [i]: 0, [r]: 0 }
      for (let n = 0; n < v.messages.length; n++) {
        const { payload, ciphertext } = v.messages[n]!
        const [from, to] = n % 2 === 0 ? [i, r] : [r, i]
        if (n < handshakeMessages) {
          const complete = n === handshakeMessages - 1
          expect(await ok(adapter, 'noise.write', { session: from, payload })).toEqual({ message: ciphertext, complete })
          expect(await ok(adapter, 'noise.read', { session: to, message: ciphertext })).toEqual({ payload, complete })
        } else {
          const nonce = sent[from]!++
          const frame = nonce.toString(16).padStart(8, '0') + ciphertext
          expect(await ok(adapter, 'noise.encrypt', { session: from, plaintext: payload })).toEqual({ frame })
          expect(await ok(adapter, 'noise.decrypt', { session: to, frame })).toEqual({ plaintext: payload })
        }
      }
      expect(await ok(adapter, 'noise.handshakeHash', { session: i })).toEqual({ hex: v.handshake_hash })
      expect(await ok(adapter, 'noise.handshakeHash', { session: r })).toEqual({ hex: v.handshake_hash })
      expect(await ok(adapter, 'noise.remoteStatic', { session: i })).toEqual({ hex: publicKeyOf(v.resp_static!) })
      if (v.init_static === undefined) {
        // NK: the initiator is anonymous.
        expect(await adapter.call('noise.remoteStatic', { session: r })).toMatchObject({ ok: false, error: { code: 'BAD_STATE' } })
      } else {
        expect(await ok(adapter, 'noise.remoteStatic', { session: r })).toEqual({ hex: publicKeyOf(v.init_static) })
      }
    })
  }
})

describe('noise ops: one-way X', () => {
  it('the initiator writes one message and only encrypts; the responder only reads and decrypts', async () => {
    const adapter = newAdapter()
    const bPublic = publicKeyOf(B_STATIC)
    const i = (await ok(adapter, 'noise.new', { pattern: 'X', role: 'initiator', staticPrivate: A_STATIC, remoteStaticPublic: bPublic })).session
    const r = (await ok(adapter, 'noise.new', { pattern: 'X', role: 'responder', staticPrivate: B_STATIC })).session
    // Before the message, the responder does not know the sender.
    expect(await adapter.call('noise.remoteStatic', { session: r })).toMatchObject({ ok: false, error: { code: 'BAD_STATE' } })
    expect(await adapter.call('noise.write', { session: r })).toMatchObject({ ok: false, error: { code: 'BAD_STATE' } })
    const sealed = await ok(adapter, 'noise.write', { session: i, payload: 'c0ffee' })
    // e (32) + encrypted s (48) + encrypted payload (3 + 16)
    expect(sealed.message).toHaveLength((32 + 48 + 3 + 16) * 2)
    expect(sealed.complete).toBe(true)
    expect(await ok(adapter, 'noise.read', { session: r, message: sealed.message })).toEqual({ payload: 'c0ffee', complete: true })
    expect(await ok(adapter, 'noise.remoteStatic', { session: r })).toEqual({ hex: publicKeyOf(A_STATIC) })
    expect(await ok(adapter, 'noise.remoteStatic', { session: i })).toEqual({ hex: bPublic })
    const hi = await ok(adapter, 'noise.handshakeHash', { session: i })
    expect(await ok(adapter, 'noise.handshakeHash', { session: r })).toEqual(hi)

    const { frame } = await ok(adapter, 'noise.encrypt', { session: i, plaintext: '0102' })
    expect(frame.slice(0, 8)).toBe('00000000')
    expect(await ok(adapter, 'noise.decrypt', { session: r, frame })).toEqual({ plaintext: '0102' })
    expect(await adapter.call('noise.decrypt', { session: r, frame })).toMatchObject({ ok: false, error: { code: 'REPLAY' } })
    expect(await adapter.call('noise.encrypt', { session: r, plaintext: '00' })).toMatchObject({ ok: false, error: { code: 'BAD_STATE' } })
    expect(await adapter.call('noise.decrypt', { session: i, frame })).toMatchObject({ ok: false, error: { code: 'BAD_STATE' } })
  })
})

describe('noise ops: error codes', () => {
  const expectCode = async (response: Promise<Json>, code: string, reason?: string) => {
    const r = await response
    expect(r.ok, JSON.stringify(r)).toBe(false)
    expect(r.error.code).toBe(code)
    expect(typeof r.error.message).toBe('string')
    if (reason !== undefined) expect(r.error.reason).toBe(reason)
  }

  it('malformed noise.new arguments answer BAD_REQUEST', async () => {
    const a = newAdapter()
    await expectCode(a.call('noise.new', { pattern: 'KK', role: 'initiator', staticPrivate: A_STATIC }), 'BAD_REQUEST')
    await expectCode(a.call('noise.new', { pattern: 'XX', role: 'both', staticPrivate: A_STATIC }), 'BAD_REQUEST')
    await expectCode(a.call('noise.new', { pattern: 'XX', role: 'initiator' }), 'BAD_REQUEST')
    await expectCode(a.call('noise.new', { pattern: 'XX', role: 'initiator', staticPrivate: 'a1'.repeat(31) }), 'BAD_REQUEST')
    await expectCode(a.call('noise.new', { pattern: 'XX', role: 'initiator', staticPrivate: A_STATIC, prologue: 'xyz' }), 'BAD_REQUEST')
    // XX learns the key in the handshake; XK/IK/NK/X initiators must be told it.
    await expectCode(a.call('noise.new', { pattern: 'XX', role: 'initiator', staticPrivate: A_STATIC, remoteStaticPublic: publicKeyOf(B_STATIC) }), 'BAD_REQUEST')
    await expectCode(a.call('noise.new', { pattern: 'XK', role: 'responder', staticPrivate: B_STATIC, remoteStaticPublic: publicKeyOf(A_STATIC) }), 'BAD_REQUEST')
    for (const pattern of ['XK', 'IK', 'NK', 'X']) {
      const r = await a.call('noise.new', { pattern, role: 'initiator', staticPrivate: A_STATIC })
      expect(r.error?.message, pattern).toContain('remoteStaticPublic')
    }
    // An NK initiator is anonymous: a static key it is given is ignored, not an error.
    await ok(a, 'noise.new', { pattern: 'NK', role: 'initiator', staticPrivate: A_STATIC, remoteStaticPublic: publicKeyOf(B_STATIC) })
    await ok(a, 'noise.new', { pattern: 'NK', role: 'initiator', remoteStaticPublic: publicKeyOf(B_STATIC) })
  })

  it('unknown sessions answer UNKNOWN_SESSION; a missing session name is BAD_REQUEST', async () => {
    const a = newAdapter()
    for (const op of ['noise.write', 'noise.read', 'noise.encrypt', 'noise.decrypt', 'noise.handshakeHash', 'noise.remoteStatic']) {
      await expectCode(a.call(op, { session: 'nope', message: '00', plaintext: '00', frame: '00' }), NoiseErrorCode.UNKNOWN_SESSION)
    }
    await expectCode(a.call('noise.write', {}), 'BAD_REQUEST')
  })

  it('calls out of turn answer BAD_STATE and leave the handshake usable', async () => {
    const a = newAdapter()
    const i = (await ok(a, 'noise.new', { pattern: 'XX', role: 'initiator', staticPrivate: A_STATIC })).session
    const r = (await ok(a, 'noise.new', { pattern: 'XX', role: 'responder', staticPrivate: B_STATIC })).session
    await expectCode(a.call('noise.write', { session: r }), 'BAD_STATE') // responder writes first
    await expectCode(a.call('noise.read', { session: i, message: '00'.repeat(96) }), 'BAD_STATE') // initiator reads first
    await expectCode(a.call('noise.encrypt', { session: i, plaintext: '00' }), 'BAD_STATE')
    await expectCode(a.call('noise.decrypt', { session: r, frame: '00'.repeat(20) }), 'BAD_STATE')
    await expectCode(a.call('noise.remoteStatic', { session: r }), 'BAD_STATE')
    const m1 = await ok(a, 'noise.write', { session: i })
    await expectCode(a.call('noise.write', { session: i }), 'BAD_STATE') // twice in a row
    await ok(a, 'noise.read', { session: r, message: m1.message })
    await expectCode(a.call('noise.read', { session: r, message: m1.message }), 'BAD_STATE') // duplicated message 1
    const m2 = await ok(a, 'noise.write', { session: r })
    await ok(a, 'noise.read', { session: i, message: m2.message })
    const m3 = await ok(a, 'noise.write', { session: i })
    expect(m3.complete).toBe(true)
    await ok(a, 'noise.read', { session: r, message: m3.message })
    await expectCode(a.call('noise.write', { session: i }), 'BAD_STATE') // after completion
    await expectCode(a.call('noise.read', { session: r, message: m3.message }), 'BAD_STATE')
    const { frame } = await ok(a, 'noise.encrypt', { session: i, plaintext: '01' })
    expect(await ok(a, 'noise.decrypt', { session: r, frame })).toEqual({ plaintext: '01' })
  })

  it('a short handshake message is DECODE_ERROR TRUNCATED and does not kill the handshake', async () => {
    const a = newAdapter()
    const i = (await ok(a, 'noise.new', { pattern: 'XX', role: 'initiator', staticPrivate: A_STATIC })).session
    const r = (await ok(a, 'noise.new', { pattern: 'XX', role: 'responder', staticPrivate: B_STATIC })).session
    await expectCode(a.call('noise.read', { session: r, message: '42'.repeat(31) }), 'DECODE_ERROR', 'TRUNCATED')
    const m1 = await ok(a, 'noise.write', { session: i })
    await ok(a, 'noise.read', { session: r, message: m1.message })
    const m2 = await ok(a, 'noise.write', { session: r })
    await expectCode(a.call('noise.read', { session: i, message: m2.message.slice(0, -2) }), 'DECODE_ERROR', 'TRUNCATED')
    await expectCode(a.call('noise.read', { session: i, message: '00'.repeat(65_536) }), 'DECODE_ERROR', 'BAD_LENGTH')
    expect((await ok(a, 'noise.read', { session: i, message: m2.message })).complete).toBe(false)
  })

  it('a tampered handshake message is AUTH_FAILED, and the failed session then answers BAD_STATE', async () => {
    const a = newAdapter()
    const i = (await ok(a, 'noise.new', { pattern: 'XX', role: 'initiator', staticPrivate: A_STATIC })).session
    const r = (await ok(a, 'noise.new', { pattern: 'XX', role: 'responder', staticPrivate: B_STATIC })).session
    await ok(a, 'noise.read', { session: r, message: (await ok(a, 'noise.write', { session: i })).message })
    const m2: string = (await ok(a, 'noise.write', { session: r })).message
    const tampered = m2.slice(0, -2) + (m2.slice(-2) === '00' ? '01' : '00')
    await expectCode(a.call('noise.read', { session: i, message: tampered }), 'AUTH_FAILED')
    await expectCode(a.call('noise.read', { session: i, message: m2 }), 'BAD_STATE')
    await expectCode(a.call('noise.handshakeHash', { session: i }), 'BAD_STATE')
  })

  it('a low-order ephemeral key in message 1 answers CRYPTO_ERROR', async () => {
    const a = newAdapter()
    const r = (await ok(a, 'noise.new', { pattern: 'XX', role: 'responder', staticPrivate: B_STATIC })).session
    await expectCode(a.call('noise.read', { session: r, message: '00'.repeat(32) }), 'CRYPTO_ERROR')
  })

  it('transport frames: truncated and oversized are DECODE_ERROR, a too-long plaintext is BAD_REQUEST', async () => {
    const a = newAdapter()
    const { i, r } = await xxPair(a)
    await expectCode(a.call('noise.decrypt', { session: r, frame: '00'.repeat(19) }), 'DECODE_ERROR', 'TRUNCATED')
    await expectCode(a.call('noise.decrypt', { session: r, frame: '00'.repeat(MAX_NOISE_PLAINTEXT_BYTES + 21) }), 'DECODE_ERROR', 'BAD_LENGTH')
    await expectCode(a.call('noise.encrypt', { session: i, plaintext: '00'.repeat(MAX_NOISE_PLAINTEXT_BYTES + 1) }), 'BAD_REQUEST')
    // Private-file sized payloads (over 65 535 bytes) go through.
    const big = 'ab'.repeat(70_000)
    const { frame } = await ok(a, 'noise.encrypt', { session: i, plaintext: big })
    expect(frame).toHaveLength((70_000 + 20) * 2)
    expect((await ok(a, 'noise.decrypt', { session: r, frame })).plaintext).toBe(big)
  })

  it('handshakeHash before completion is the running hash; it changes with each message', async () => {
    const a = newAdapter()
    const i = (await ok(a, 'noise.new', { pattern: 'XX', role: 'initiator', staticPrivate: A_STATIC })).session
    const r = (await ok(a, 'noise.new', { pattern: 'XX', role: 'responder', staticPrivate: B_STATIC })).session
    const h0 = (await ok(a, 'noise.handshakeHash', { session: i })).hex
    expect(h0).toHaveLength(64)
    expect((await ok(a, 'noise.handshakeHash', { session: r })).hex).toBe(h0) // same name, same prologue
    await ok(a, 'noise.read', { session: r, message: (await ok(a, 'noise.write', { session: i })).message })
    const h1 = (await ok(a, 'noise.handshakeHash', { session: i })).hex
    expect(h1).not.toBe(h0)
    expect((await ok(a, 'noise.handshakeHash', { session: r })).hex).toBe(h1)
  })

  it('the session store is bounded: one past the cap answers CAPACITY_EXCEEDED and the others keep working', async () => {
    expect(MAX_NOISE_SESSIONS).toBe(4096)
    const a = newAdapter({ maxSessions: 3 })
    const { i, r } = await xxPair(a)
    await ok(a, 'noise.new', { pattern: 'XX', role: 'initiator', staticPrivate: A_STATIC })
    const full = await a.call('noise.new', { pattern: 'XX', role: 'initiator', staticPrivate: A_STATIC })
    expect(full).toMatchObject({ ok: false, error: { code: 'CAPACITY_EXCEEDED' } })
    expect(full.error.message).toContain('at most 3')
    const { frame } = await ok(a, 'noise.encrypt', { session: i, plaintext: '07' })
    expect(await ok(a, 'noise.decrypt', { session: r, frame })).toEqual({ plaintext: '07' })
    expect(() => createNoiseOps({ maxSessions: 0 })).toThrow(RangeError)
  })

  it('the default tables share one store: a session made by one handler is seen by another', async () => {
    const h1 = createAdapterHandler()
    const h2 = createAdapterHandler()
    const made = (await h1.handle(JSON.stringify({ id: 1, op: 'noise.new', pattern: 'XX', role: 'initiator', staticPrivate: A_STATIC }))) as Json
    const hash = (await h2.handle(JSON.stringify({ id: 2, op: 'noise.handshakeHash', session: made.result.session }))) as Json
    expect(hash.ok).toBe(true)
  })
})

describe('noise ops: replay window (1 024 nonces, bitchat-wire §5.4)', () => {
  it('at the edge: after nonce H, H − 1024 is REPLAY and H − 1023 is accepted once', async () => {
    const a = newAdapter()
    const { i, r } = await xxPair(a)
    const frames: string[] = []
    for (let n = 0; n <= 1030; n++) frames.push((await ok(a, 'noise.encrypt', { session: i, plaintext: toHex(new Uint8Array([n & 0xff])) })).frame)
    expect(frames[1030]!.slice(0, 8)).toBe((1030).toString(16).padStart(8, '0'))
    await ok(a, 'noise.decrypt', { session: r, frame: frames[1030] })
    expect(await a.call('noise.decrypt', { session: r, frame: frames[6] })).toMatchObject({ ok: false, error: { code: 'REPLAY' } })
    expect(await ok(a, 'noise.decrypt', { session: r, frame: frames[7] })).toEqual({ plaintext: '07' })
    expect(await a.call('noise.decrypt', { session: r, frame: frames[7] })).toMatchObject({ ok: false, error: { code: 'REPLAY' } })
    expect(await a.call('noise.decrypt', { session: r, frame: frames[0] })).toMatchObject({ ok: false, error: { code: 'REPLAY' } })
  })

  it('property: any delivery order within the window decrypts each frame once, a second delivery is REPLAY', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 24 }).chain((n) => fc.tuple(fc.constant(n), fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }))),
        fc.array(fc.nat(), { maxLength: 4 }),
        async ([n, order], replays) => {
          const a = newAdapter()
          const { i, r } = await xxPair(a)
          const frames: string[] = []
          for (let k = 0; k < n; k++) frames.push((await ok(a, 'noise.encrypt', { session: i, plaintext: toHex(new Uint8Array([k])) })).frame)
          for (const k of order) expect(await ok(a, 'noise.decrypt', { session: r, frame: frames[k] })).toEqual({ plaintext: toHex(new Uint8Array([k])) })
          for (const x of replays) {
            expect(await a.call('noise.decrypt', { session: r, frame: frames[x % n] })).toMatchObject({ ok: false, error: { code: 'REPLAY' } })
          }
        },
      ),
      { numRuns: 25 },
    )
  })

  it('property: flipping any bit of a frame is AUTH_FAILED (or REPLAY for a nonce already used) and the genuine frame still decrypts', async () => {
    const a = newAdapter()
    const { i, r } = await xxPair(a)
    let sent = 0
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 40 }), fc.nat(), async (plaintext, bitSeed) => {
        const { frame } = await ok(a, 'noise.encrypt', { session: i, plaintext: toHex(plaintext) })
        sent++
        const bytes = hex(frame)
        const bit = bitSeed % (bytes.length * 8)
        bytes[bit >> 3]! ^= 1 << (bit & 7)
        const forged = await a.call('noise.decrypt', { session: r, frame: toHex(bytes) })
        expect(forged.ok).toBe(false)
        // A flipped nonce bit may point at a nonce already accepted: then REPLAY comes first.
        expect(bit < 32 ? ['AUTH_FAILED', 'REPLAY'] : ['AUTH_FAILED']).toContain(forged.error.code)
        expect(await ok(a, 'noise.decrypt', { session: r, frame })).toEqual({ plaintext: toHex(plaintext) })
      }),
      { numRuns: 60 },
    )
    expect(sent).toBeGreaterThanOrEqual(60)
  })
})
