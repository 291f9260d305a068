import v8 from 'node:v8'
import { applyOverrides, builtinScenario, meshStack, simulate } from './src/index.ts'
import { createNodeCryptoProvider } from '@bitmesh/crypto/node'
const s = applyOverrides(builtinScenario('festival-300')!, { durationS: 40 })
const r = await simulate(s, { stack: meshStack(), crypto: createNodeCryptoProvider({ privateKeyCacheEntries: 700 }), onProgress: (p) => { if (p.elapsedS === 39) { (globalThis as any).gc?.(); console.log('heapUsed MB', (process.memoryUsage().heapUsed / 1e6).toFixed(0)); if (process.env.SNAP) console.log(v8.writeHeapSnapshot('/tmp/sim.heapsnapshot')) } } })
console.log(r.metrics.nodes)
