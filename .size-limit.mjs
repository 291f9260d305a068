/**
 * size-limit budgets (minified + gzipped, esbuild bundle with every dependency included) for every
 * entry of every package, from tools/size/budgets.mjs. `pnpm run check:size` runs them after build.
 */
export { default } from './tools/size/config.mjs'
