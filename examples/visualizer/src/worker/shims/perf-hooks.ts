/**
 * Browser stand-in for `node:perf_hooks`, aliased in `vite.config.ts`: the simulator imports
 * `performance` from it only to time the run (`wallS`), and every browser and worker has one.
 * @module
 */

/** The global high-resolution timer. */
export const performance: Performance = globalThis.performance

export default { performance }
