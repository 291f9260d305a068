/**
 * The `noise` conformance suite: BitMesh's adapter passes it; adapters broken on purpose fail
 * the case that targets each defect; a missing vector folder fails the vector cases with the
 * path that was tried; adapters without Noise are skipped.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runConformance, type ConformanceReport } from '../src/runner.js'
import { createNoiseSuite, noiseSuite } from '../src/suites/noise.js'
import { CACOPHONY_VECTORS_FILE, noiseVectorsDir, VECTORS_DIR_ENV, x25519PublicHex } from '../src/suites/noise-vectors.js'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const env = { ...process.env, TSX_TSCONFIG_PATH: `${repoRoot}tsconfig.check.json` }
const OWN_ADAPTER = 'node --import tsx packages/conformance/src/adapter-bin.ts'
const MINIMAL_ADAPTER = `node ${fileURLToPath(new URL('./fixtures/minimal-adapter.mjs', import.meta.url))}`

const scratch = mkdtempSync(join(tmpdir(), 'bitmesh-noise-suite-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const status = (report: ConformanceReport) => Object.fromEntries(report.results.map((r) => [r.name, r.status]))
const failures = (report: ConformanceReport) => report.results.filter((r) => r.status === 'fail').map((r) => `${r.name}: ${r.message}`)

/**
 * BitMesh's adapter with one defect, chosen by `MUTANT`:
 * - `replay`: a replayed frame decrypts again;
 * - `slide`: a frame that fails authentication still moves the replay window up to its nonce;
 * - `nonce`: every frame carries nonce prefix 00000000;
 * - `hash`: handshake hashes have their first byte flipped.
 */
const MUTANT_SOURCE = `
import { runAdapter } from ${JSON.stringify(join(repoRoot, 'packages/conformance/src/adapter.ts'))}
import { defaultOps, createNoiseOps, RequestError } from ${JSON.stringify(join(repoRoot, 'packages/conformance/src/ops/index.ts'))}
const base = createNoiseOps()
const highest = new Map()
const ops = { ...defaultOps, ...base }
const mutant = process.env.MUTANT
if (mutant === 'replay') ops['noise.decrypt'] = (req) => {
  try { return base['noise.decrypt'](req) } catch (e) { if (e.code === 'REPLAY') return { plaintext: '' }; throw e }
}
if (mutant === 'slide') ops['noise.decrypt'] = (req) => {
  const nonce = parseInt(req.frame.slice(0, 8), 16)
  if (nonce + 1024 <= (highest.get(req.session) ?? 0)) throw new RequestError('REPLAY', 'below the window')
  try { return base['noise.decrypt'](req) } catch (e) {
    if (e.code === 'AUTH_FAILED') highest.set(req.session, Math.max(nonce, highest.get(req.session) ?? 0))
    throw e
  }
}
if (mutant === 'nonce') ops['noise.encrypt'] = (req) => {
  const { frame } = base['noise.encrypt'](req)
  return { frame: '00000000' + frame.slice(8) }
}
if (mutant === 'hash') ops['noise.handshakeHash'] = (req) => {
  const { hex } = base['noise.handshakeHash'](req)
  return { hex: (parseInt(hex.slice(0, 2), 16) ^ 0xff).toString(16).padStart(2, '0') + hex.slice(2) }
}
await runAdapter(process.stdin, process.stdout, { ops })
`
const mutantPath = join(scratch, 'mutant-adapter.mts')
writeFileSync(mutantPath, MUTANT_SOURCE)

async function runMutant(mutant: string): Promise<ConformanceReport> {
  return runConformance({ adapterCommand: `node --import tsx ${mutantPath}`, cwd: repoRoot, env: { ...env, MUTANT: mutant }, suites: [noiseSuite] })
}

