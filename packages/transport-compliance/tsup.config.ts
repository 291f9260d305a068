import { defineConfig } from 'tsup'

export default defineConfig({
  // `memory/index` is a separate entry so runtime users of the reference transport never load vitest.
  entry: { index: 'src/index.ts', 'memory/index': 'src/memory/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  external: ['vitest'],
})
