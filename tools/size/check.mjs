#!/usr/bin/env node
/**
 * Runs size-limit over .size-limit.mjs (budgets in tools/size/budgets.mjs) after build, prints
 * each entry's minified + gzipped size against its limit, and fails an entry without a budget.
 * Ends with `size: N passed, M failed`.
 */
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { ROOT, listEntries } from '../runtime-check/entries.mjs'
import { BUDGETS, COMBINED } from './budgets.mjs'

const require = createRequire(import.meta.url)
const bin = join(dirname(require.resolve('size-limit/package.json', { paths: [ROOT] })), 'bin.js')
const run = spawnSync(process.execPath, [bin, '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 })

let passed = 0
let failed = 0
let rows
try {
  rows = JSON.parse(run.stdout)
} catch {
  console.error(run.stdout, run.stderr)
  console.log('size: 0 passed, 1 failed (size-limit did not run)')
  process.exit(1)
}
const limits = new Map([...Object.entries(BUDGETS).map(([name, b]) => [name, b.limit]), ...COMBINED.map((c) => [c.name, c.limit])])
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`
for (const row of rows) {
  const limit = limits.get(row.name) ?? '?'
  if (row.passed) passed++
  else failed++
  console.log(`  ${row.passed ? 'ok  ' : 'FAIL'} ${row.name}: ${kB(row.size)} of ${limit}`)
}
for (const entry of listEntries()) {
  if (Object.hasOwn(BUDGETS, entry.id)) continue
  failed++
  console.log(`  FAIL ${entry.id}: no budget (measure with \`pnpm exec size-limit\`, add it to tools/size/budgets.mjs)`)
}
console.log(`size: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 && run.status === 0 ? 0 : 1)
