/**
 * Two-implementation Noise interop (issue #3): BitMesh's conformance adapter
 * (`@bitmesh/noise` behind `packages/conformance/src/adapter-bin.ts`) against an independent Go
 * adapter built on flynn/noise (`interop/go-noise`), both spoken to over the stdio adapter
 * protocol. Handshakes are carried from one process to the other, in both roles, and so are
 * bitchat transport frames (4-byte big-endian nonce ‖ ciphertext ‖ tag, 1 024-nonce window).
 *
 * Skipped, with a warning, when neither Go nor a built `bin/go-noise-adapter` is present. With Go
 * installed, a missing or out-of-date binary is built first by `interop/go-noise/build.sh`.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadJsonVectors } from '@bitmesh-internal/test-vectors'
import { x25519PublicHex } from '@bitmesh/conformance'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AdapterClient, type Answer } from './adapter-client.js'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const GO_DIR = join(repoRoot, 'interop', 'go-noise')
const GO_BIN = join(GO_DIR, 'bin', 'go-noise-adapter')
const BITMESH_ADAPTER = 'node --import tsx packages/conformance/src/adapter-bin.ts'
/** Longest a Go build may take (ms). */
const GO_BUILD_TIMEOUT_MS = 10 * 60_000

const goInstalled = spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0
const available = goInstalled || existsSync(GO_BIN)
if (!available) {
  console.warn(
    `interop/go-noise: skipped — Go is not installed and ${GO_BIN} is missing. ` +
      'Install Go and flynn/noise (apt-get install -y golang-go golang-github-flynn-noise-dev) to run the BitMesh ↔ Go Noise interop tests.',
  )
}

/** The binary is missing or older than a Go source next to it. */
function binaryOutOfDate(): boolean {
  if (!existsSync(GO_BIN)) return true
  const built = statSync(GO_BIN).mtimeMs
  return readdirSync(GO_DIR).some((f) => (f.endsWith('.go') || f === 'go.mod') && statSync(join(GO_DIR, f)).mtimeMs > built)
}

const A_STATIC = 'a1'.repeat(32) // always the initiator's
const B_STATIC = 'b2'.repeat(32) // always the responder's
const A_PUBLIC = x25519PublicHex(A_STATIC)
const B_PUBLIC = x25519PublicHex(B_STATIC)
/** A nonce far ahead of anything sent. */
const FAR_NONCE = 5000
const WINDOW_NONCES = 1024

type Pattern = 'XX' | 'XK' | 'IK' | 'NK'
const HANDSHAKE_MESSAGES: Record<Pattern, number> = { XX: 3, XK: 3, IK: 2, NK: 2 }

/** One end of a session: which adapter, which session in it. */
interface End {
  adapter: AdapterClient
  session: string
}

const utf8Hex = (text: string): string => Buffer.from(text, 'utf8').toString('hex')
const nonceHex = (n: number): string => n.toString(16).padStart(8, '0')
function flipByte(hex: string, index: number): string {
  const i = index < 0 ? hex.length / 2 + index : index
  return hex.slice(0, 2 * i) + (Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16) ^ 0x01).toString(16).padStart(2, '0') + hex.slice(2 * i + 2)
}
function expectError(answer: Answer, code: string, reason?: string): void {
  expect(answer.ok, JSON.stringify(answer)).toBe(false)
  if (answer.ok) return
  expect(answer.error.code).toBe(code)
  if (reason !== undefined) expect(answer.error.reason).toBe(reason)
}

interface HandshakeOptions {
  pattern?: Pattern
  /** Handshake payloads, one per message; default empty (bitchat). */
  payloads?: string[]
  /** Fixed keys and prologue (vectors); default the A/B statics, fresh ephemerals, empty prologue. */
  keys?: { initStatic?: string; respStatic: string; initEphemeral?: string; respEphemeral?: string; prologue?: string }
}

/**
 * Run a full handshake with `initiator` in one adapter and `responder` in the other: each
 * message is written by one implementation and read by the other.
 * @returns Both ends and the messages as written.
 */
