/**
 * Payload codec benchmarks. Run: `node --import tsx benchmark/payloads.ts` (from
 * packages/wire-format, after `pnpm turbo run build --filter=@bitmesh/wire-format...`).
 * Each group prints ops/s and the ratio to its named baseline, measured in the same run.
 */
import { Bench } from 'tinybench'
import { sha256 } from '@noble/hashes/sha2.js'
import { decodePacket, encodePacket, MessageType, type BitchatPacket } from '../src/packet/index.js'
import {
  FragmentReassembler,
  buildGcsFilter,
  decodeAnnounce,
  decodeGcsFilter,
  encodeAnnounce,
  gcsContains,
  reassembleFragments,
  splitIntoFragments,
} from '../src/payloads/index.js'

function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n)
  let x = seed
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

async function group(title: string, baseline: string, tasks: Record<string, () => unknown>): Promise<void> {
  const bench = new Bench({ time: 600, warmupTime: 150 })
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn)
  await bench.run()
  const base = bench.tasks.find((t) => t.name === baseline)?.result?.throughput.mean ?? Number.NaN
  console.log(`\n${title} (baseline: ${baseline})`)
  for (const t of bench.tasks) {
    const hz = t.result?.throughput.mean ?? Number.NaN
    console.log(`  ${t.name.padEnd(44)} ${Math.round(hz).toLocaleString('en-US').padStart(12)} ops/s   ×${(hz / base).toPrecision(3)}`)
  }
}

// Announce: decode vs JSON.parse of the same fields (the obvious alternative encoding).
const announce = {
  nickname: 'festival-goer',
  noisePublicKey: bytes(32, 1),
  signingPublicKey: bytes(32, 2),
  directNeighbors: [bytes(8, 3), bytes(8, 4), bytes(8, 5)],
  capabilities: 0x0329n,
}
const announceBytes = encodeAnnounce(announce)
const announceJson = JSON.stringify({
  nickname: announce.nickname,
  noisePublicKey: Buffer.from(announce.noisePublicKey).toString('hex'),
  signingPublicKey: Buffer.from(announce.signingPublicKey).toString('hex'),
  directNeighbors: announce.directNeighbors.map((n) => Buffer.from(n).toString('hex')),
  capabilities: '0x329',
})

// GCS: 400 stored packet IDs, the apps' defaults.
const ids = Array.from({ length: 400 }, (_, i) => bytes(16, i + 10))
const filter = buildGcsFilter(ids)
const decoded = decodeGcsFilter(filter)
const exactSet = new Set(ids.map((id) => Buffer.from(id).toString('hex')))
let probe = 0

// Fragments: a 100 KiB file transfer split into 469-byte chunks.
const file: BitchatPacket = {
  version: 2,
  type: MessageType.FILE_TRANSFER,
  ttl: 7,
  timestamp: 1_763_900_000_000n,
  senderId: bytes(8, 7),
  recipientId: null,
  route: null,
  payload: bytes(100 * 1024, 9),
  signature: bytes(64, 8),
  isRsr: false,
}
const fileFrame = encodePacket(file)
const fragmentFrames = splitIntoFragments(fileFrame, { fragmentId: bytes(8, 11) })
const fragmentPackets = fragmentFrames.map((f) => decodePacket(f))
const clock = { now: () => 0 }

await group('announce decode', 'JSON.parse (same fields as JSON)', {
  'JSON.parse (same fields as JSON)': () => JSON.parse(announceJson),
  decodeAnnounce: () => decodeAnnounce(announceBytes),
  encodeAnnounce: () => encodeAnnounce(announce),
})

await group('GCS, 400 IDs, P=7, 400 B', 'sha256 × 400 IDs (hashing floor)', {
  'sha256 × 400 IDs (hashing floor)': () => {
    for (const id of ids) sha256(id)
  },
  buildGcsFilter: () => buildGcsFilter(ids),
  'decodeGcsFilter × 1': () => decodeGcsFilter(filter),
})

await group('GCS membership, per lookup', 'Set<hex>.has (exact set, no hashing)', {
  'Set<hex>.has (exact set, no hashing)': () => exactSet.has(Buffer.from(ids[probe++ % 400]!).toString('hex')),
  'gcsContains (decoded filter)': () => gcsContains(decoded, ids[probe++ % 400]!),
})

await group(`100 KiB file, ${fragmentFrames.length} fragments`, 'copy the 100 KiB frame (memcpy floor)', {
  'copy the 100 KiB frame (memcpy floor)': () => fileFrame.slice(),
  // 'auto' tries DEFLATE on every fragment, as both apps do (482 random bytes pass the entropy test).
  "splitIntoFragments (compression 'auto')": () => splitIntoFragments(fileFrame, { fragmentId: bytes(8, 12) }),
  "splitIntoFragments (compression 'none')": () => splitIntoFragments(fileFrame, { fragmentId: bytes(8, 12), compression: 'none' }),
  'reassembleFragments (decoded packets)': () => reassembleFragments(fragmentPackets),
  'FragmentReassembler.accept × all': () => {
    const r = new FragmentReassembler({ clock })
    let last
    for (const p of fragmentPackets) last = r.accept(p)
    return last
  },
})
