import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { allSuites, gcsSuite, idsSuite, protocolSuite } from '../src/suites/index.js'
import { EXIT_CHECK_NAME, runConformance, type ConformanceReport } from '../src/runner.js'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))
/** Run the TypeScript sources directly; tsx maps `@bitmesh/*` to sources through this tsconfig. */
const env = { ...process.env, TSX_TSCONFIG_PATH: `${repoRoot}tsconfig.check.json` }
const OWN_ADAPTER = 'node --import tsx packages/conformance/src/adapter-bin.ts'

function failures(report: ConformanceReport): string[] {
  return report.results.filter((r) => r.status === 'fail').map((r) => `${r.suite} / ${r.name}: ${r.message}`)
}

const totalCases = allSuites.reduce((n, s) => n + s.cases.length, 0) + 1 // + the exit check

describe('runConformance', () => {
  it('BitMesh\'s own adapter passes every case', async () => {
    const report = await runConformance({ adapterCommand: OWN_ADAPTER, cwd: repoRoot, env })
    expect(failures(report)).toEqual([])
    expect(report.failed).toBe(0)
    expect(report.skipped).toBe(0)
    expect(report.passed).toBe(totalCases)
    expect(report.adapter?.implementation).toBe('bitmesh')
    expect(report.results.find((r) => r.name === EXIT_CHECK_NAME)?.status).toBe('pass')
  })

  it('an adapter that answers garbage fails every case but the exit check', async () => {
    const report = await runConformance({ adapterCommand: `node ${fixture('garbage-adapter.mjs')}` })
    expect(report.adapter).toBeNull()
    expect(report.passed).toBe(1) // it does exit 0 when stdin closes
    // Extension cases are skipped (no hello), every other case fails.
    expect(report.failed).toBeGreaterThan(60)
    expect(report.failed + report.skipped + report.passed).toBe(totalCases)
    const first = report.results.find((r) => r.status === 'fail')
    expect(first?.message).toContain('not JSON')
  })

  it('an adapter with valid envelopes but wrong results fails the data cases', async () => {
    const report = await runConformance({ adapterCommand: `node ${fixture('wrong-adapter.mjs')}` })
    const byName = new Map(report.results.map((r) => [r.name, r]))
    expect(byName.get('v1 packet, unpadded: encode')?.status).toBe('fail')
    expect(byName.get('v1 packet, unpadded: encode')?.message).toContain('result.hex: expected')
    expect(byName.get('unknown op answers UNSUPPORTED_OP')?.message).toContain('expected error UNSUPPORTED_OP')
    expect(report.failed).toBeGreaterThan(60)
  })

  it('skips the cases of ops the adapter neither lists nor supports, and checks the exit status', async () => {
    const report = await runConformance({ adapterCommand: `node ${fixture('minimal-adapter.mjs')}` })
    expect(report.adapter).toEqual({ implementation: 'minimal', version: '0', ops: ['hello'] })
    const skipped = report.results.filter((r) => r.status === 'skip')
    expect(skipped.length).toBeGreaterThan(10)
    // Optional families are skipped up front; core ops once the adapter answers UNSUPPORTED_OP.
    const byName = new Map(report.results.map((r) => [r.name, r]))
    expect(byName.get('v1 packet, unpadded: encode')).toMatchObject({
      status: 'skip',
      message: 'op packet.encode unsupported (answered UNSUPPORTED_OP, not listed by hello)',
    })
    expect(skipped.every((r) => /^(extension op bitmesh\.|noise op noise\.|op [a-z]+\.[a-zA-Z]+ unsupported)/.test(r.message ?? ''))).toBe(true)
    expect(report.failed).toBe(1) // only the exit status
    const protocol = report.results.filter((r) => r.suite === 'protocol')
    // hello, id echo, UNSUPPORTED_OP and the BAD_REQUEST cases pass; the exit status 3 fails.
    expect(protocol.filter((r) => r.status === 'pass').map((r) => r.name)).toHaveLength(protocolSuite.cases.length)
    expect(protocol.find((r) => r.name === EXIT_CHECK_NAME)).toMatchObject({ status: 'fail', message: 'exit status 3' })
  })

  it('with skipUnsupported, cases for unlisted core ops are skipped instead of failed', async () => {
    const report = await runConformance({ adapterCommand: `node ${fixture('minimal-adapter.mjs')}`, skipUnsupported: true })
    expect(report.results.filter((r) => r.status === 'fail').map((r) => r.name)).toEqual([EXIT_CHECK_NAME])
  })

  it('an UNSUPPORTED_OP answer for an op that hello lists is a failure, not a skip', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bitmesh-runner-'))
    const script = join(dir, 'liar-adapter.mjs')
    writeFileSync(
      script,
      `import { createInterface } from 'node:readline'
for await (const line of createInterface({ input: process.stdin })) {
  let req = {}
  try { req = JSON.parse(line) } catch {}
  const id = req.id ?? null
  const out = req.op === 'hello'
    ? { id, ok: true, result: { implementation: 'liar', version: '0', ops: ['hello', 'peer.id'] } }
    : { id, ok: false, error: { code: typeof req.op === 'string' ? 'UNSUPPORTED_OP' : 'BAD_REQUEST', message: String(req.op) } }
  process.stdout.write(JSON.stringify(out) + '\\n')
}
`,
    )
    try {
      const report = await runConformance({ adapterCommand: `node ${script}`, suites: [idsSuite, gcsSuite] })
      const ids = report.results.filter((r) => r.suite === 'ids')
      expect(ids.filter((r) => r.name !== 'peer.id of a 31-byte key is a bad request').every((r) => r.status === 'fail')).toBe(true)
      expect(ids[0]?.message).toBe('hello lists peer.id, yet the adapter answered UNSUPPORTED_OP: peer.id')
      // The bad-request case expects an error: UNSUPPORTED_OP is not BAD_REQUEST, and hello lists the op.
      expect(ids.find((r) => r.name === 'peer.id of a 31-byte key is a bad request')?.status).toBe('fail')
      const gcs = report.results.filter((r) => r.suite === 'gcs')
      expect(gcs.every((r) => r.status === 'skip' && r.message === `op ${r.name.startsWith('build') ? 'gcs.build' : 'gcs.contains'} unsupported (answered UNSUPPORTED_OP, not listed by hello)`)).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('kills a hung adapter after the timeout and gives up after the restart budget', async () => {
    const report = await runConformance({
      adapterCommand: `node ${fixture('silent-adapter.mjs')}`,
      suites: [protocolSuite],
      timeoutMs: 300,
      maxRestarts: 1,
    })
    expect(report.adapter).toBeNull()
    const messages = report.results.map((r) => r.message ?? '')
    expect(messages.some((m) => m.includes('no response within 300 ms'))).toBe(true)
    expect(messages.some((m) => m.includes('adapter unavailable'))).toBe(true)
    expect(report.passed).toBe(0)
  })

  it('reports an adapter command that does not exist', async () => {
    const report = await runConformance({ adapterCommand: 'definitely-not-a-command-bitmesh', suites: [protocolSuite], maxRestarts: 0 })
    expect(report.passed).toBe(0)
    expect(report.results[0]?.message).toMatch(/exited|unavailable/)
  })

  it('rejects an empty command as misuse', async () => {
    await expect(runConformance({ adapterCommand: ' ' })).rejects.toThrow(TypeError)
  })
})
