/**
 * Adapter overhead: requests/s through `createAdapterHandler().handleLine` (JSON Lines parse,
 * argument validation, codec call, response serialisation) against the baseline of calling the
 * codec directly on the same bytes; and the big-integer-preserving JSON parser against
 * `JSON.parse` on the same request line.
 *
 *     cd /work/main && pnpm turbo run build --filter=@bitmesh/conformance... && \
 *       pnpm --filter @bitmesh/conformance bench
 */
import { Bench } from 'tinybench'
import { bytesToHex, decodePacket, hexToBytes } from '@bitmesh/wire-format'
import { createAdapterHandler } from '../src/adapter.js'
import { parseJson } from '../src/json.js'
import { EXPECTED as X } from '../src/suites/expected.js'

const handler = createAdapterHandler()
const decodeLine = JSON.stringify({ id: 1, op: 'packet.decode', hex: X.MSG_SIGNED })
const encodeLine = `{"id":2,"op":"packet.encode","packet":{"version":1,"type":2,"ttl":7,"timestamp":72623859790382856,"senderId":"1011121314151617","recipientId":null,"route":null,"payload":"aabbcc","signature":null,"isRsr":false},"padding":false,"compression":"none"}`

const bench = new Bench({ time: 1500, warmupTime: 300 })
bench
  .add('baseline: hexToBytes + decodePacket + bytesToHex(payload)', () => {
    const p = decodePacket(hexToBytes(X.MSG_SIGNED))
    return bytesToHex(p.payload)
  })
  .add('adapter: packet.decode line → response line', () => handler.handleLine(decodeLine))
  .add('adapter: packet.encode line → response line', () => handler.handleLine(encodeLine))
  .add('baseline: JSON.parse(request line)', () => JSON.parse(encodeLine))
  .add('parseJson(request line), exact u64', () => parseJson(encodeLine))

await bench.run()

const hz = (name: string): number => {
  const task = bench.tasks.find((t) => t.name === name)
  return (task?.result as { throughput?: { mean: number } } | undefined)?.throughput?.mean ?? Number.NaN
}
const rows = bench.tasks.map((t) => [t.name, hz(t.name)] as const)
for (const [name, ops] of rows) console.log(`${name.padEnd(60)} ${Math.round(ops).toLocaleString('en-US').padStart(12)} ops/s`)
const base = hz('baseline: hexToBytes + decodePacket + bytesToHex(payload)')
console.log(`\nadapter packet.decode / direct codec call: ${(hz('adapter: packet.decode line → response line') / base).toFixed(3)}`)
console.log(`parseJson / JSON.parse:                    ${(hz('parseJson(request line), exact u64') / hz('baseline: JSON.parse(request line)')).toFixed(3)}`)
