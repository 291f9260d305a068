/**
 * Vite config of the visualizer. Workspace packages resolve to their TypeScript sources (no build
 * step), and two Node-only imports in the simulator's graph get browser stand-ins:
 *
 * - `node:perf_hooks` (simulator `simulate.ts`, for `performance`) → `src/worker/shims/perf-hooks.ts`
 * - `@bitmesh/crypto/node` (simulator `run.ts`, its Node default provider; pulls `node:crypto`)
 *   → `src/worker/shims/crypto-node.ts` (returns the portable noble provider)
 *
 * The Node globals it uses at run time (`setImmediate`, `process.resourceUsage`) are installed by
 * the worker itself (`src/worker/shims/node-globals.ts`).
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url))
const packagesDir = here('../../packages/')

export default defineConfig({
  // Relative asset URLs: the built page works from any folder or static server.
  base: './',
  resolve: {
    alias: [
      { find: /^@bitmesh\/crypto\/node$/, replacement: here('src/worker/shims/crypto-node.ts') },
      { find: /^(node:)?perf_hooks$/, replacement: here('src/worker/shims/perf-hooks.ts') },
      { find: /^@bitmesh\/([a-z0-9-]+)$/, replacement: `${packagesDir}$1/src/index.ts` },
    ],
  },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // The worker carries the whole mesh stack and the noble crypto (~200 kB gzipped): expected.
    chunkSizeWarningLimit: 2_000,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
})
