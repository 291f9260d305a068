/**
 * 1 MiB private file across 3 hops (A – B – C – D, BLE range between neighbours only), in
 * virtual time: BLE only versus BLE plus upgraded links through the transport manager (Wi-Fi
 * Direct A–B, hotspot B–C with B as head, Multipeer C–D; see src/file-line.ts). Prints simulated
 * time to deliver, frames and bytes on the air, energy per node, and the CPU time of each run.
 *
 *   pnpm turbo run build --filter=@bitmesh/simulator... && pnpm --filter @bitmesh/simulator bench:file
 *   options: --seed N, --bytes N, --ble-kbps N (adds a BLE-only row at that rate)
 */
import { nodeCryptoProvider } from '@bitmesh/crypto/node'
import { runFileLine, type FileLineOptions, type FileLineResult } from '@bitmesh/simulator'

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}

const seed = arg('seed', 1)
const bytes = arg('bytes', 1_048_576)
const extraKbps = arg('ble-kbps', 1_000)

const runs: Array<[string, FileLineOptions]> = [
  ['BLE only, 250 kbit/s (scenario default)', { mode: 'ble', bleKbps: 250 }],
  [`BLE only, ${extraKbps} kbit/s`, { mode: 'ble', bleKbps: extraKbps }],
  ['BLE 250 kbit/s + upgraded links', { mode: 'upgraded', bleKbps: 250 }],
]

const rows: Array<{ label: string; r: FileLineResult; cpuMs: number }> = []
for (const [label, options] of runs) {
  const cpu = process.cpuUsage()
  const r = await runFileLine({ ...options, fileBytes: bytes, seed, crypto: nodeCryptoProvider, timeoutMs: 300_000 })
  const used = process.cpuUsage(cpu)
  rows.push({ label, r, cpuMs: Math.round((used.user + used.system) / 1000) })
}

const s = (ms: number | null) => (ms === null ? 'not delivered' : `${(ms / 1000).toFixed(2)} s`)
const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`
console.log(`\n${bytes} bytes, ${rows[0]!.r.hops} hops, seed ${seed}\n`)
console.log('| run | delivered after | receipt after | BLE frames (bytes) | fast-link frames (bytes) | energy A / B / C / D, mAh | sender fragments | CPU |')
console.log('|---|---|---|---|---|---|---|---|')
for (const { label, r, cpuMs } of rows) {
  const e = r.energyMah.map((v) => v.toFixed(3)).join(' / ')
  console.log(`| ${label} | ${s(r.deliveryMs)} | ${s(r.receiptMs)} | ${r.bleFrames} (${kb(r.bleBytes)}) | ${r.fastFrames} (${kb(r.fastBytes)}) | ${e} | ${r.senderFragments} | ${cpuMs} ms |`)
}
const ble = rows[0]!.r
const fast = rows[2]!.r
if (ble.deliveryMs !== null && fast.deliveryMs !== null) console.log(`\nupgraded / BLE-only delivery time: ${(fast.deliveryMs / ble.deliveryMs).toFixed(4)}`)
