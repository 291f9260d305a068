/**
 * Bundling for a runtime without Node built-ins (Hermes / React Native): esbuild's `neutral`
 * platform, Metro's resolution order, and every `node:*` or bare built-in import turned into an
 * error that names its importer.
 */
import { builtinModules } from 'node:module'
import { build } from 'esbuild'
import { ROOT } from './entries.mjs'

const builtins = new Set(builtinModules.flatMap((name) => [name, name.replace(/^node:/, '')]))

/**
 * Whether an import specifier names a Node built-in (`node:fs`, `fs`, `fs/promises`, …).
 * @param {string} specifier
 * @returns {boolean}
 */
export function isNodeBuiltin(specifier) {
  return specifier.startsWith('node:') || builtins.has(specifier) || builtins.has(specifier.split('/')[0] ?? '')
}

/** esbuild plugin: any Node built-in is a build error naming the importer. */
export const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point' || !isNodeBuiltin(args.path)) return undefined
      const importer = args.importer.startsWith(ROOT) ? args.importer.slice(ROOT.length) : args.importer
      return { errors: [{ text: `Node built-in "${args.path}" imported by ${importer}` }] }
    })
  },
}

/**
 * Bundle a module (its dependencies included) with Node built-ins forbidden.
 * @param {string} source - Entry module source, e.g. `export * from '@bitmesh/noise'`.
 * @param {string} resolveDir - Folder bare imports resolve from.
 * @param {string[]} external - Specifiers left to the app (its React Native native modules).
 * @returns {Promise<{ ok: boolean, detail: string }>}
 */
export async function bundleWithoutNodeBuiltins(source, resolveDir, external) {
  try {
    const result = await build({
      stdin: { contents: source, resolveDir, sourcefile: 'app.js' },
      bundle: true,
      write: false,
      platform: 'neutral',
      format: 'esm',
      target: 'es2020',
      // Metro's order: the react-native field and condition first, then browser, then the rest.
      mainFields: ['react-native', 'browser', 'module', 'main'],
      conditions: ['react-native'],
      external,
      plugins: [noNodeBuiltins],
      logLevel: 'silent',
      minify: true,
    })
    const bytes = result.outputFiles.reduce((sum, f) => sum + f.contents.length, 0)
    return { ok: true, detail: `bundles without Node built-ins (${(bytes / 1024).toFixed(1)} KiB minified)` }
  } catch (err) {
    const unique = [...new Set((err.errors ?? []).map((e) => e.text))]
    if (unique.length === 0) return { ok: false, detail: String(err) }
    return { ok: false, detail: unique.slice(0, 4).join('; ') + (unique.length > 4 ? `; … ${unique.length - 4} more` : '') }
  }
}
