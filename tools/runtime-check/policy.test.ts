/**
 * The packaging checks' own rules: entry discovery, the Node-only and known-issue lists (they must
 * name real entries, so they cannot go stale silently), the built-in detector the React Native-like
 * check relies on, and the completeness of probes and size budgets.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
// @ts-expect-error -- plain ESM tooling without declarations
import { KNOWN_ISSUES, NODE_ONLY, judge, listEntries } from './entries.mjs'
// @ts-expect-error -- plain ESM tooling without declarations
import { bundleWithoutNodeBuiltins, isNodeBuiltin } from './neutral-bundle.mjs'
// @ts-expect-error -- plain ESM tooling without declarations
import { PROBES } from './probes.mjs'
// @ts-expect-error -- plain ESM tooling without declarations
import { BUDGETS, COMBINED } from '../size/budgets.mjs'

interface Entry {
  id: string
  subpath: string
  esm: string
  cjs: string
  nodeOnly: boolean
}

const entries: Entry[] = listEntries()
const ids = new Set(entries.map((e) => e.id))

describe('listEntries', () => {
  it('lists subpath entries with both builds and skips package.json and data exports', () => {
    const node = entries.find((e) => e.id === '@bitmesh/crypto/node')
    expect(node).toMatchObject({ subpath: './node', nodeOnly: true })
    expect(node?.esm).toMatch(/packages\/crypto\/dist\/node\.js$/)
    expect(node?.cjs).toMatch(/packages\/crypto\/dist\/node\.cjs$/)
    expect(entries.find((e) => e.id === '@bitmesh/wire-format')?.nodeOnly).toBe(false)
    expect([...ids].filter((id) => id.endsWith('package.json') || id.endsWith('.csv'))).toEqual([])
  })

  it('every Node-only and known-issue line names an existing entry or page', () => {
    expect(Object.keys(NODE_ONLY).filter((id) => !ids.has(id))).toEqual([])
    expect(Object.keys(KNOWN_ISSUES.neutral).filter((id) => !ids.has(id))).toEqual([])
    const nodeKeys = Object.keys(KNOWN_ISSUES.node).map((key) => /^(esm|cjs) (.+)$/.exec(key))
    expect(nodeKeys.filter((m) => m === null || !ids.has(m[2] ?? ''))).toEqual([])
  })
})

describe('judge', () => {
  it('passes, fails, tolerates a known failure, and fails a known issue that now passes', () => {
    expect(judge('neutral', '@bitmesh/noise', true).status).toBe('ok')
    expect(judge('neutral', '@bitmesh/noise', false).status).toBe('FAIL')
    // The node check keeps one known issue (the ESM-only test kit under require).
    const known = Object.keys(KNOWN_ISSUES.node)[0] as string
    expect(judge('node', known, false).status).toBe('known')
    const stale = judge('node', known, true)
    expect(stale.status).toBe('FAIL')
    expect(stale.note).toMatch(/delete its KNOWN_ISSUES\.node line/)
  })
})

describe('Node built-in detection (React Native-like check)', () => {
  it('recognises node: specifiers, bare built-ins and their subpaths, and nothing else', () => {
    for (const s of ['node:fs', 'fs', 'fs/promises', 'crypto', 'node:test', 'perf_hooks', 'stream/web']) expect(isNodeBuiltin(s), s).toBe(true)
    for (const s of ['@noble/hashes', 'crypto-js', 'buffer-xor', 'pako', 'events-emitter3', './fs.js']) expect(isNodeBuiltin(s), s).toBe(false)
  })

  const dir = mkdtempSync(join(tmpdir(), 'bitmesh-neutral-test-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('rejects a bundle that imports a built-in, naming it, and accepts one that does not', async () => {
    const bad = await bundleWithoutNodeBuiltins("import { readFileSync } from 'fs'\nexport const f = readFileSync\n", dir, [])
    expect(bad.ok).toBe(false)
    expect(bad.detail).toMatch(/Node built-in "fs"/)
    const prefixed = await bundleWithoutNodeBuiltins("export { performance } from 'node:perf_hooks'\n", dir, [])
    expect(prefixed).toMatchObject({ ok: false })
    expect(prefixed.detail).toMatch(/"node:perf_hooks"/)
    const good = await bundleWithoutNodeBuiltins('export const answer = 6 * 7\n', dir, [])
    expect(good.ok).toBe(true)
  })

  it('leaves declared externals (React Native peers) alone', async () => {
    const r = await bundleWithoutNodeBuiltins("export { default } from 'react-native-tcp-socket'\n", dir, ['react-native-tcp-socket'])
    expect(r.ok).toBe(true)
  })
})

describe('completeness', () => {
  it('every entry has a Node probe, and every probe an entry', () => {
    expect([...ids].filter((id) => !(id in PROBES))).toEqual([])
    expect(Object.keys(PROBES).filter((id) => !ids.has(id))).toEqual([])
  })

  it('every entry has a size budget at or above its measured size, and every budget an entry', () => {
    expect([...ids].filter((id) => !(id in BUDGETS))).toEqual([])
    expect(Object.keys(BUDGETS).filter((id) => !ids.has(id))).toEqual([])
    const kB = (text: string) => {
      const m = /^(\d+(?:\.\d+)?) kB$/.exec(text)
      if (!m) throw new Error(`bad size ${text}`)
      return Number(m[1])
    }
    const all = [...Object.values(BUDGETS), ...COMBINED] as Array<{ limit: string; measured: string }>
    for (const b of all) {
      expect(kB(b.limit)).toBeGreaterThanOrEqual(kB(b.measured))
      expect(kB(b.limit)).toBeLessThanOrEqual(Math.ceil(kB(b.measured) * 1.2 * 10) / 10)
    }
  })
})
