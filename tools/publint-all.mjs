#!/usr/bin/env node
/**
 * Runs publint (strict: warnings fail too) on every package under packages/, after build.
 * Also checks the house rules publint does not: `sideEffects: false`, `types` first in every
 * export condition, ESM + CJS outputs, a README.md.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'

const root = fileURLToPath(new URL('..', import.meta.url))
const packagesDir = join(root, 'packages')
let failures = 0

function checkConditions(name, exportsField, where = 'exports') {
  if (typeof exportsField !== 'object' || exportsField === null) return
  const keys = Object.keys(exportsField)
  if (keys.includes('types') && keys[0] !== 'types') {
    console.error(`  ${name}: "types" must come first in ${where}`)
    failures++
  }
  for (const key of keys) checkConditions(name, exportsField[key], `${where}.${key}`)
}

for (const dir of readdirSync(packagesDir)) {
  const pkgDir = join(packagesDir, dir)
  if (!existsSync(join(pkgDir, 'package.json'))) continue
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
  let messages
  try {
    ;({ messages } = await publint({ pkgDir, strict: true, level: 'warning' }))
  } catch (err) {
    // publint packs the package first; a pack failure is this package's problem, not the run's.
    console.error(`  ${pkg.name}: publint could not run: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`)
    failures++
    continue
  }
  for (const message of messages) {
    console.error(`  ${pkg.name}: [${message.type}] ${formatMessage(message, pkg)}`)
    if (message.type !== 'suggestion') failures++
  }
  if (pkg.sideEffects !== false) {
    console.error(`  ${pkg.name}: "sideEffects" must be false`)
    failures++
  }
  if (!existsSync(join(pkgDir, 'README.md'))) {
    console.error(`  ${pkg.name}: README.md missing`)
    failures++
  }
  const dot = pkg.exports?.['.']
  if (!dot?.import || !dot?.require) {
    console.error(`  ${pkg.name}: exports["."] must offer both import (ESM) and require (CJS)`)
    failures++
  }
  checkConditions(pkg.name, pkg.exports)
}

if (failures > 0) {
  console.error(`publint: ${failures} problem(s)`)
  process.exit(1)
}
console.log('publint: all packages clean')
