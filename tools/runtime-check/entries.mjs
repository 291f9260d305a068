/**
 * Every public entry of every package under packages/, read from each package.json `exports`, and
 * the policy the runtime checks apply to them: which entries are Node-only (allowed to pull
 * `node:*` built-ins) and which known problems are tolerated until their owner fixes them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Repository root (two levels above this file). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const PACKAGES_DIR = join(ROOT, 'packages')

/**
 * Entries that may use Node built-ins, with the reason. Everything else must bundle for a runtime
 * without them (Hermes / React Native, browsers). A Node-only entry is still loaded in Node.
 */
export const NODE_ONLY = {
  '@bitmesh/cli': 'the `bitmesh` command: files, processes, terminal',
  '@bitmesh/conformance': 'the runner spawns adapter processes and reads vector files',
  '@bitmesh/conformance/adapter': 'a stdin/stdout program',
  '@bitmesh/crypto/node': 'the node:crypto provider',
  '@bitmesh/panic-wipe/node': 'file-backed key store, journal and scrubber',
  '@bitmesh/store-forward/sqlite': 'better-sqlite3 backend',
  '@bitmesh/stream-link/node': 'TCP / UDP byte streams over node:net / node:dgram',
  '@bitmesh/transport-compliance': 'the compliance suite is a vitest test kit (its ./memory entry is portable)',
  '@bitmesh/transport-hotspot/node': 'LAN data plane over node:net / node:dgram',
  '@bitmesh/transport-lan/node': 'TCP over node:net, mDNS over node:dgram (multicast-dns)',
  '@bitmesh/transport-multipeer/node': 'LAN emulation over node:net / node:dgram',
  '@bitmesh/transport-wifi-direct/node': 'LAN data plane over node:net / node:dgram',
}

/**
 * Known failures of a check, by check name and entry, with the fix that removes them. A known
 * failure is reported but not counted as failed; if it starts passing, the check fails and asks
 * for the line to be deleted (so the list cannot go stale).
 */
export const KNOWN_ISSUES = {
  node: {
    'cjs @bitmesh/transport-compliance':
      'the test kit imports vitest, which is ESM-only and refuses require(); fix: drop the "require" condition of its "." export (ESM-only test kit, ./memory stays dual) and let tools/publint-all.mjs allow that entry',
  },
  neutral: {},
  browser: {},
}

/**
 * @typedef {object} Entry
 * @property {string} id - Import specifier, e.g. `@bitmesh/crypto/node`.
 * @property {string} pkgName - Package name.
 * @property {string} pkgDir - Absolute package folder.
 * @property {string} dirName - Folder name under packages/.
 * @property {string} subpath - Export key, e.g. `.` or `./node`.
 * @property {string} esm - Absolute path of the ESM file.
 * @property {string} cjs - Absolute path of the CJS file.
 * @property {boolean} nodeOnly - Listed in {@link NODE_ONLY}.
 * @property {Record<string, string>} peerDependencies - The package's peers (left external when bundling).
 */

/**
 * Packages under packages/ with a package.json.
 * @returns {{ name: string, dir: string, dirName: string, json: any }[]}
 */
export function listPackages() {
  const out = []
  for (const dirName of readdirSync(PACKAGES_DIR).sort()) {
    const file = join(PACKAGES_DIR, dirName, 'package.json')
    if (!existsSync(file)) continue
    const json = JSON.parse(readFileSync(file, 'utf8'))
    out.push({ name: json.name, dir: join(PACKAGES_DIR, dirName), dirName, json })
  }
  return out
}

/**
 * Every JavaScript entry (export keys whose target has `import` and `require` conditions).
 * @returns {Entry[]}
 */
export function listEntries() {
  const entries = []
  for (const pkg of listPackages()) {
    for (const [subpath, target] of Object.entries(pkg.json.exports ?? {})) {
      if (typeof target !== 'object' || target === null) continue // ./package.json, data files
      const esm = target.import?.default
      const cjs = target.require?.default
      if (typeof esm !== 'string' || typeof cjs !== 'string') continue
      const id = subpath === '.' ? pkg.name : `${pkg.name}${subpath.slice(1)}`
      entries.push({
        id,
        pkgName: pkg.name,
        pkgDir: pkg.dir,
        dirName: pkg.dirName,
        subpath,
        esm: join(pkg.dir, esm),
        cjs: join(pkg.dir, cjs),
        nodeOnly: Object.hasOwn(NODE_ONLY, id),
        peerDependencies: pkg.json.peerDependencies ?? {},
      })
    }
  }
  return entries
}

/**
 * Judge one result against {@link KNOWN_ISSUES}.
 * @param {keyof typeof KNOWN_ISSUES} check - Check name.
 * @param {string} key - Entry key within the check.
 * @param {boolean} ok - Whether it passed.
 * @returns {{ status: 'ok' | 'FAIL' | 'known', note: string }} `known` is a tolerated failure; a
 *   known issue that now passes is a FAIL so its line gets deleted.
 */
export function judge(check, key, ok) {
  const known = KNOWN_ISSUES[check]?.[key]
  if (known === undefined) return { status: ok ? 'ok' : 'FAIL', note: '' }
  if (ok) return { status: 'FAIL', note: `passes now: delete its KNOWN_ISSUES.${check} line in tools/runtime-check/entries.mjs` }
  return { status: 'known', note: `known issue: ${known}` }
}

/**
 * Print a per-check summary in the pipeline's format and exit with its status.
 * @param {string} name - Check name, one word (the pipeline reads `name: N passed, M failed`).
 * @param {{ passed: number, failed: number, known?: number }} counts
 */
export function finish(name, { passed, failed, known = 0 }) {
  const extra = known > 0 ? ` (${known} known issue${known === 1 ? '' : 's'} not counted)` : ''
  console.log(`${name}: ${passed} passed, ${failed} failed${extra}`)
  process.exit(failed === 0 ? 0 : 1)
}
