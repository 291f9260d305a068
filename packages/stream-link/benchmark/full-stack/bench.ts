/**
 * Issue #7's figure: a 10 MB file between two Node processes over each socket data plane through
 * the full stack (Noise XX session per link, bitchat `0x20` private files in `noiseEncrypted`
 * packets, FRAGMENT trains to the link MTU, ingress checks), versus raw TCP between the same two
 * processes in the same run. Prints one table per plane: median Mbit/s, ratio to raw TCP, CPU
 * time per side. Targets: ≥ 50 % of raw TCP and ≥ 300 Mbit/s.
 *
 * Run: `pnpm --filter @bitmesh/transport-wifi-direct bench:full-stack` (likewise -hotspot,
 * -multipeer), or `node --import tsx benchmark/full-stack/bench.ts [--plane <name>]… [--rounds N]
 * [--prof <dir>] [--mesh]` from packages/stream-link with `TSX_TSCONFIG_PATH` at the root
 * `tsconfig.check.json` (the scripts set it; workspace packages then load from their sources).
 */
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import { FILE_BYTES, MAX_FRAGMENTS_PER_PACKET, ROUNDS, UNIT_CONTENT_BYTES, WARMUP_ROUNDS } from './constants.js'
import { PLANES, type PlaneName } from './planes.js'
import { runFullStack, type FullStackRun, type TransferResult } from './run.js'
import { fragmentChunkSize } from './secure-channel.js'

/** Issue #7's targets. */
const TARGET_RATIO = 0.5
const TARGET_MBPS = 300

const { values } = parseArgs({
  options: {
    plane: { type: 'string', multiple: true },
    rounds: { type: 'string' },
    prof: { type: 'string' },
    mesh: { type: 'boolean' },
  },
})
const planes = (values.plane ?? [...PLANES]) as PlaneName[]
for (const p of planes) if (!PLANES.includes(p)) throw new RangeError(`unknown plane ${p}; one of ${PLANES.join(', ')}`)
const rounds = values.rounds === undefined ? ROUNDS : Number(values.rounds)

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const mbps = (ms: number): number => (FILE_BYTES * 8) / (ms / 1000) / 1e6

function summarize(rs: TransferResult[]): { mbps: number; senderCpuMs: number; receiverCpuMs: number } {
  return { mbps: median(rs.map((r) => mbps(r.ms))), senderCpuMs: median(rs.map((r) => r.senderCpuMs)), receiverCpuMs: median(rs.map((r) => r.receiverCpuMs)) }
}

const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED')

function report(run: FullStackRun): boolean {
  const raw = summarize(run.rounds.map((r) => r.raw))
  const full = summarize(run.rounds.map((r) => r.full))
  const lean = summarize(run.rounds.map((r) => r.lean!))
  const ratio = full.mbps / raw.mbps
  const leanRatio = lean.mbps / raw.mbps
  const intact = run.rounds.every((r) => r.full.intact && r.lean!.intact && r.mesh?.intact !== false)
  const units = Math.ceil(FILE_BYTES / UNIT_CONTENT_BYTES)
  const fragments = Math.ceil((UNIT_CONTENT_BYTES + 512) / fragmentChunkSize(run.mtu))
  const row = (name: string, s: typeof raw, r: number): string =>
    `| ${name.padEnd(44)} | ${s.mbps.toFixed(0).padStart(6)} | ${r.toFixed(2).padStart(5)} | ${s.senderCpuMs.toFixed(0).padStart(10)} | ${s.receiverCpuMs.toFixed(0).padStart(12)} |`
  console.log(`\n${run.plane}: link MTU ${run.mtu} B; ${units} private files of ≤ ${UNIT_CONTENT_BYTES} B, ≤ ${fragments} fragments each (cap ${MAX_FRAGMENTS_PER_PACKET})`)
  console.log(`| ${'path'.padEnd(44)} | Mbit/s | ratio | sender CPU ms | receiver CPU ms |`)
  console.log(`|${'-'.repeat(46)}|-------:|------:|-----------:|-------------:|`)
  console.log(row('raw TCP, 64 KiB writes', raw, 1))
  console.log(row(`full stack over ${run.plane}`, full, ratio))
  console.log(row(`  same, fragment-header dedup key`, lean, leanRatio))
  if (run.rounds[0]?.mesh != null) {
    const mesh = summarize(run.rounds.map((r) => r.mesh!))
    console.log(row('two mesh nodes, node.sendFile', mesh, mesh.mbps / raw.mbps))
  }
  const drops = [...Object.entries(run.drops.sender), ...Object.entries(run.drops.receiver)]
  console.log(
    `SHA-256 intact: ${intact ? 'all runs' : 'NO'}; drops: ${drops.length === 0 ? 'none' : JSON.stringify(run.drops)}; ` +
      `targets (full stack / lean): ratio ≥ ${TARGET_RATIO} ${verdict(ratio >= TARGET_RATIO)} / ${verdict(leanRatio >= TARGET_RATIO)}, ` +
      `≥ ${TARGET_MBPS} Mbit/s ${verdict(full.mbps >= TARGET_MBPS)} / ${verdict(lean.mbps >= TARGET_MBPS)}`,
  )
  return intact
}

console.log(
  `10 MB (${FILE_BYTES} B) file between two Node processes on loopback, median of ${rounds} runs after ${WARMUP_ROUNDS} warm-up ` +
    `(Node ${process.version}, ${availableParallelism()} CPUs); CPU = user + system of each process during the transfer`,
)
let ok = true
for (const plane of planes) {
  const nodeArgs = values.prof === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${values.prof}/${plane}`]
  const mesh = values.mesh === true && plane === 'wifi-direct'
  ok = report(await runFullStack({ plane, rounds, nodeArgs, mesh })) && ok
}
if (!ok) process.exitCode = 1
