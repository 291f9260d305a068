/**
 * The visualizer's own test config (the root config covers packages/ only). Run with
 * `pnpm --filter @bitmesh/example-visualizer test`. Workspace packages resolve to their sources,
 * as in the root config.
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url))
const packagesDir = here('../../packages/')

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@bitmesh\/crypto\/node$/, replacement: `${packagesDir}crypto/src/node.ts` },
      { find: /^@bitmesh\/([a-z0-9-]+)$/, replacement: `${packagesDir}$1/src/index.ts` },
    ],
  },
  test: {
    name: 'example-visualizer',
    root: here('.'),
    include: ['test/**/*.test.ts'],
    // The browser suite builds the page and runs simulations in Chromium.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
})
