import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const srcDir = join(dirname(fileURLToPath(import.meta.url)), '../src')

/** Every module specifier reachable from `entry` through relative imports. */
function reachableImports(entry: string): { files: Set<string>; bare: Set<string> } {
  const files = new Set<string>()
  const bare = new Set<string>()
  const visit = (file: string): void => {
    if (files.has(file)) return
    files.add(file)
    // Drop comments: JSDoc examples mention module names they do not import.
    const text = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '')
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      const spec = m[1] as string
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')))
      else bare.add(spec)
    }
  }
  visit(entry)
  return { files, bare }
}

describe('the ./memory entry', () => {
  it('never loads vitest or fast-check (runtime users do not have them)', () => {
    const { files, bare } = reachableImports(join(srcDir, 'memory/index.ts'))
    expect(files.size).toBeGreaterThan(5)
    expect([...bare].sort()).toEqual(['@bitmesh/interface'])
  })

  it('while the main entry does pull in the suite', () => {
    const { bare } = reachableImports(join(srcDir, 'index.ts'))
    expect(bare.has('vitest')).toBe(true)
  })
})
