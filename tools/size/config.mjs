/**
 * Turns tools/size/budgets.mjs into size-limit checks. Each entry is bundled by esbuild the way an
 * app bundler would (`import *` of the entry, its dependencies included), minified and gzipped.
 * Node built-ins and the package's peers stay external: they are not shipped in the bundle (and
 * only Node-only entries may use built-ins; tools/runtime-check/neutral-check.mjs enforces that).
 */
import { builtinModules } from 'node:module'
import { relative } from 'node:path'
import { ROOT, listEntries } from '../runtime-check/entries.mjs'
import { BUDGETS, COMBINED } from './budgets.mjs'

const NODE_BUILTINS = ['node:*', ...builtinModules.flatMap((m) => [m, `${m}/*`])]

const entries = new Map(listEntries().map((e) => [e.id, e]))

const checks = []
for (const [id, { limit }] of Object.entries(BUDGETS)) {
  const entry = entries.get(id)
  if (!entry) throw new Error(`tools/size/budgets.mjs names ${id}, which no package exports`)
  checks.push({
    name: id,
    import: { [relative(ROOT, entry.esm)]: '*' },
    limit,
    gzip: true,
    ignore: [...Object.keys(entry.peerDependencies), ...NODE_BUILTINS],
  })
}
for (const { name, path, limit } of COMBINED) checks.push({ name, path, limit, gzip: true })

export default checks
