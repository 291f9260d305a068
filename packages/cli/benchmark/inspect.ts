/**
 * Inspector cost per frame: `inspectFrame` (decode + layout + payload summary + signature check
 * when a key is given) and text rendering, against the baseline `tryDecodePacket` on the same
 * frame.
 *
 *     cd /work/main && pnpm turbo run build --filter=@bitmesh/cli... && pnpm --filter @bitmesh/cli bench
 */
import { Bench } from 'tinybench'
import { EXPECTED as X } from '@bitmesh/conformance'
import { hexToBytes, tryDecodePacket } from '@bitmesh/wire-format'
import { inspectFrame } from '../src/inspect/inspect-frame.js'
import { renderFrameText } from '../src/inspect/render-text.js'

const signed = hexToBytes(X.MSG_SIGNED)
const compressed = hexToBytes(X.COMP_SIGNED)
const key = hexToBytes(X.SIGNING_PUBLIC)

const bench = new Bench({ time: 1500, warmupTime: 300 })
bench
  .add('baseline: tryDecodePacket (96-byte signed message)', () => tryDecodePacket(signed))
  .add('inspectFrame (96-byte signed message, no key)', () => inspectFrame(signed))
  .add('inspectFrame + renderFrameText (no key)', () => renderFrameText(inspectFrame(signed), 'frame'))
  .add('inspectFrame with --key (Ed25519 verify, noble)', () => inspectFrame(signed, { key }))
  .add('inspectFrame (compressed 189-byte message)', () => inspectFrame(compressed))

await bench.run()

const hz = (name: string): number => {
  const task = bench.tasks.find((t) => t.name === name)
  return (task?.result as { throughput?: { mean: number } } | undefined)?.throughput?.mean ?? Number.NaN
}
for (const t of bench.tasks) console.log(`${t.name.padEnd(55)} ${Math.round(hz(t.name)).toLocaleString('en-US').padStart(12)} ops/s`)
const base = hz('baseline: tryDecodePacket (96-byte signed message)')
console.log(`\ninspectFrame / tryDecodePacket: ${(hz('inspectFrame (96-byte signed message, no key)') / base).toFixed(4)}`)
