/**
 * Child process of node-check.mjs: loads every entry in one module system (`esm`: `import()`,
 * `cjs`: `require()`) from the consumer folder, runs its probe, and prints one JSON line per entry.
 * One process per module system, so a CJS run never reuses modules an ESM import already loaded.
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { listEntries } from './entries.mjs'
import { PROBES } from './probes.mjs'

const [mode, consumerDir] = process.argv.slice(2)
if ((mode !== 'esm' && mode !== 'cjs') || !consumerDir) {
  console.error('usage: node node-runner.mjs <esm|cjs> <consumer-dir>')
  process.exit(2)
}

// `import()` resolves from the importing file, so the loader must live in the consumer folder.
const loaderFile = join(consumerDir, 'load.mjs')
writeFileSync(loaderFile, 'export const load = (id) => import(id)\n')
const esmLoad = (await import(pathToFileURL(loaderFile).href)).load
const consumerRequire = createRequire(join(consumerDir, 'package.json'))
const load = mode === 'esm' ? esmLoad : async (id) => consumerRequire(id)

const ADAPTER_REQUEST = '{"id":1,"op":"packet.decode","hex":"01020700000000000000000000031011121314151617aabbcc"}\n'

/** Run a program entry (it starts on import) with one request on stdin. */
function stdioProbe(id) {
  const code = mode === 'esm' ? `import(${JSON.stringify(id)})` : `require(${JSON.stringify(id)})`
  const child = spawnSync(process.execPath, ['-e', code], { cwd: consumerDir, input: ADAPTER_REQUEST, encoding: 'utf8', timeout: 20_000 })
  if (child.status !== 0) throw new Error(`exit ${child.status}: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`)
  const response = JSON.parse(child.stdout.trim().split('\n')[0] ?? '')
  if (response.ok !== true || response.result?.packet?.ttl !== 7) throw new Error(`unexpected response ${child.stdout.trim()}`)
  return 'adapter answers packet.decode on stdin'
}

for (const entry of listEntries()) {
  const probe = PROBES[entry.id]
  let result
  try {
    if (probe === undefined) throw new Error('no probe: add one to tools/runtime-check/probes.mjs')
    if (probe === 'stdio') {
      result = { ok: true, detail: stdioProbe(entry.id) }
    } else {
      const mod = await load(entry.id)
      result = { ok: true, detail: await probe(mod, load) }
    }
  } catch (err) {
    result = { ok: false, detail: err instanceof Error ? err.message.split('\n').filter(Boolean).slice(0, 4).join(' ') : String(err) }
  }
  process.stdout.write(`${JSON.stringify({ id: entry.id, mode, ...result })}\n`)
}
