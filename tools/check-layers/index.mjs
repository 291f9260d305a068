#!/usr/bin/env node
/**
 * tools/check-layers — fails when a package breaks the layer table of shared/DESIGN.md §1:
 *  1. every packages/* directory must be listed in the table;
 *  2. runtime dependencies (dependencies, peerDependencies, optionalDependencies) on @bitmesh/*
 *     packages must be allowed by the table (devDependencies are free: tests and benchmarks);
 *  3. every `@bitmesh/x` imported from a package's src/ must be declared as a dependency;
 *  4. below L4, non-test sources must not read ambient time or randomness
 *     (Date.now(), new Date(), Math.random(), global setTimeout/setInterval): DESIGN §2.
 * Prints one line per violation and exits 1 when there is any.
 */
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LAYERS, AMBIENT_FREE_MAX_LAYER } from './layers.mjs'

// BITMESH_LAYERS_ROOT lets the tool's own test point it at a scratch repository.
const root = process.env.BITMESH_LAYERS_ROOT ?? fileURLToPath(new URL('../..', import.meta.url))
const packagesDir = join(root, 'packages')
const problems = []

function sourceFiles(dir) {
  const out = []
  if (!existsSync(dir)) return out
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path))
    else if (/\.(ts|tsx|mts|cts|js|mjs)$/.test(entry) && !/\.test\.|\.spec\.|\.d\.ts$/.test(entry)) out.push(path)
  }
  return out
}

function allowed(name, dep) {
  const rule = LAYERS[name].mayImport
  if (rule === '*any') return dep !== name
  const rules = Array.isArray(rule) ? rule : [rule]
  if (rules.includes('*below') && LAYERS[dep] !== undefined && LAYERS[dep].layer < LAYERS[name].layer) return true
  return rules.includes(dep)
}

/** Source text without comments, so a JSDoc example's import is not taken for a real one. */
function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
}

const AMBIENT = [
  [/\bDate\.now\s*\(/, 'Date.now()'],
  [/\bnew Date\s*\(\s*\)/, 'new Date()'],
  [/\bMath\.random\s*\(/, 'Math.random()'],
  [/(?<![.\w])(setTimeout|setInterval|setImmediate)\s*\(/, 'global timer'],
  [/\bperformance\.now\s*\(/, 'performance.now()'],
]

const names = readdirSync(packagesDir).filter((n) => existsSync(join(packagesDir, n, 'package.json')))
for (const name of names) {
  const pkg = JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8'))
  if (pkg.name !== `@bitmesh/${name}`) problems.push(`packages/${name}: npm name ${pkg.name} must be @bitmesh/${name}`)
  if (!LAYERS[name]) {
    problems.push(`packages/${name}: not in the layer table (tools/check-layers/layers.mjs, DESIGN §1)`)
    continue
  }
  const runtime = { ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies }
  const declared = new Set(Object.keys({ ...runtime, ...pkg.devDependencies }))
  for (const dep of Object.keys(runtime)) {
    if (!dep.startsWith('@bitmesh/')) continue
    const short = dep.slice('@bitmesh/'.length)
    if (!allowed(name, short)) {
      problems.push(`packages/${name} (L${LAYERS[name].layer}) may not depend on ${dep} (L${LAYERS[short]?.layer ?? '?'})`)
    }
  }
  for (const file of sourceFiles(join(packagesDir, name, 'src'))) {
    const text = readFileSync(file, 'utf8')
    const rel = relative(root, file)
    for (const m of stripComments(text).matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](@bitmesh\/[a-z0-9-]+)(?:\/[^'"]*)?['"]/g)) {
      const dep = m[1]
      if (dep === `@bitmesh/${name}`) continue
      if (!declared.has(dep)) problems.push(`${rel}: imports ${dep} which package.json does not declare`)
      else if (!(dep in runtime)) problems.push(`${rel}: imports ${dep} at runtime but it is only a devDependency`)
    }
    if (LAYERS[name].layer <= AMBIENT_FREE_MAX_LAYER) {
      const lines = text.split('\n')
      lines.forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '')
        if (/^\s*(\*|\/\*)/.test(code)) return
        // A method declaration such as `setTimeout(cb: () => void, ms: number): TimerHandle` is not a call.
        if (/^\s*(readonly\s+)?\w+\s*\(.*\)\s*:\s*[\w<>[\]| ]+\s*;?\s*$/.test(code) && !/=/.test(code.split('(')[0])) return
        for (const [re, what] of AMBIENT) {
          if (re.test(code)) problems.push(`${rel}:${i + 1}: ${what} below L4; inject a Clock/Rng (DESIGN §2)`)
        }
      })
    }
  }
}

if (problems.length > 0) {
  console.error(`check-layers: ${problems.length} problem(s)`)
  for (const p of problems) console.error(`  ${p}`)
  process.exit(1)
}
console.log(`check-layers: ${names.length} packages respect the layer table`)
