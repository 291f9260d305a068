import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts', 'src/node.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // Keep `node:crypto` spelled out so a browser bundle of the /node entry fails loudly instead
  // of pulling in a crypto polyfill.
  removeNodeProtocol: false,
})
