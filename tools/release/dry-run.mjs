#!/usr/bin/env node
/**
 * Release dry run (issue 11): what `changeset version` + `pnpm publish` would do, without touching
 * the tree or the registry.
 *
 * 1. Versioning: copies every workspace manifest, the pending changesets and their config into a
 *    temporary directory and runs the real `changeset version` there. Checks that each package a
 *    changeset names is bumped, gets a CHANGELOG entry, and that every changeset is consumed.
 * 2. Packing: `pnpm pack` of every public package (built `dist/` must exist) and checks of each
 *    tarball: no `workspace:` ranges left, every file the exports map / main / types names is
 *    inside, README and LICENSE present, no test files, provenance-ready publish config.
 *
 * Ends with `release dry run: N passed, M failed` (the test pipeline counts it).
 * Run: `node tools/release/dry-run.mjs` (after `pnpm run build`).
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
let passed = 0
let failed = 0
const check = (ok, what) => {
  if (ok) passed++
  else {
    failed++
    console.log(`  FAIL ${what}`)
  }
}

/** Workspace package folders from pnpm-workspace.yaml (only `dir/*` and `dir` globs are used here). */
function workspaceDirs() {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')
  const globs = [...yaml.matchAll(/^\s*-\s*['"]?([^'"\n]+)['"]?\s*$/gm)].map((m) => m[1].trim())
  const dirs = []
  for (const glob of globs) {
    if (glob.endsWith('/*')) {
      const base = join(root, glob.slice(0, -2))
      if (!existsSync(base)) continue
      for (const name of readdirSync(base).sort()) if (existsSync(join(base, name, 'package.json'))) dirs.push(join(glob.slice(0, -2), name))
    } else if (existsSync(join(root, glob, 'package.json'))) dirs.push(glob)
  }
  return dirs
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'))
const dirs = workspaceDirs()
const manifests = new Map(dirs.map((dir) => [dir, readJson(join(root, dir, 'package.json'))]))
const publicDirs = dirs.filter((dir) => !manifests.get(dir).private)

/** Package names each pending changeset bumps, from its front matter. */
function pendingChangesets() {
  const folder = join(root, '.changeset')
  const result = []
  for (const file of readdirSync(folder).sort()) {
    if (!file.endsWith('.md') || file === 'README.md') continue
    const text = readFileSync(join(folder, file), 'utf8')
    const front = /^---\n([\s\S]*?)\n---/.exec(text)
    const names = front ? [...front[1].matchAll(/^['"]?(@?[^'":\s]+)['"]?\s*:\s*(patch|minor|major)\s*$/gm)].map((m) => m[1]) : []
    result.push({ file, names })
  }
  return result
}

function versioning() {
  console.log('release dry run 1/2: changeset version in a scratch copy')
  const changesets = pendingChangesets()
  const known = new Set([...manifests.values()].map((m) => m.name))
  for (const { file, names } of changesets) {
    check(names.length > 0, `${file}: no package in its front matter`)
    for (const name of names) check(known.has(name), `${file}: names unknown package ${name}`)
  }
  const scratch = mkdtempSync(join(tmpdir(), 'bitmesh-release-'))
  try {
    for (const file of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(root, file), join(scratch, file))
    cpSync(join(root, '.changeset'), join(scratch, '.changeset'), { recursive: true })
    for (const dir of dirs) {
      mkdirSync(join(scratch, dir), { recursive: true })
      cpSync(join(root, dir, 'package.json'), join(scratch, dir, 'package.json'))
      if (existsSync(join(root, dir, 'CHANGELOG.md'))) cpSync(join(root, dir, 'CHANGELOG.md'), join(scratch, dir, 'CHANGELOG.md'))
    }
    const bin = join(root, 'node_modules/@changesets/cli/bin.js')
    const run = spawnSync(process.execPath, [bin, 'version'], { cwd: scratch, encoding: 'utf8', env: { ...process.env, CI: 'true' } })
    check(run.status === 0, `changeset version exited ${run.status}: ${run.stderr?.trim() ?? ''}`)
    if (run.status !== 0) return
    const bumped = new Set(changesets.flatMap((c) => c.names))
    const rows = []
    for (const dir of dirs) {
      const before = manifests.get(dir)
      const after = readJson(join(scratch, dir, 'package.json'))
      if (!bumped.has(before.name)) continue
      check(after.version !== before.version, `${before.name}: has a changeset but version stayed ${before.version}`)
      const changelog = join(scratch, dir, 'CHANGELOG.md')
      check(existsSync(changelog) && readFileSync(changelog, 'utf8').includes(`## ${after.version}`), `${before.name}: no CHANGELOG entry for ${after.version}`)
      rows.push(`  ${before.name.padEnd(34)} ${before.version.padEnd(8)} → ${after.version}`)
    }
    const left = readdirSync(join(scratch, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md')
    check(left.length === 0, `changesets not consumed: ${left.join(', ')}`)
    console.log(`  ${changesets.length} changesets → ${rows.length} packages would be released:`)
    console.log(rows.join('\n'))
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** Every file path a manifest promises (exports map leaves, main, module, types, bin). */
function promisedFiles(manifest) {
  const files = new Set()
  const walk = (value) => {
    if (typeof value === 'string') {
      if (value.startsWith('./') && !value.includes('*') && !value.endsWith('package.json')) files.add(value.slice(2))
    } else if (value && typeof value === 'object') for (const v of Object.values(value)) walk(v)
  }
  walk(manifest.exports)
  for (const key of ['main', 'module', 'types']) if (typeof manifest[key] === 'string') files.add(manifest[key].replace(/^\.\//, ''))
  if (typeof manifest.bin === 'string') files.add(manifest.bin.replace(/^\.\//, ''))
  else if (manifest.bin) for (const v of Object.values(manifest.bin)) files.add(v.replace(/^\.\//, ''))
  return files
}

function packing() {
  console.log(`release dry run 2/2: pnpm pack of ${publicDirs.length} public packages`)
  const out = mkdtempSync(join(tmpdir(), 'bitmesh-pack-'))
  try {
    for (const dir of publicDirs) {
      const manifest = manifests.get(dir)
      const dest = join(out, dir.replace(/\//g, '_'))
      mkdirSync(dest, { recursive: true })
      const pack = spawnSync('pnpm', ['pack', '--pack-destination', dest], { cwd: join(root, dir), encoding: 'utf8' })
      check(pack.status === 0, `${manifest.name}: pnpm pack exited ${pack.status}: ${pack.stderr?.trim() ?? ''}`)
      if (pack.status !== 0) continue
      const tarball = readdirSync(dest).find((f) => f.endsWith('.tgz'))
      const listing = spawnSync('tar', ['tzf', join(dest, tarball)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''))
      const inside = new Set(listing)
      const packed = JSON.parse(spawnSync('tar', ['xzf', join(dest, tarball), '-O', 'package/package.json'], { encoding: 'utf8', maxBuffer: 1 << 24 }).stdout)
      const ranges = ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((k) => Object.values(packed[k] ?? {}))
      check(!ranges.some((r) => String(r).startsWith('workspace:')), `${manifest.name}: a workspace: range is left in the packed manifest`)
      for (const file of promisedFiles(manifest)) check(inside.has(file), `${manifest.name}: ${file} is promised by package.json but not in the tarball`)
      check(inside.has('README.md'), `${manifest.name}: README.md missing from the tarball`)
      check(listing.some((f) => /^LICEN[CS]E/i.test(f)), `${manifest.name}: LICENSE missing from the tarball`)
      check(!listing.some((f) => /\.test\.[cm]?[jt]s$/.test(f)), `${manifest.name}: test files in the tarball`)
      check(manifest.publishConfig?.access === 'public' && manifest.publishConfig?.provenance === true, `${manifest.name}: publishConfig must be { access: public, provenance: true }`)
      check(typeof manifest.repository?.url === 'string' && manifest.repository?.directory === dir, `${manifest.name}: repository.url/directory (needed for provenance) missing or wrong`)
      check(manifest.sideEffects === false, `${manifest.name}: sideEffects must be false`)
    }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

versioning()
packing()
console.log(`release dry run: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
