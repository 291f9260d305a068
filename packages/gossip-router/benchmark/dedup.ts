/**
 * Dedup benchmark: lookups per second on 16-byte keys (the §2.7.1 packet ID) for
 *  - baseline `Set<string>` of 32-char hex keys (what `@bitmesh/mesh` does today), with the hex
 *    string precomputed (pure lookup) and with the hex conversion counted;
 *  - `ExactDedup` (bitchat iOS's 1 000 keys / 300 s);
 *  - `WindowedBloomDedup` sized for 1 000 000 keys at 10⁻⁶;
 *  - `bloom-filters` 3.0.4 (`BloomFilter.create(1e6, 1e-6)`, string keys), to decide own vs package.
 * Plus `checkAndAdd` cycles (the receive path) and memory for 1 000 000 keys at 10⁻⁶.
 * Run: `pnpm bench` in packages/gossip-router (build deps first: `pnpm turbo run build
 * --filter=@bitmesh/gossip-router...`).
 */
import { createRequire } from 'node:module'
import { bytesToHex } from '@bitmesh/wire-format'
import { ExactDedup, WindowedBloomDedup } from '../src/index.js'
import { group, keyStream, printMachine } from './harness.js'

const require = createRequire(new URL('./thirdparty/package.json', import.meta.url))
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const { BloomFilter: PkgBloom } = require('bloom-filters') as { BloomFilter: { create(n: number, p: number): { add(x: string): void; has(x: string): boolean } } }

const BATCH = 1000
const N_BLOOM = 1_000_000
const FP = 1e-6

function heapBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

async function main(): Promise<void> {
  printMachine()
  const next = keyStream(1)
  const present = Array.from({ length: BATCH }, () => next(16))
  const absent = Array.from({ length: BATCH }, () => next(16))
  const presentHex = present.map(bytesToHex)
  const absentHex = absent.map(bytesToHex)

  // Baseline and exact registry hold the same 1 000 keys.
  const set = new Set<string>(presentHex)
  const exact = new ExactDedup()
  for (const k of present) exact.add(k, 0)

  // Bloom structures at design load: 1 000 000 keys.
  const fill = keyStream(2)
  let before = heapBytes()
  const windowed = new WindowedBloomDedup({ windowMs: 300_000, capacity: N_BLOOM, falsePositiveRate: FP, generations: 4 })
  for (let g = 0; g < 4; g++) for (let i = 0; i < N_BLOOM / 4 - 1; i++) windowed.add(fill(16), g * windowed.spanMs)
  for (const k of present) windowed.add(k, 3 * windowed.spanMs)
  const windowedHeap = heapBytes() - before
  const now = 3 * windowed.spanMs
  before = heapBytes()
  const pkg = PkgBloom.create(N_BLOOM, FP)
  const fill2 = keyStream(3)
  for (let i = 0; i < N_BLOOM - BATCH; i++) pkg.add(bytesToHex(fill2(16)))
  for (const h of presentHex) pkg.add(h)
  const pkgHeap = heapBytes() - before
  before = heapBytes()
  const bigSet = new Set<string>()
  const fill3 = keyStream(4)
  for (let i = 0; i < N_BLOOM; i++) bigSet.add(bytesToHex(fill3(16)))
  const setHeap = heapBytes() - before
  bigSet.clear()

  const stats = windowed.stats(now)
  console.log(`\nMemory for ${N_BLOOM.toLocaleString('en')} keys at ${FP}:`)
  console.log(`  WindowedBloomDedup (G=4)   ${(windowed.memoryBytes / 1e6).toFixed(2)} MB of bit arrays (${((windowed.memoryBytes * 8) / N_BLOOM).toFixed(1)} bits/key), heap Δ ${(windowedHeap / 1e6).toFixed(2)} MB; k=${stats.hashes}, est. FP now ${stats.estimatedFalsePositiveRate.toExponential(2)}`)
  console.log(`  bloom-filters BloomFilter  heap Δ ${(pkgHeap / 1e6).toFixed(2)} MB (single filter, no time window)`)
  console.log(`  Set<string> (hex keys)     heap Δ ${(setHeap / 1e6).toFixed(2)} MB`)
  console.log(`  ExactDedup (1 000 keys)    ${(exact.memoryBytes / 1e3).toFixed(1)} kB preallocated`)

  let sink = 0
  await group(
    'Lookup, key present (hit)',
    {
      'Set<string>.has (hex precomputed)': () => {
        for (let i = 0; i < BATCH; i++) if (set.has(presentHex[i]!)) sink++
      },
      'Set<string>.has (hex computed per lookup)': () => {
        for (let i = 0; i < BATCH; i++) if (set.has(bytesToHex(present[i]!))) sink++
      },
      'ExactDedup.has': () => {
        for (let i = 0; i < BATCH; i++) if (exact.has(present[i]!, 1)) sink++
      },
      'WindowedBloomDedup.has (1M keys, 1e-6)': () => {
        for (let i = 0; i < BATCH; i++) if (windowed.has(present[i]!, now)) sink++
      },
      'bloom-filters BloomFilter.has (1M, 1e-6, hex)': () => {
        for (let i = 0; i < BATCH; i++) if (pkg.has(presentHex[i]!)) sink++
      },
    },
    BATCH,
  )
  await group(
    'Lookup, key absent (miss)',
    {
      'Set<string>.has (hex precomputed)': () => {
        for (let i = 0; i < BATCH; i++) if (set.has(absentHex[i]!)) sink++
      },
      'ExactDedup.has': () => {
        for (let i = 0; i < BATCH; i++) if (exact.has(absent[i]!, 1)) sink++
      },
      'WindowedBloomDedup.has (1M keys, 1e-6)': () => {
        for (let i = 0; i < BATCH; i++) if (windowed.has(absent[i]!, now)) sink++
      },
      'bloom-filters BloomFilter.has (1M, 1e-6, hex)': () => {
        for (let i = 0; i < BATCH; i++) if (pkg.has(absentHex[i]!)) sink++
      },
    },
    BATCH,
  )
  // Receive path on a stream of fresh keys (each new key is inserted, evicting the oldest).
  const stream = Array.from({ length: 65_536 }, () => next(16))
  const streamHex = stream.map(bytesToHex)
  let s1 = 0
  let s2 = 0
  let s3 = 0
  let t = 0
  const ring = new Set<string>()
  const exact2 = new ExactDedup()
  const win2 = new WindowedBloomDedup({ windowMs: 300_000, capacity: N_BLOOM, falsePositiveRate: FP })
  await group(
    'checkAndAdd on new keys (receive path)',
    {
      'Set<string> check+add+evict (hex precomputed)': () => {
        for (let i = 0; i < BATCH; i++) {
          const h = streamHex[s1++ & 65_535]!
          if (!ring.has(h)) {
            ring.add(h)
            if (ring.size > 1000) ring.delete(ring.values().next().value as string)
          }
        }
      },
      'ExactDedup.checkAndAdd': () => {
        for (let i = 0; i < BATCH; i++) if (exact2.checkAndAdd(stream[s2++ & 65_535]!, t++)) sink++
      },
      'WindowedBloomDedup.checkAndAdd': () => {
        for (let i = 0; i < BATCH; i++) if (win2.checkAndAdd(stream[s3++ & 65_535]!, t++)) sink++
      },
    },
    BATCH,
  )
  if (sink === -1) console.log(sink)
}

await main()