describe('noise suite against BitMesh', () => {
  it('has the cases the issue asks for', () => {
    const names = noiseSuite.cases.map((c) => c.name)
    expect(names).toHaveLength(10)
    expect(new Set(names).size).toBe(names.length)
    for (const fragment of ['cacophony XX', '32, 96 and 64', 'both ways', 'out of order', 'REPLAY', 'AUTH_FAILED', 'DECODE_ERROR']) {
      expect(names.some((n) => n.includes(fragment)), fragment).toBe(true)
    }
  })

  it("BitMesh's adapter passes every case", async () => {
    const report = await runConformance({ adapterCommand: OWN_ADAPTER, cwd: repoRoot, env, suites: [noiseSuite] })
    expect(failures(report)).toEqual([])
    expect(report.passed).toBe(noiseSuite.cases.length)
    expect(report.skipped).toBe(0)
  })

  it('with the vector folder missing, the vector cases fail saying where they looked; the live cases still pass', async () => {
    const missing = join(scratch, 'no-vectors-here')
    const report = await runConformance({ adapterCommand: OWN_ADAPTER, cwd: repoRoot, env, suites: [createNoiseSuite({ vectorsDir: missing })] })
    const failed = report.results.filter((r) => r.status === 'fail')
    expect(failed.map((r) => r.name)).toEqual([
      'cacophony XX: handshake messages, handshake hash and static keys',
      'cacophony XX: transport messages with the 4-byte nonce prefix',
    ])
    for (const r of failed) {
      expect(r.message).toContain(`step 1: cannot build the request: Noise test vectors not found: looked for ${join(missing, CACOPHONY_VECTORS_FILE)}`)
      expect(r.message).toContain(VECTORS_DIR_ENV)
    }
    expect(report.passed).toBe(noiseSuite.cases.length - 2)
  })

  it('an adapter without noise ops has every case skipped, nothing sent', async () => {
    const report = await runConformance({ adapterCommand: MINIMAL_ADAPTER, suites: [noiseSuite] })
    expect(report.skipped).toBe(noiseSuite.cases.length)
    expect(report.results.every((r) => r.message === 'noise op noise.new not offered by the adapter (not in hello)')).toBe(true)
  })
})

describe('noise suite catches broken adapters', () => {
  it('replayed frames accepted → the replay case fails', async () => {
    const report = await runMutant('replay')
    expect(status(report)['live XX: a replayed frame fails with REPLAY']).toBe('fail')
    expect(report.results.find((r) => r.name.includes('replayed'))?.message).toContain('expected error REPLAY, got ok')
    expect(report.failed).toBe(1)
  })

  it('a forged far-ahead nonce that slides the window → the tamper case fails on the genuine frame', async () => {
    const report = await runMutant('slide')
    const tamper = report.results.find((r) => r.name.startsWith('live XX: tampered frames'))
    expect(tamper).toMatchObject({ status: 'fail' })
    expect(tamper?.message).toMatch(/^step 13: expected ok, got error REPLAY/)
    expect(report.failed).toBe(1)
  })

  it('a constant nonce prefix → the vector transport case and the both-ways case fail', async () => {
    const report = await runMutant('nonce')
    const s = status(report)
    expect(s['cacophony XX: transport messages with the 4-byte nonce prefix']).toBe('fail')
    expect(s['live XX: transport both ways, nonces counting from 0 per direction']).toBe('fail')
    expect(s['cacophony XX: handshake messages, handshake hash and static keys']).toBe('pass')
  })

  it('a wrong handshake hash → the vector case fails (the live case alone could not tell)', async () => {
    const report = await runMutant('hash')
    const s = status(report)
    expect(s['cacophony XX: handshake messages, handshake hash and static keys']).toBe('fail')
    expect(report.failed).toBe(1)
  })
})

describe('noise vector location and key derivation', () => {
  it(`${VECTORS_DIR_ENV} wins; otherwise <repo root>/../shared/vectors, found from any folder inside the checkout`, () => {
    expect(noiseVectorsDir({ [VECTORS_DIR_ENV]: '/somewhere/vectors' }, '/tmp')).toBe('/somewhere/vectors')
    expect(noiseVectorsDir({ [VECTORS_DIR_ENV]: 'rel' }, '/base')).toBe('/base/rel')
    const expected = resolve(repoRoot, '..', 'shared', 'vectors')
    expect(noiseVectorsDir({}, repoRoot)).toBe(expected)
    expect(noiseVectorsDir({}, join(repoRoot, 'packages', 'conformance', 'test'))).toBe(expected)
    // Outside any pnpm workspace: beside the working directory.
    expect(noiseVectorsDir({}, scratch)).toBe(resolve(scratch, '..', 'shared', 'vectors'))
  })

  it('x25519PublicHex matches RFC 7748 §6.1', () => {
    expect(x25519PublicHex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a')).toBe(
      '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a',
    )
    expect(x25519PublicHex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb')).toBe(
      'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f',
    )
    expect(() => x25519PublicHex('00')).toThrow(TypeError)
  })
})