async function handshake(initiator: AdapterClient, responder: AdapterClient, options: HandshakeOptions = {}) {
  const pattern = options.pattern ?? 'XX'
  const keys = options.keys ?? { initStatic: A_STATIC, respStatic: B_STATIC }
  const prologue = keys.prologue ?? ''
  const needsRemote = pattern !== 'XX'
  const i: End = {
    adapter: initiator,
    session: await initiator.str(
      'noise.new',
      {
        pattern,
        role: 'initiator',
        ...(pattern === 'NK' || keys.initStatic === undefined ? {} : { staticPrivate: keys.initStatic }),
        ...(keys.initEphemeral === undefined ? {} : { ephemeralPrivate: keys.initEphemeral }),
        ...(needsRemote ? { remoteStaticPublic: x25519PublicHex(keys.respStatic) } : {}),
        prologue,
      },
      'session',
    ),
  }
  const r: End = {
    adapter: responder,
    session: await responder.str(
      'noise.new',
      {
        pattern,
        role: 'responder',
        staticPrivate: keys.respStatic,
        ...(keys.respEphemeral === undefined ? {} : { ephemeralPrivate: keys.respEphemeral }),
        prologue,
      },
      'session',
    ),
  }
  const count = HANDSHAKE_MESSAGES[pattern]
  const messages: string[] = []
  for (let n = 0; n < count; n++) {
    const [from, to] = n % 2 === 0 ? [i, r] : [r, i]
    const payload = options.payloads?.[n] ?? ''
    const complete = n === count - 1
    const written = await from.adapter.ok('noise.write', { session: from.session, payload })
    expect(written.complete, `${from.adapter.name} message ${n + 1} complete`).toBe(complete)
    const read = await to.adapter.ok('noise.read', { session: to.session, message: written.message! })
    expect(read, `${to.adapter.name} reading ${from.adapter.name}'s message ${n + 1}`).toEqual({ payload, complete })
    messages.push(written.message as string)
  }
  return { i, r, messages }
}

const encrypt = async (from: End, plaintext: string): Promise<string> => from.adapter.str('noise.encrypt', { session: from.session, plaintext }, 'frame')
const decrypt = (to: End, frame: string): Promise<Answer> => to.adapter.call('noise.decrypt', { session: to.session, frame })
async function expectDecrypts(to: End, frame: string, plaintext: string): Promise<void> {
  expect(await to.adapter.ok('noise.decrypt', { session: to.session, frame }), `${to.adapter.name} decrypting`).toEqual({ plaintext })
}

