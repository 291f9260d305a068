#!/usr/bin/env node
/**
 * Runtime check 3, React Native-like: Hermes has no Node built-ins, so every portable entry must
 * bundle for esbuild's `neutral` platform with every `node:*` and bare Node built-in (`fs`,
 * `crypto`, `fs/promises` …) turned into a build error. Dependencies are bundled too (a built-in
 * pulled in by @noble/*, pako or zod would count); only the package's own peer dependencies (React
 * Native native modules, app-provided) stay external. Resolution follows Metro's: the
 * `react-native` condition and the `react-native`, `browser`, `module`, `main` fields.
 *
 * A control bundles a Node-only entry and must see its built-ins rejected, so the check cannot pass
 * by not looking. Ends with `neutral-runtime: N passed, M failed`.
 */
import { finish, judge, listEntries } from './entries.mjs'
import { bundleWithoutNodeBuiltins } from './neutral-bundle.mjs'
import { createConsumer } from './workspace-link.mjs'

/** The Node-only entry whose `node:*` imports the control must catch. */
const CONTROL_ENTRY = '@bitmesh/crypto/node'

const consumer = createConsumer('neutral-check')
let passed = 0
let failed = 0
let known = 0
try {
  const entries = listEntries()
  for (const entry of entries.filter((e) => !e.nodeOnly)) {
    const r = await bundleWithoutNodeBuiltins(`export * from ${JSON.stringify(entry.id)}\n`, consumer.dir, Object.keys(entry.peerDependencies))
    const { status, note } = judge('neutral', entry.id, r.ok)
    if (status === 'ok') passed++
    else if (status === 'known') known++
    else failed++
    console.log(`  ${status.padEnd(5)} ${entry.id}: ${r.detail}${note ? ` (${note})` : ''}`)
  }
  const control = entries.find((e) => e.id === CONTROL_ENTRY)
  const r = control ? await bundleWithoutNodeBuiltins(`export * from ${JSON.stringify(control.id)}\n`, consumer.dir, []) : { ok: true, detail: 'control entry missing' }
  const caught = !r.ok && /Node built-in "node:crypto"/.test(r.detail)
  if (caught) passed++
  else failed++
  console.log(`  ${caught ? 'ok   ' : 'FAIL '} control ${CONTROL_ENTRY} must be rejected: ${r.detail}`)
  const skipped = entries.filter((e) => e.nodeOnly).map((e) => e.id)
  console.log(`  (Node-only, not bundled: ${skipped.join(', ')})`)
} finally {
  consumer.dispose()
}
finish('neutral-runtime', { passed, failed, known })
