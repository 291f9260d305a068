/**
 * The one tsup configuration every @bitmesh package builds with: ESM + CJS + `.d.ts`, source maps,
 * ES2022. A package's own `tsup.config.ts` names its entries and any override.
 */
import { defineConfig, type Options } from 'tsup'

/** Build options for a library package with the given entries. */
export function libraryConfig(entry: Options['entry'], overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    ...overrides,
  })
}
