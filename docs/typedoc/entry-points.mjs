/**
 * Finds the public entry points of every published `@bitmesh/*` package from its `exports` map, so
 * the API reference follows the packages without a hand-kept list: `./dist/node.d.ts` maps to
 * `src/node.ts`, `./dist/memory/index.d.ts` to `src/memory/index.ts`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * @param {string} packagesDir absolute path of the workspace's `packages/` folder
 * @returns {{ name: string, subpath: string, file: string }[]} one row per exported TypeScript entry
 */
export function findEntryPoints(packagesDir) {
  const rows = []
  for (const dir of readdirSync(packagesDir).sort()) {
    const manifestPath = join(packagesDir, dir, 'package.json')
    if (!existsSync(manifestPath)) continue
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
    if (manifest.private === true) continue
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const types = typeof target === 'string' ? target : (target?.import?.types ?? target?.types)
      if (typeof types !== 'string' || !types.endsWith('.d.ts')) continue // data files, package.json
      const file = join(packagesDir, dir, types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts'))
      if (!existsSync(file)) throw new Error(`${manifest.name}: export ${subpath} has no source at ${file}`)
      rows.push({ name: manifest.name, subpath: subpath === '.' ? '' : subpath.slice(1), file })
    }
  }
  return rows
}