describe.skipIf(!available)('Noise interop: BitMesh ↔ go-noise (flynn/noise)', () => {
  let bitmesh: AdapterClient
  let go: AdapterClient
  const impl = { bitmesh: () => bitmesh, 'go-noise': () => go }
  type Impl = keyof typeof impl
  const DIRECTIONS: [Impl, Impl][] = [
    ['bitmesh', 'go-noise'],
    ['go-noise', 'bitmesh'],
  ]

  beforeAll(() => {
    if (goInstalled && binaryOutOfDate()) {
      const built = spawnSync('bash', [join(GO_DIR, 'build.sh')], { encoding: 'utf8', timeout: GO_BUILD_TIMEOUT_MS })
      if (built.status !== 0) throw new Error(`interop/go-noise/build.sh failed (status ${built.status}):\n${built.stderr}`)
    }
    bitmesh = new AdapterClient('bitmesh', BITMESH_ADAPTER, {
      cwd: repoRoot,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.check.json') },
    })
    go = new AdapterClient('go-noise', GO_BIN, { cwd: repoRoot })
  }, GO_BUILD_TIMEOUT_MS)

  afterAll(async () => {
    await bitmesh?.close()
    await go?.close()
  })

  it('both adapters list every noise op in hello', async () => {
    const ops = ['noise.new', 'noise.write', 'noise.read', 'noise.encrypt', 'noise.decrypt', 'noise.handshakeHash', 'noise.remoteStatic']
    for (const adapter of [bitmesh, go]) expect((await adapter.ok('hello')).ops, adapter.name).toEqual(expect.arrayContaining(ops))
    expect((await go.ok('hello')).implementation).toMatch(/flynn\/noise/)
  })

  describe.each(DIRECTIONS)('XX with %s as initiator and %s as responder', (initiatorName, responderName) => {
    const pair = () => handshake(impl[initiatorName](), impl[responderName]())

    it('handshake: messages of 32, 96 and 64 bytes, equal handshake hashes, each side has the other’s static key', async () => {
      const { i, r, messages } = await pair()
      expect(messages.map((m) => m.length / 2)).toEqual([32, 96, 64])
      const hi = await i.adapter.str('noise.handshakeHash', { session: i.session }, 'hex')
      const hr = await r.adapter.str('noise.handshakeHash', { session: r.session }, 'hex')
      expect(hi).toMatch(/^[0-9a-f]{64}$/)
      expect(hr).toBe(hi)
      expect(await i.adapter.str('noise.remoteStatic', { session: i.session }, 'hex')).toBe(B_PUBLIC)
      expect(await r.adapter.str('noise.remoteStatic', { session: r.session }, 'hex')).toBe(A_PUBLIC)
    })

    it('transport both ways: nonce prefix counts from 0 in each direction', async () => {
      const { i, r } = await pair()
      for (let n = 0; n < 3; n++) {
        for (const [from, to] of [
          [i, r],
          [r, i],
        ] as const) {
          const text = utf8Hex(`${from.adapter.name} → ${to.adapter.name} #${n}`)
          const frame = await encrypt(from, text)
          expect(frame.slice(0, 8)).toBe(nonceHex(n))
          expect(frame.length / 2).toBe(text.length / 2 + 20)
          await expectDecrypts(to, frame, text)
        }
      }
      // An empty plaintext is a bare nonce + tag.
      const empty = await encrypt(r, '')
      expect(empty.length / 2).toBe(20)
      await expectDecrypts(i, empty, '')
    })

    it('out-of-order delivery within the window: every frame decrypts once, in any order', async () => {
      const { i, r } = await pair()
      for (const [from, to, order] of [
        [i, r, [5, 0, 7, 2, 1, 6, 3, 4]],
        [r, i, [7, 6, 5, 4, 3, 2, 1, 0]],
      ] as const) {
        const texts = order.map((_, n) => utf8Hex(`frame ${n}`))
        const frames: string[] = []
        for (const text of texts) frames.push(await encrypt(from, text))
        for (const n of order) await expectDecrypts(to, frames[n]!, texts[n]!)
      }
    })

    it('a replayed frame is rejected by the receiving implementation with REPLAY', async () => {
      const { i, r } = await pair()
      for (const [from, to] of [
        [i, r],
        [r, i],
      ] as const) {
        const first = await encrypt(from, utf8Hex('once'))
        const second = await encrypt(from, utf8Hex('twice'))
        await expectDecrypts(to, second, utf8Hex('twice'))
        await expectDecrypts(to, first, utf8Hex('once'))
        expectError(await decrypt(to, first), 'REPLAY')
        expectError(await decrypt(to, second), 'REPLAY')
      }
    })

    it('tampered frames fail with AUTH_FAILED and move neither the window nor the nonce', async () => {
      const { i, r } = await pair()
      for (const [from, to] of [
        [i, r],
        [r, i],
      ] as const) {
        const text = utf8Hex('integrity matters')
        const frame = await encrypt(from, text)
        expectError(await decrypt(to, flipByte(frame, -1)), 'AUTH_FAILED') // tag
        expectError(await decrypt(to, flipByte(frame, 4)), 'AUTH_FAILED') // ciphertext
        expectError(await decrypt(to, nonceHex(FAR_NONCE) + frame.slice(8)), 'AUTH_FAILED') // forged nonce
        // Had the forged nonce moved the window to 5000, nonce 0 would now be REPLAY.
        await expectDecrypts(to, frame, text)
        expectError(await decrypt(to, frame), 'REPLAY')
        expectError(await decrypt(to, frame.slice(0, 38)), 'DECODE_ERROR', 'TRUNCATED')
      }
    })

    it(`window edge: after nonce H = 1030, H − ${WINDOW_NONCES} is REPLAY and H − ${WINDOW_NONCES - 1} is accepted once`, async () => {
      const { i, r } = await pair()
      const frames: string[] = []
      for (let n = 0; n <= 1030; n++) frames.push(await encrypt(i, nonceHex(n)))
      await expectDecrypts(r, frames[1030]!, nonceHex(1030))
      expectError(await decrypt(r, frames[1030 - WINDOW_NONCES]!), 'REPLAY')
      await expectDecrypts(r, frames[1030 - WINDOW_NONCES + 1]!, nonceHex(1030 - WINDOW_NONCES + 1))
      expectError(await decrypt(r, frames[1030 - WINDOW_NONCES + 1]!), 'REPLAY')
      await expectDecrypts(r, frames[1029]!, nonceHex(1029))
    })
  })

  describe('cacophony vectors, one implementation per side', () => {
    interface Vector {
      protocol_name: string
      init_prologue: string
      init_static?: string
      init_ephemeral: string
      resp_static: string
      resp_ephemeral: string
      handshake_hash: string
      messages: { payload: string; ciphertext: string }[]
    }
    const vectors = loadJsonVectors<{ vectors: Vector[] }>('noise-cacophony', 'cacophony-25519-chachapoly-sha256.json').vectors
    const cases = vectors.flatMap((v) => DIRECTIONS.map(([a, b]) => [v.protocol_name, a, b, v] as const))

    it.each(cases)('%s: %s initiator, %s responder reproduce every message', async (_name, initiatorName, responderName, v) => {
      const pattern = v.protocol_name.split('_')[1] as Pattern
      const count = HANDSHAKE_MESSAGES[pattern]
      const { i, r, messages } = await handshake(impl[initiatorName](), impl[responderName](), {
        pattern,
        payloads: v.messages.slice(0, count).map((m) => m.payload),
        keys: {
          initStatic: v.init_static,
          respStatic: v.resp_static,
          initEphemeral: v.init_ephemeral,
          respEphemeral: v.resp_ephemeral,
          prologue: v.init_prologue,
        },
      })
      expect(messages).toEqual(v.messages.slice(0, count).map((m) => m.ciphertext))
      expect(await i.adapter.str('noise.handshakeHash', { session: i.session }, 'hex')).toBe(v.handshake_hash)
      expect(await r.adapter.str('noise.handshakeHash', { session: r.session }, 'hex')).toBe(v.handshake_hash)
      const sent = [0, 0]
      for (let n = count; n < v.messages.length; n++) {
        const fromInitiator = n % 2 === 0
        const [from, to] = fromInitiator ? [i, r] : [r, i]
        const { payload, ciphertext } = v.messages[n]!
        const frame = await encrypt(from, payload)
        expect(frame).toBe(nonceHex(sent[fromInitiator ? 0 : 1]!++) + ciphertext)
        await expectDecrypts(to, frame, payload)
      }
    })
  })

  describe.each(DIRECTIONS)('XK, IK and NK with %s as initiator and %s as responder', (initiatorName, responderName) => {
    it.each(['XK', 'IK', 'NK'] as const)('%s: handshake with payloads, equal hashes, static keys, transport both ways', async (pattern) => {
      const count = HANDSHAKE_MESSAGES[pattern]
      const payloads = Array.from({ length: count }, (_, n) => utf8Hex(`${pattern} payload ${n + 1}`))
      const { i, r } = await handshake(impl[initiatorName](), impl[responderName](), { pattern, payloads })
      const hi = await i.adapter.str('noise.handshakeHash', { session: i.session }, 'hex')
      expect(await r.adapter.str('noise.handshakeHash', { session: r.session }, 'hex')).toBe(hi)
      expect(await i.adapter.str('noise.remoteStatic', { session: i.session }, 'hex')).toBe(B_PUBLIC)
      if (pattern === 'NK') {
        // The NK initiator is anonymous: neither implementation can name its static key.
        expectError(await r.adapter.call('noise.remoteStatic', { session: r.session }), 'BAD_STATE')
      } else {
        expect(await r.adapter.str('noise.remoteStatic', { session: r.session }, 'hex')).toBe(A_PUBLIC)
      }
      for (const [from, to] of [
        [i, r],
        [r, i],
      ] as const) {
        const text = utf8Hex(`${pattern} transport from ${from.adapter.name}`)
        const frame = await encrypt(from, text)
        expect(frame.slice(0, 8)).toBe('00000000')
        await expectDecrypts(to, frame, text)
        expectError(await decrypt(to, frame), 'REPLAY')
      }
    })
  })

  it('one-way X: runs only if go-noise accepts the pattern (flynn/noise adapter 0.1.0 does not)', async (ctx) => {
    const probe = await go.call('noise.new', { pattern: 'X', role: 'responder', staticPrivate: B_STATIC })
    if (!probe.ok) {
      expectError(probe, 'BAD_REQUEST')
      ctx.skip()
      return
    }
    const r: End = { adapter: go, session: String(probe.result.session) }
    const i: End = {
      adapter: bitmesh,
      session: await bitmesh.str('noise.new', { pattern: 'X', role: 'initiator', staticPrivate: A_STATIC, remoteStaticPublic: B_PUBLIC }, 'session'),
    }
    const sealed = await bitmesh.ok('noise.write', { session: i.session, payload: utf8Hex('courier') })
    expect(await go.ok('noise.read', { session: r.session, message: sealed.message! })).toEqual({ payload: utf8Hex('courier'), complete: true })
    const frame = await encrypt(i, '01')
    await expectDecrypts(r, frame, '01')
  })

  it('both adapters exit with status 0 when stdin closes', async () => {
    expect(await bitmesh.close()).toBe(0)
    expect(await go.close()).toBe(0)
  })
})
