// @ts-check
/**
 * TypeDoc configuration of the API reference: every exported entry point of every published
 * package, read from the TypeScript sources and rendered as Markdown into docs/api/ for VitePress.
 * Run from docs/: `pnpm run docs:api`.
 */
import { fileURLToPath } from 'node:url'
import { findEntryPoints } from './typedoc/entry-points.mjs'

const packagesDir = fileURLToPath(new URL('../packages', import.meta.url))

/** @type {Partial<import('typedoc').TypeDocOptions & import('typedoc-plugin-markdown').PluginOptions & { docsRoot: string, sidebar: object }>} */
const config = {
  entryPointStrategy: 'resolve',
  entryPoints: findEntryPoints(packagesDir).map((e) => e.file),
  tsconfig: './typedoc/tsconfig.json',
  plugin: ['typedoc-plugin-markdown', 'typedoc-vitepress-theme', './typedoc/module-names.mjs'],
  out: './api',
  docsRoot: '.',
  readme: 'none',
  name: 'BitMesh API',
  entryFileName: 'index',
  // One page per entry point (not per symbol): ~25 pages instead of ~1 500 keeps `docs:build` fast.
  outputFileStrategy: 'modules',
  excludePrivate: true,
  excludeInternal: true,
  // The sources are type-checked by `pnpm typecheck`; the reference must not fail on a file
  // another engineer is editing.
  skipErrorChecking: true,
  disableGit: true,
  sourceLinkTemplate: 'https://github.com/bitmesh/bitmesh/blob/main/{path}#L{line}',
  hideBreadcrumbs: false,
  useCodeBlocks: true,
  parametersFormat: 'table',
  sidebar: { autoConfiguration: true, pretty: true, collapsed: true },
  logLevel: 'Warn',
  validation: { notExported: false, invalidLink: true, notDocumented: false },
}

export default config
