/**
 * The real executable, spawned: exit codes and the conformance run's last line. Sources run
 * through tsx, which maps `@bitmesh/*` to the package sources via the repository's tsconfig.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { repoRoot } from './helpers.js'

const env = { ...process.env, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.check.json') }

function bitmesh(...args: string[]) {
  const r = spawnSync('node', ['--import', 'tsx', 'packages/cli/src/bin.ts', ...args], { cwd: repoRoot, env, encoding: 'utf8', timeout: 120_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1)
const fixture = (name: string) => fileURLToPath(new URL(`../../conformance/test/fixtures/${name}`, import.meta.url))

describe('bitmesh executable', () => {
  it('--version exits 0', () => {
    const r = bitmesh('--version')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('0.1.0\n')
  })

  it('usage errors exit 2, invalid frames exit 1, good frames exit 0', () => {
    expect(bitmesh('nope').code).toBe(2)
    expect(bitmesh('decode', '03020701020304050607080000031011121314151617aabbcc').code).toBe(1)
    expect(bitmesh('decode', '01020701020304050607080000031011121314151617aabbcc').code).toBe(0)
  })

  it('conformance run against BitMesh\'s own adapter ends with "N passed, 0 failed" and exits 0', () => {
    const r = bitmesh('conformance', 'run', '--adapter', 'node --import tsx packages/conformance/src/adapter-bin.ts')
    expect(r.stderr).toBe('')
    expect(lastLine(r.stdout)).toMatch(/^\d+ passed, 0 failed$/)
    expect(r.code).toBe(0)
  })

  it('conformance run against a garbage adapter ends with "N passed, M failed" (M > 0) and exits 1', () => {
    const r = bitmesh('conformance', 'run', '--adapter', `node ${fixture('garbage-adapter.mjs')}`, '--suite', 'protocol', '--suite', 'golden')
    expect(lastLine(r.stdout)).toMatch(/^\d+ passed, [1-9]\d* failed$/)
    expect(r.stdout).toMatch(/^protocol\s+FAIL\s+hello lists implementation/m)
    expect(r.code).toBe(1)
  })

  it('conformance adapter serves the protocol on stdio and exits 0 at end of input', () => {
    const r = spawnSync('node', ['--import', 'tsx', 'packages/cli/src/bin.ts', 'conformance', 'adapter'], {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
      input: '{"id":1,"op":"peer.id","noisePublicKey":"' + '11'.repeat(32) + '"}\n',
    })
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ id: 1, ok: true, result: { hex: '02d449a31fbb267c' } })
  })
})

describe('examples/captures/sample.hex', () => {
  it('is what generate.ts produces today', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bitmesh-sample-')), 'sample.hex')
    const r = spawnSync('node', ['--import', 'tsx', 'examples/captures/generate.ts', out], {
      cwd: repoRoot,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(repoRoot, 'examples/captures/tsconfig.json') },
      encoding: 'utf8',
    })
    expect(r.status, r.stderr).toBe(0)
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(repoRoot, 'examples/captures/sample.hex'), 'utf8'))
  })
})
