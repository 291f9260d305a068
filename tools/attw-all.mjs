#!/usr/bin/env node
/**
 * "Are the types wrong?" (@arethetypeswrong/core, the engine of the `attw` CLI) over every package
 * under packages/, on the tarball `pnpm pack` would publish (workspace ranges rewritten, `files`
 * applied), after build. Every entry is checked under node10, node16 (from CJS and from ESM) and
 * bundler resolution.
 *
 * One documented ignore: a subpath entry (`./node`, `./sqlite`, …) under `node10` resolution.
 * TypeScript's node10 (`moduleResolution: "node"`) predates `exports` and cannot see any
 * subpath; making it resolve means a parallel `typesVersions` map in every package for a mode
 * TypeScript 5 calls legacy and TypeScript 6 deprecates. Root entries still must pass node10
 * (they do, through `types`/`main`). Nothing else is ignored. Data exports (a string target that
 * is not JavaScript, e.g. geohash-discovery's `./sample-relays.csv`) are not modules and are not
 * checked.
 *
 * For one package by hand: `pnpm exec attw --pack packages/<dir>`.
 * Ends with `attw: N passed, M failed` (one count per package).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core'
import { problemKindInfo } from '@arethetypeswrong/core/problems'

const root = fileURLToPath(new URL('..', import.meta.url))

/** The documented ignore (see the header). */
function isIgnored(problem) {
  return problem.kind === 'NoResolution' && problem.resolutionKind === 'node10' && problem.entrypoint !== '.'
}

/** Export subpaths that point at data files, not modules. */
function dataExports(pkg) {
  const json = JSON.parse(pkg.readFile(`/node_modules/${pkg.packageName}/package.json`))
  return Object.entries(json.exports ?? {})
    .filter(([subpath, target]) => typeof target === 'string' && subpath !== './package.json' && !/\.[cm]?js$/.test(target))
    .map(([subpath]) => subpath)
}

/** Describe a problem in one line. */
function describe(problem) {
  const where = [problem.entrypoint, problem.resolutionKind, problem.fileName ?? problem.typesFileName].filter(Boolean).join(' ')
  return `${problemKindInfo[problem.kind]?.title ?? problem.kind}${where ? ` (${where})` : ''}`
}

// pnpm is on PATH, or this runs under `pnpm run` (npm_execpath) when bootstrap fetched it with npx.
const execPath = process.env.npm_execpath
const pnpm = execPath && /pnpm/.test(execPath) ? [process.execPath, execPath] : ['pnpm']
const packDir = mkdtempSync(join(tmpdir(), 'bitmesh-attw-'))
let passed = 0
let failed = 0
try {
  const pack = (args, cwd) => spawnSync(pnpm[0], [...pnpm.slice(1), ...args, 'pack', '--pack-destination', packDir], { cwd, encoding: 'utf8' })
  // One recursive pack is fast; if it fails, pack one by one so only the broken package fails.
  if (pack(['-r', '--filter', './packages/*'], root).status !== 0) {
    for (const dir of readdirSync(join(root, 'packages'))) {
      const pkgDir = join(root, 'packages', dir)
      if (!existsSync(join(pkgDir, 'package.json'))) continue
      const one = pack([], pkgDir)
      if (one.status === 0) continue
      failed++
      const why = `${one.stdout}\n${one.stderr}`.split('\n').find((l) => /ERR|error/i.test(l)) ?? `exit ${one.status}`
      console.log(`  FAIL packages/${dir}: pnpm pack failed: ${why.trim()}`)
    }
  }
  for (const tarball of readdirSync(packDir).filter((f) => f.endsWith('.tgz')).sort()) {
    const pkg = createPackageFromTarballData(new Uint8Array(readFileSync(join(packDir, tarball))))
    const analysis = await checkPackage(pkg, { excludeEntrypoints: dataExports(pkg) })
    if (!('problems' in analysis)) {
      failed++
      console.log(`  FAIL ${pkg.packageName}: no types found`)
      continue
    }
    const entrypoints = Object.keys(analysis.entrypoints).filter((e) => e !== './package.json')
    const ignored = analysis.problems.filter(isIgnored)
    const problems = analysis.problems.filter((p) => !isIgnored(p))
    if (problems.length === 0) passed++
    else failed++
    const note = ignored.length > 0 ? ` (ignored: node10 cannot see ${[...new Set(ignored.map((p) => p.entrypoint))].join(', ')})` : ''
    console.log(`  ${problems.length === 0 ? 'ok  ' : 'FAIL'} ${pkg.packageName}: ${entrypoints.join(', ')}${note}`)
    for (const p of problems) console.log(`       ${describe(p)}`)
  }
} finally {
  rmSync(packDir, { recursive: true, force: true })
}
console.log(`attw: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 && passed > 0 ? 0 : 1)
