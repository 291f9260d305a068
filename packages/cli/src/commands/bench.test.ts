import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli } from '../../test/helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'bitmesh-bench-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('bitmesh bench routing', () => {
  it('runs the filtered matrix and writes the markdown and HTML pages', async () => {
    const out = join(dir, 'routing.md')
    const r = await cli('bench', 'routing', '--sizes', '10', '--policies', 'flood,bitchat-ios', '--duration', '30', '--filter', 'static-loss0-dense', '--out', out)
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('[2/2] n10-static-loss0-dense bitchat-ios')
    const md = readFileSync(out, 'utf8')
    expect(md).toContain('## n10-static-loss0-dense')
    expect(md).toMatch(/\| flood \| 1 \|/)
    expect(md).toMatch(/\| bitchat-ios \| 1 \|/)
    expect(readFileSync(join(dir, 'routing.html'), 'utf8')).toContain('<svg')
  })

  it('selects cells by flag, saves rows as JSON lines and renders saved rows', async () => {
    const out = join(dir, 'sel.md')
    const rows = join(dir, 'rows.jsonl')
    const r = await cli('bench', 'routing', '--sizes', '10', '--policies', 'flood', '--duration', '30', '--mobility', 'static', '--loss', '0.1', '--spacing', 'sparse', '--rows', rows, '--out', out)
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('[1/1] n10-static-loss10-sparse flood')
    const saved = readFileSync(rows, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(saved).toHaveLength(1)
    expect(saved[0]!.cell).toBe('n10-static-loss10-sparse')
    expect(saved[0]!.publicFrames as number).toBeGreaterThan(0)
    expect(saved[0]!.overheadFramesPerNodeS as number).toBeGreaterThan(0)
    const notes = join(dir, 'notes.md')
    writeFileSync(notes, '**Status: test notes.**\n')
    const again = join(dir, 'again.md')
    const r2 = await cli('bench', 'routing', '--from-rows', rows, '--notes', notes, '--out', again)
    expect(r2.code).toBe(0)
    const md = readFileSync(again, 'utf8')
    expect(md).toContain('**Status: test notes.**')
    expect(md).toContain('## n10-static-loss10-sparse')
    expect(md).toContain('(b) msg frames / msg')
  })

  it('rejects usage errors', async () => {
    expect((await cli('bench', 'routing', '--mobility', 'running')).code).toBe(2)
    expect((await cli('bench', 'routing', '--loss', '2')).code).toBe(2)
    expect((await cli('bench')).code).toBe(2)
    expect((await cli('bench', 'speed')).code).toBe(2)
    expect((await cli('bench', 'routing', '--sizes', 'x')).code).toBe(2)
    expect((await cli('bench', 'routing', '--policies', 'nope')).stderr).toMatch(/unknown policy "nope"/)
    expect((await cli('bench', 'routing', '--duration', '5')).code).toBe(2)
    expect((await cli('bench', 'routing', '--sizes', '10', '--filter', 'no-such-cell', '--out', join(dir, 'x.md'))).code).toBe(2)
    expect((await cli('bench', '--help')).stdout).toContain('Usage: bitmesh bench routing')
  })
})
