#!/usr/bin/env node
/**
 * Runtime check 1: every entry of every package loads from its built dist through the package's
 * `exports`, both with ESM `import` and CJS `require`, and one real function of it returns the
 * expected value. Run after `pnpm run build`. Ends with `node-runtime: N passed, M failed`.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { finish, judge } from './entries.mjs'
import { createConsumer } from './workspace-link.mjs'

const runner = fileURLToPath(new URL('./node-runner.mjs', import.meta.url))
const consumer = createConsumer('node-check')
let passed = 0
let failed = 0
let known = 0
try {
  for (const mode of ['esm', 'cjs']) {
    const child = spawnSync(process.execPath, [runner, mode, consumer.dir], { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] })
    const lines = (child.stdout ?? '').split('\n').filter((l) => l.startsWith('{'))
    for (const line of lines) {
      const r = JSON.parse(line)
      const { status, note } = judge('node', `${r.mode} ${r.id}`, r.ok)
      if (status === 'ok') passed++
      else if (status === 'known') known++
      else failed++
      console.log(`  ${status.padEnd(5)} ${r.mode} ${r.id}: ${r.detail}${note ? ` (${note})` : ''}`)
    }
    if (child.status !== 0 || lines.length === 0) {
      failed++
      console.log(`  FAIL ${mode} runner exited ${child.status ?? child.signal}: ${(child.stderr ?? '').trim().split('\n').slice(-5).join(' | ')}`)
    }
  }
} finally {
  consumer.dispose()
}
finish('node-runtime', { passed, failed, known })
